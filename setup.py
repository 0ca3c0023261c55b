"""Build step that puts the top-level resources/ and seeds/ into the wheel as annotator/_data/.

The project's layout keeps the label schema, icons and sample articles beside the package, not inside it;
an installed app still needs them, so the wheel carries copies as package data where annotator/core/shipped.py
looks first. A build hook rather than [tool.setuptools.data-files] (which installs under the interpreter's
prefix, out of the package's reach) or a package-dir mapping (which cannot be combined with packages.find).
An editable install copies nothing: shipped.py falls back to the folders in the source tree.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("resources", "seeds", "docs")  # docs/: the user guide and its screenshots (Help → User guide)


class BuildPyWithShippedFiles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in SHIPPED:
            target = Path(self.build_lib) / "annotator" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)  # a file removed from the folder leaves no stale copy
            shutil.copytree(
                HERE / name,
                target,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"),
            )


setup(cmdclass={"build_py": BuildPyWithShippedFiles})
