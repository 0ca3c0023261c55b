"""Read-only media for tests, binding root too: a read-only bind mount for a command, else immutable or unwritable files.

Tests run as root, for whom chmod changes nothing. A command run through `mount_prefix` sees the
folder through a read-only bind mount in a private mount namespace (`unshare`), exactly as it
would see a CD or a read-only share; `unwritable` makes a folder and its files immutable
(`chattr +i`, which binds root) for code running in the test process itself, or, for another
user, takes away their write permission. Each checks that a write really fails and fails the
test otherwise: a test that would pass for the wrong reason never runs silently.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

MOUNTED_REASON = "it is on read-only media"
UNWRITABLE_REASON = "you may not change the file"
_WRITE_PROBE = "import sys; open(sys.argv[1], 'w')"


def mount_prefix(folder: Path) -> list[str]:
    """A command prefix: what follows it runs with `folder` mounted read-only over itself."""
    return ["unshare", "--mount", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder)]


def _mount_works(folder: Path) -> bool:
    try:
        probe = subprocess.run(
            [*mount_prefix(folder), sys.executable, "-c", _WRITE_PROBE, str(folder / "probe")],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode != 0 and b"Read-only file system" in probe.stderr


@contextmanager
def unwritable(folder: Path) -> Iterator[str]:
    """`folder` and the files in it cannot be written by this process while the block runs; yields the reason Annotator gives."""
    paths = [folder, *folder.iterdir()]
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"cannot make {folder} read-only for root (chattr +i): {done.stderr.strip()}")
        undo = lambda: subprocess.run(["chattr", "-i", *map(str, paths)], check=True)  # noqa: E731
    else:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        undo = lambda: [p.chmod(mode) for p, mode in modes.items()]  # noqa: E731
    try:
        with pytest.raises(OSError):
            (folder / "probe").write_text("x")
        yield UNWRITABLE_REASON
    finally:
        undo()


@contextmanager
def read_only_for(cli, folder: Path) -> Iterator[str]:
    """Run `cli`'s commands with `folder` on read-only media (a real read-only mount where this machine allows
    one, else `unwritable`); yields the reason Annotator gives."""
    if _mount_works(folder):
        cli.prefix = mount_prefix(folder)
        try:
            yield MOUNTED_REASON
        finally:
            cli.prefix = []
    else:
        with unwritable(folder) as reason:
            yield reason
