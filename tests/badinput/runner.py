"""Run `annotator` in a subprocess and measure it: exit status, output, and the child's own peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from tests.cli.helpers import Cli


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float  # peak resident memory of the annotator process alone

    @property
    def err_lines(self) -> list[str]:
        return self.stderr.splitlines()


def run(cli: Cli, *args: object, timeout: float = 120) -> Run:
    """`python -m annotator ARGS`, waited for with wait4() so that its rusage is its own, not a sum over children."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "annotator", *map(str, args)],
            env=cli.env,
            cwd=cli.root,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9  # reaped here: keep Popen from waiting again
                raise AssertionError(f"annotator {' '.join(map(str, args))} did not finish within {timeout} s (hangs?)")
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Run(
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_maxrss / 1024,
        )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result
