"""Where an export or report may write: never over the project, its -wal or -shm, or any other SQLite database; or to a stream."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

from annotator.core.errors import AnnotatorError
from annotator.store.snapshot import is_sqlite_file

# the files SQLite keeps beside a database; overwriting one loses or corrupts commits
_COMPANIONS = ("", "-wal", "-shm", "-journal")
STREAM = "-"  # as an output path: standard output
T = TypeVar("T")


def check_output(out: str | Path, project: str | Path | None) -> None:
    """Refuse `out` if it is the project's file or a companion of it, or an existing SQLite database.

    `project` is the project's location (a path, or a URL that names no file here).
    """
    out = Path(out)
    if project is not None and "://" not in str(project):
        for suffix in _COMPANIONS:
            if _same(out, Path(f"{project}{suffix}")):
                what = "the project file" if not suffix else f"the project's {suffix[1:]} file"
                raise AnnotatorError(
                    f"{out}: is {what}; an export never overwrites it, choose another output (nothing written)"
                )
    for suffix in _COMPANIONS:
        base = (
            Path(str(out).removesuffix(suffix)) if suffix and out.name.endswith(suffix) else out if not suffix else None
        )
        if base is not None and _regular(base) and is_sqlite_file(base):
            what = (
                "a SQLite database (an Annotator project?)"
                if not suffix
                else f"the {suffix[1:]} file of a SQLite database"
            )
            raise AnnotatorError(
                f"{out}: is {what}; an export never overwrites one, choose another output (nothing written)"
            )


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same file on disk (links, case-insensitive systems), or the same name."""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:
        pass  # one of them does not exist (yet): compare names
    return a.resolve() == b.resolve()


def _regular(path: Path) -> bool:
    """An existing regular file (never a pipe: reading its header would wait for a writer)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def to_stream(write: Callable[[Path], T], suffix: str, stream: IO[bytes]) -> T:
    """What `write(path)` writes, copied to `stream` once it is complete; `write`'s result.

    The file is written whole first, so a failed export sends nothing rather than half a file.
    """
    with tempfile.TemporaryDirectory(prefix="annotator-out-") as folder:
        path = Path(folder) / f"out{suffix}"
        result = write(path)
        with open(path, "rb") as handle:
            shutil.copyfileobj(handle, stream)
        stream.flush()
        return result
