"""Where exports write: each file complete or not at all, never through a link or into a pipe or device."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from annotator.core.errors import AnnotatorError

NOT_WRITTEN = "nothing written"


def check_target(out: Path) -> None:
    """Refuse an output path that is a symbolic link, a folder, a pipe or a device.

    A link would be written through (or replaced, losing what it pointed to); a pipe or a
    device would be replaced by a regular file. Only a missing or regular file may be written.
    """
    try:
        info = os.lstat(out)
    except OSError:
        return  # missing (or unreachable: writing it will say why)
    if stat.S_ISLNK(info.st_mode):
        raise AnnotatorError(f"{out}: is a symbolic link; exports never write through or replace links, {NOT_WRITTEN}")
    if stat.S_ISDIR(info.st_mode):
        raise AnnotatorError(f"{out}: is a folder, not a file; {NOT_WRITTEN}")
    if not stat.S_ISREG(info.st_mode):
        raise AnnotatorError(f"{out}: is not a regular file (a pipe, socket or device); {NOT_WRITTEN}")


def output_folder(out: Path) -> Path:
    """The folder of a per-document export, made if missing; a link, or a file in its place, is refused."""
    out = Path(out)
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        out.mkdir(parents=True)
        return out
    if stat.S_ISLNK(info.st_mode):
        raise AnnotatorError(f"{out}: is a symbolic link; exports never write through links, {NOT_WRITTEN}")
    if not stat.S_ISDIR(info.st_mode):
        raise AnnotatorError(f"{out}: is not a folder; this format writes a folder of files, {NOT_WRITTEN}")
    return out


def _temporary_beside(out: Path) -> tuple[int, Path]:
    """A new file in the folder of `out` (created exclusively: a planted file or link there is never opened)."""
    while True:
        part = out.with_name(f".{out.name}.{os.urandom(4).hex()}.part")
        try:
            return os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), part
        except FileExistsError:
            continue
        except OSError as exc:
            # name the file the user asked for, not our temporary one
            raise type(exc)(exc.errno, exc.strerror, str(out)) from exc


@contextmanager
def atomic_output(out: Path) -> Iterator[IO[str]]:
    """A UTF-8 text file written beside `out` and renamed over it only when complete.

    A failed export (a full disk, a cancel) never leaves a truncated file that looks finished,
    and `out` itself is never opened: a link or pipe there is refused (`check_target`).
    """
    out = Path(out)
    check_target(out)
    descriptor, part = _temporary_beside(out)
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
        check_target(out)  # planted while we wrote: still never replaced
        os.replace(part, out)
    except OSError as exc:
        with suppress(OSError):
            part.unlink()
        if exc.filename is None:  # a write failed (a full disk): name the file the user asked for
            raise type(exc)(exc.errno, exc.strerror, str(out)) from exc
        raise
    except BaseException:
        with suppress(OSError):
            part.unlink()
        raise
