"""Builders shared by the reliability tests: a generated JSONL corpus, worker processes, and checks on the file."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

WORKER = Path(__file__).with_name("worker.py")
ROOT = Path(__file__).resolve().parents[2]
LABELS = ("quote", "condition", "actor", "guarantee_type")
WORDS = (
    "allies security guarantee Kyiv Vilnius summit membership troops munitions training NATO Ukraine "
    "minister said would provide air defence long-term support bilateral agreement partners"
).split()


def write_corpus(path: Path, documents: int, spans: int, *, seed: int = 0, prefix: str = "doc") -> tuple[int, int]:
    """A native JSONL file of `documents` distinct articles with `spans` annotations each; returns the counts."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for n in range(documents):
            words = [f"{prefix}{n:06d}"] + [rng.choice(WORDS) for _ in range(60)]
            text = " ".join(words) + "."
            annotations, taken = [], set()
            while len(annotations) < spans:  # distinct spans: a repeated one would be skipped as already present
                k = len(annotations)
                start = rng.randrange(0, len(text) - 20)
                end = start + rng.randint(1, 18)
                if (LABELS[k % len(LABELS)], start, end) in taken:
                    continue
                taken.add((LABELS[k % len(LABELS)], start, end))
                annotations.append(
                    {"id": f"a{k}", "analyst": "importer", "label": LABELS[k % len(LABELS)], "start": start, "end": end}
                )
            out.write(
                json.dumps(
                    {
                        "id": f"{prefix}-{n:06d}",
                        "text": text,
                        "meta": {"source": "generated"},
                        "annotations": annotations,
                    }
                )
                + "\n"
            )
    return documents, documents * spans


def worker_command(*args: str) -> list[str]:
    return [sys.executable, str(WORKER), *map(str, args)]


class Worker:
    """A worker process writing its report lines to files (a pipe would stall it once full)."""

    running: list[Worker] = []  # killed at the end of each test, whatever happened

    def __init__(
        self, folder: Path, name: str, *args: str, env: dict[str, str] | None = None, command: list[str] | None = None
    ):
        self.out_path, self.err_path = folder / f"{name}.out", folder / f"{name}.err"
        with open(self.out_path, "w") as out, open(self.err_path, "w") as err:
            self.process = subprocess.Popen(
                command or worker_command(*args),
                stdout=out,
                stderr=err,
                cwd=ROOT,
                env={**os.environ, **(env or {})},
            )
        self.started = time.monotonic()
        Worker.running.append(self)

    @property
    def output(self) -> str:
        return self.out_path.read_text()

    @property
    def errors(self) -> str:
        return self.err_path.read_text()

    def has_line(self, prefix: str) -> bool:
        return any(line.startswith(prefix) for line in self.output.split("\n")[:-1])

    def wait_for(self, prefix: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.has_line(prefix):
            if self.process.poll() is not None and not self.has_line(prefix):
                raise AssertionError(
                    f"worker ended (status {self.process.returncode}) before {prefix!r}:\n{self.errors}"
                )
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"no {prefix!r} from the worker within {timeout} s:\n{self.errors}")
            time.sleep(0.005)

    def kill(self) -> None:
        """SIGKILL: no clean-up, no atexit, no flush: the hardest crash short of a power cut."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def finish(self, timeout: float = 120) -> int:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"worker did not finish within {timeout} s:\n{self.errors}") from None


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "annotator", *map(str, args)]


def integrity(db: Path) -> str:
    with sqlite3.connect(db, timeout=30) as conn:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


def counts(db: Path, analyst: str | None = None) -> tuple[int, int]:
    """(documents, annotations [of `analyst`]) in the file, read with plain sqlite3."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        if analyst is None:
            annotations = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
        else:
            annotations = conn.execute(
                "SELECT count(*) FROM annotations a JOIN analysts n ON n.id = a.analyst_id WHERE n.name = ?", (analyst,)
            ).fetchone()[0]
        return documents, annotations
    finally:
        conn.close()


