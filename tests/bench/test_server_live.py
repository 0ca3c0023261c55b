"""Live refresh on a server project: how long a commit takes to reach a window in another process (issue 15: ≤ 200 ms median).

A listener process opens the project as the window does (`Project.listen`), waits on the socket in `select` as the
event loop does, and prints when `changed_elsewhere` says so; this process commits one edit at a time and waits
for the line. The subject is the time from the start of the edit (its commit included) to the other process
hearing it; the baseline, in the same rounds, is the edit alone.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bench.conftest import record
from tests.server_fixtures import create_database, drop_database

pytestmark = pytest.mark.bench

EDITS = 40
LISTENER = """
import select, sys, time
from annotator.services import Project
project = Project.open(sys.argv[1], analyst="viewer")
project.listen()
print("ready", flush=True)
while True:
    select.select([project.notice_socket()], [], [], 5.0)
    if project.changed_elsewhere():
        print(f"heard {time.monotonic()!r}", flush=True)
"""


@pytest.mark.timeout(600)
def test_server_refresh_notice_reaches_another_process(bench, postgres_server, postgres_template):
    from annotator.services import Project
    from annotator.services.user_settings import UserSettings

    url = create_database(postgres_server, postgres_template)
    folder = bench.root / "server-live"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text("A short article for the live refresh: a bridge, a mayor, a minister. " * 4, encoding="utf-8")
    writer = Project.open(url, analyst="olena", settings=UserSettings(folder / "settings.json"))
    writer.import_paths([article], format_name="txt")
    document = writer.document_ids()[0]
    listener = subprocess.Popen(
        [sys.executable, "-c", LISTENER, url],
        stdout=subprocess.PIPE,
        text=True,
        env=bench.env,
        cwd=Path(__file__).resolve().parents[2],
    )
    latencies, edits = [], []
    try:
        assert listener.stdout is not None
        assert listener.stdout.readline().strip() == "ready"
        for i in range(EDITS + 2):
            began = time.monotonic()
            writer.add_annotation(document, "actor", i, i + 1, trim=False)
            saved = time.monotonic()
            heard = float(listener.stdout.readline().split()[1])
            if i >= 2:  # the first two warm the connections up
                latencies.append(heard - began)
                edits.append(saved - began)
    finally:
        listener.kill()
        listener.wait()
        writer.close()
        drop_database(postgres_server, url)
    record(
        None,
        "server: a commit heard by a window in another process",
        latencies,
        edits,
        baseline_name="the edit alone (commit included)",
        max_subject=0.2,
        slowest=max(latencies),
    )
