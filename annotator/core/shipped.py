"""Where the files shipped with the app are: resources/ (label schema, icons) and seeds/ (sample articles)."""

from __future__ import annotations

from pathlib import Path

# Every reader of a shipped file asks here, so the three ways the app runs find the same files:
# - from a wheel: setup.py's build step copies the top-level resources/ and seeds/ into the package as
#   annotator/_data/resources and annotator/_data/seeds (package data, not [tool.setuptools.data-files],
#   which would scatter them under the interpreter's prefix where nothing can find them);
# - bundled by PyInstaller: packaging/annotator.spec collects them into the same annotator/_data/;
# - from the source tree (an editable install, tests): there is no _data/, so the folders beside the package.
# Plain paths rather than importlib.resources Traversables: every one of those installs puts the files on disk,
# and a folder (seeds/) can only be turned into a path by importlib.resources.as_file from Python 3.12 on.
_PACKAGE = Path(__file__).resolve().parent.parent
_INSTALLED = _PACKAGE / "_data"
_SOURCE_TREE = _PACKAGE.parent


def _folder(name: str) -> Path:
    for base in (_INSTALLED, _SOURCE_TREE):
        if (base / name).is_dir():
            return base / name
    raise FileNotFoundError(f"{_INSTALLED / name}: the files shipped with Annotator are missing; reinstall it")


def resources_folder() -> Path:
    """The folder of the default label schema, icons and stylesheet."""
    return _folder("resources")


def resource(name: str) -> Path:
    """A file in the resources folder, such as 'schema.json' or 'icon.svg'."""
    return resources_folder() / name


def seeds_folder() -> Path:
    """The folder of the sample articles imported into a new default project."""
    return _folder("seeds")


def docs_folder() -> Path:
    """The folder of the user guide (user-guide.md) and the screenshots it shows."""
    return _folder("docs")