def stored_annotations(db: Path, analyst: str) -> dict[int, tuple]:
    """id -> (document, label, start, end, note) of one analyst's annotations, read with plain sqlite3."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        rows = conn.execute(
            "SELECT a.id, a.document_id, a.label, a.start_offset, a.end_offset, a.note FROM annotations a"
            " JOIN analysts n ON n.id = a.analyst_id WHERE n.name = ?",
            (analyst,),
        ).fetchall()
    finally:
        conn.close()
    return {row[0]: tuple(row[1:]) for row in rows}


@dataclass
class EditLog:
    """What a worker reported: the state its saved edits imply, and the one edit that may have been in flight."""

    saved: dict[int, tuple | None] = field(default_factory=dict)  # id -> values, or None once deleted
    edits: int = 0
    pending: tuple | None = None  # the last "try" line without its "saved" line
    other: list[str] = field(default_factory=list)

    def feed(self, output: str) -> EditLog:
        """Read a worker's stdout; a last line cut by the kill (no newline) is ignored."""
        lines = output.split("\n")
        for line in lines[:-1]:  # the part after the last newline is incomplete (or empty)
            parts = line.split(" ")
            if parts[0] == "try":
                self.pending = tuple(parts[1:])
            elif parts[0] == "saved":
                op, values = parts[1], parts[2:]
                if op == "add":
                    self.saved[int(values[0])] = _values(values[1:])
                elif op == "update":
                    self.saved[int(values[0])] = _values(values[1:])
                elif op == "delete":
                    self.saved[int(values[0])] = None
                self.edits += 1
                self.pending = None
            else:
                self.other.append(line)
        return self


def _values(parts: list[str]) -> tuple:
    document, label, start, end, note = parts
    return int(document), label, int(start), int(end), note


def check_edits(before: dict[int, tuple], log: EditLog, after: dict[int, tuple]) -> list[str]:
    """Problems: a reported edit missing from `after`, or a change nobody reported (beyond the in-flight edit)."""
    expected = dict(before)
    for annotation_id, values in log.saved.items():
        if values is None:
            expected.pop(annotation_id, None)
        else:
            expected[annotation_id] = values
    # the edit in flight when the process died may or may not have committed: either is fine
    allowed = {annotation_id: [values] for annotation_id, values in expected.items()}
    pending = log.pending
    if pending is not None and pending[0] == "add":
        for annotation_id in set(after) - set(expected):
            if after[annotation_id] == _values(list(pending[1:])):
                allowed[annotation_id] = [None, after[annotation_id]]
                break
    elif pending is not None and pending[0] == "update":
        annotation_id = int(pending[1])
        allowed.setdefault(annotation_id, [None]).append(_values(list(pending[2:])))
    elif pending is not None and pending[0] == "delete":
        allowed.setdefault(int(pending[1]), []).append(None)
    problems = []
    for annotation_id in sorted(set(expected) | set(after)):
        got = after.get(annotation_id)
        if got not in allowed.get(annotation_id, [None]):
            problems.append(f"annotation {annotation_id}: reported {expected.get(annotation_id)}, stored {got}")
    return problems


def check_killed_edits(db: Path, worker: Worker, analyst: str, before: dict[int, tuple], point: int) -> int:
    """After killing an edit worker: no traceback, an intact file holding every edit it reported; how many it reported.

    The worker's report files are removed once checked (hundreds of kill points would pile them up).
    """
    assert "Traceback" not in worker.errors, worker.errors
    assert integrity(db) == "ok", f"kill point {point}"
    log = EditLog().feed(worker.output)
    problems = check_edits(before, log, stored_annotations(db, analyst))
    assert not problems, f"kill point {point}:\n" + "\n".join(problems[:20])
    worker.out_path.unlink()
    worker.err_path.unlink()
    return log.edits
