"""A large output written by two processes side by side: the second half by a forked process into a temporary file, appended after."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import threading
from collections.abc import Callable
from typing import IO, TypeVar, cast

from annotator.core.errors import AnnotatorError
from annotator.core.memory import paused_gc

Result = TypeVar("Result")


def can_fork() -> bool:
    """Whether this process may fork a writer: a system that forks, and no thread running that a fork would copy
    half-way (the window's threads, a database driver's): the command line's case."""
    return hasattr(os, "fork") and threading.active_count() == 1


def write_in_two(
    first: Callable[[IO[str]], Result], second: Callable[[IO[str]], Result], handle: IO[str]
) -> tuple[Result, Result]:
    """Run `first` on `handle` here while a forked process runs `second` on a temporary file, then append that
    file: the same text as `first` then `second` on `handle`, in about half the time on two cores.

    Each returns what it counted (the child's is sent back pickled). `second` runs in the forked process: it
    must open what it reads anew (a database connection is not shared across a fork). A failure in either
    raises here, with the child's message; the caller's output is then to be dropped.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as rest:
        handle.flush()  # nothing buffered may be written twice
        status_in, status_out = os.pipe()
        pid = os.fork()
        if pid == 0:  # os._exit: no clean-up of the parent's state (its files, its connections)
            os.close(status_in)
            answer: tuple[str, object]
            try:
                with paused_gc():
                    answer = ("ok", second(rest))
                    rest.flush()
            except BaseException as exc:  # noqa: BLE001 (everything is reported to the parent, which raises it)
                answer = ("error", str(exc) or type(exc).__name__)
            with os.fdopen(status_out, "wb") as status:
                status.write(pickle.dumps(answer))
            os._exit(0 if answer[0] == "ok" else 1)
        os.close(status_out)
        try:
            mine = first(handle)
        finally:
            with os.fdopen(status_in, "rb") as status:
                sent = status.read()
            os.waitpid(pid, 0)
        kind, theirs = pickle.loads(sent) if sent else ("error", "the second half was not written")
        if kind != "ok":
            raise AnnotatorError(str(theirs))
        rest.seek(0)
        shutil.copyfileobj(rest, handle)
        return mine, cast(Result, theirs)  # what `second` returned, pickled and back
