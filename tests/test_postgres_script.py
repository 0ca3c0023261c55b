"""scripts/postgres.sh: the test server starts and stops, and a failure to start says why and exits non-zero."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import psycopg

from tests.server_fixtures import SCRIPT, libpq


def run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=120)


def test_a_cluster_starts_answers_and_is_gone_after_stop():
    folder = Path(tempfile.mkdtemp(prefix="annotator-postgres-"))  # in /tmp: the postgres user must reach it
    started = run("start", folder)
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert url.startswith("postgresql+psycopg://annotator@127.0.0.1:") and url.endswith("/postgres")
        with psycopg.connect(libpq(url)) as conn:
            assert conn.execute("SELECT current_setting('server_encoding')").fetchone() == ("UTF8",)
    finally:
        stopped = run("stop", folder)
    assert stopped.returncode == 0 and not folder.exists()


def test_a_cluster_that_cannot_be_made_fails_with_one_clear_line(tmp_path):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    result = run("start", Path(in_the_way) / "cluster")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().startswith("postgres.sh: error: cannot make the cluster's folder")


def test_usage():
    result = run("restart")
    assert result.returncode == 1 and "usage: postgres.sh start|stop DIR" in result.stderr
