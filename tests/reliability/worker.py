"""A worker process for the reliability tests, run with `python worker.py MODE DB ...`.

It works through the services API only (as a window or the command line would) and prints one
line per step *after* the call returned, flushed at once, so a test that kills it knows exactly
what the API had reported as saved:

    ready
    try add DOC LABEL START END NOTE        the call is about to start
    saved add ID DOC LABEL START END NOTE   the call returned: the edit is committed
    try update ID DOC LABEL START END NOTE / saved update ID DOC LABEL START END NOTE
    try delete ID / saved delete ID
    importing / imported DOCUMENTS ANNOTATIONS
    done EDITS

Modes:
    import DB CORPUS [--edits ANALYST SEED]   import a file in one transaction (with --edits, a stream
                                              of edits runs on a second thread meanwhile, as in the GUI)
    edits DB ANALYST SEED [--seconds S] [--count N] [--only-new] [--go FILE] [--until FILE] [--as-window]
                                              a stream of random adds, updates and deletes (of the
                                              analyst's annotations, or only of those it added);
                                              --as-window backs the project up on opening, as the app does
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from pathlib import Path

from annotator.services import Project

LABELS = ("quote", "condition", "actor", "guarantee_type")
_print_lock = threading.Lock()


def say(line: str) -> None:
    with _print_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class EditStream:
    """Random edits of one analyst's annotations; each reported only once the API call returned."""

    def __init__(self, project: Project, seed: int, documents: list[int], adopt: bool = True):
        self.project = project
        self.rng = random.Random(seed)
        self.documents = documents
        self.lengths = {d: len(project.document(d).text) for d in documents}
        self.mine: dict[int, tuple[int, str, int, int, str]] = {}
        for d in documents if adopt else ():  # carry on with what an earlier (killed) run saved
            for a in project.annotations(d, [project.analyst]):
                self.mine[a.id] = (a.document_id, a.label, a.start, a.end, a.note)
        self.count = 0
        self.tag = f"{seed}"

    def _span(self, document: int) -> tuple[int, int]:
        length = self.lengths[document]
        start = self.rng.randrange(0, max(1, length - 20))
        return start, min(length, start + self.rng.randint(1, 18))

    def step(self) -> None:
        self.count += 1
        note = f"n{self.tag}-{self.count}"
        roll = self.rng.random()
        if not self.mine or roll < 0.5:
            document = self.rng.choice(self.documents)
            label = self.rng.choice(LABELS)
            start, end = self._span(document)
            say(f"try add {document} {label} {start} {end} {note}")
            a = self.project.add_annotation(document, label, start, end, note=note, trim=False)
            self.mine[a.id] = (a.document_id, a.label, a.start, a.end, a.note)
            say(f"saved add {a.id} {a.document_id} {a.label} {a.start} {a.end} {a.note}")
        elif roll < 0.8:
            annotation_id = self.rng.choice(sorted(self.mine))
            document = self.mine[annotation_id][0]
            label = self.rng.choice(LABELS)
            start, end = self._span(document)
            say(f"try update {annotation_id} {document} {label} {start} {end} {note}")
            a = self.project.update_annotation(annotation_id, label=label, start=start, end=end, note=note)
            self.mine[a.id] = (a.document_id, a.label, a.start, a.end, a.note)
            say(f"saved update {a.id} {a.document_id} {a.label} {a.start} {a.end} {a.note}")
        else:
            annotation_id = self.rng.choice(sorted(self.mine))
            say(f"try delete {annotation_id}")
            self.project.delete_annotation(annotation_id)
            del self.mine[annotation_id]
            say(f"saved delete {annotation_id}")

    def run(self, seconds: float | None = None, count: int | None = None, until: Path | None = None) -> None:
        deadline = None if seconds is None else time.monotonic() + seconds
        while (deadline is None or time.monotonic() < deadline) and (count is None or self.count < count):
            if until is not None and until.exists():
                break
            self.step()
        say(f"done {self.count}")


def edit_documents(project: Project, limit: int = 20) -> list[int]:
    """The documents the edit stream works on: the first few of the project."""
    return project.document_ids()[:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="worker")
    sub = parser.add_subparsers(dest="mode", required=True)
    imp = sub.add_parser("import")
    imp.add_argument("db")
    imp.add_argument("corpus")
    imp.add_argument("--edits", nargs=2, metavar=("ANALYST", "SEED"))
    ed = sub.add_parser("edits")
    ed.add_argument("db")
    ed.add_argument("analyst")
    ed.add_argument("seed", type=int)
    ed.add_argument("--seconds", type=float)
    ed.add_argument("--count", type=int)
    ed.add_argument(
        "--only-new",
        action="store_true",
        help="touch only annotations this process added (another window edits the rest)",
    )
    ed.add_argument(
        "--go", metavar="FILE", help="after 'ready', wait until FILE exists, then start (to time the first edit)"
    )
    ed.add_argument("--until", metavar="FILE", type=Path, help="stop once FILE exists")
    ed.add_argument("--as-window", action="store_true", help="back the project up after opening it, as the app does")
    args = parser.parse_args(argv)

    if args.mode == "edits":
        project = Project.open(args.db, analyst=args.analyst)
        if args.as_window:
            from annotator.services.backups import make_backup

            make_backup(
                Path(args.db)
            )  # reads the project file while holding it open, as the app's backup on opening does
        stream = EditStream(project, args.seed, edit_documents(project), adopt=not args.only_new)
        say("ready")
        while args.go and not Path(args.go).exists():
            time.sleep(0.0005)
        stream.run(args.seconds, args.count, args.until)
        project.close()
        return 0

    project = Project.open(args.db, analyst="importer")
    editor = None
    if args.edits:
        analyst, seed = args.edits
        other = Project.open(args.db, analyst=analyst)  # a second window on the same file
        stream = EditStream(other, int(seed), edit_documents(other))
        editor = threading.Thread(target=stream.run, daemon=True)
    say("ready")
    if editor is not None:
        editor.start()
    say("importing")
    report = project.import_paths([Path(args.corpus)], format_name="jsonl")
    say(f"imported {report.documents_added} {report.annotations_added}")
    if editor is not None:
        editor.join()  # runs until the test kills the process
    project.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
