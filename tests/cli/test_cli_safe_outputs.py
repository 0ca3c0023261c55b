"""Exports and reports never destroy: not the project, not another database, not through a link, not half a file."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys

import pytest

from annotator.services import Project
from tests.cli.helpers import Cli, write_jsonl

ONE_LINE = re.compile(r"annotator: error: [^\n]+\n")


def two_analysts(cli: Cli, tmp_path, db):
    """A project where analysts "=a" and "b" tagged one article (ids and names that look like formulas)."""
    text = "Rasmussen said NATO must act now."
    spans = [{"analyst": who, "label": "actor", "start": 0, "end": 9} for who in ("=a", "b")]
    cli.ok(
        "import",
        write_jsonl(tmp_path / "two.jsonl", [{"id": "=HYPERLINK(1)", "text": text, "annotations": spans}]),
        "--db",
        db,
    )


def assert_refused(result, pattern: str) -> None:
    assert result.returncode == 1
    assert ONE_LINE.fullmatch(result.stderr), result.stderr
    assert re.search(pattern, result.stderr), result.stderr


def test_no_output_overwrites_the_project_its_log_or_another_database(tmp_path):
    cli = Cli(tmp_path)
    db, other = tmp_path / "p.sqlite", tmp_path / "q.sqlite"
    two_analysts(cli, tmp_path, db)
    two_analysts(cli, tmp_path, other)
    before = db.read_bytes(), other.read_bytes()
    attempts = [
        ("export", "--format", "jsonl", "--out", db),
        ("export", "--format", "csv", "--out", tmp_path / "p.sqlite-wal"),
        ("export", "--format", "csv", "--out", tmp_path / "p.sqlite-shm"),
        ("export", "--format", "jsonl", "--out", other),
        ("decisions", "--out", db),
        ("decisions", "--out", other),
        ("agreement", "--analysts", "=a", "b", "--csv", db),
        ("agreement", "--analysts", "=a", "b", "--html", other),
    ]
    for args in attempts:
        result = cli(*args, "--db", db)
        assert_refused(result, r"is (the project file|the project's (wal|shm) file|a SQLite database)")
    assert (db.read_bytes(), other.read_bytes()) == before
    assert not (tmp_path / "p.sqlite-wal").exists() or (tmp_path / "p.sqlite-wal").stat().st_size == 0
    assert len(cli.documents(db)) == 1 and len(cli.documents(other)) == 1


def test_a_link_planted_in_the_txt_folder_is_never_written_through(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    two_analysts(cli, tmp_path, db)
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n", encoding="utf-8")
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "=HYPERLINK(1).txt").symlink_to(outside)
    result = cli("export", "--format", "txt", "--out", folder, "--db", db)
    assert_refused(result, r"=HYPERLINK\(1\)\.txt: is a symbolic link")
    assert outside.read_text(encoding="utf-8") == "precious\n"
    assert (folder / "=HYPERLINK(1).txt").is_symlink()


def test_a_link_to_a_folder_given_as_out_is_refused(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    two_analysts(cli, tmp_path, db)
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "linked").symlink_to(real)
    for fmt in ("txt", "brat", "xmi"):
        result = cli("export", "--format", fmt, "--analyst", "b", "--out", tmp_path / "linked", "--db", db)
        assert_refused(result, r"linked: is a symbolic link")
    assert list(real.iterdir()) == []


def test_a_pipe_or_a_link_given_as_out_is_neither_replaced_nor_followed(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    two_analysts(cli, tmp_path, db)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    outside = tmp_path / "outside.csv"
    outside.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(outside)
    for target, pattern in ((pipe, r"pipe: is not a regular file"), (link, r"link\.csv: is a symbolic link")):
        for args in (
            ("export", "--format", "jsonl", "--out", target),
            ("export", "--format", "doccano", "--analyst", "b", "--out", target),
            ("decisions", "--out", target),
            ("agreement", "--analysts", "=a", "b", "--csv", target),
        ):
            assert_refused(cli(*args, "--db", db), pattern)
    assert pipe.is_fifo() and link.is_symlink()
    assert outside.read_text(encoding="utf-8") == "precious\n"


def test_out_dash_writes_a_single_file_format_to_standard_output(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    two_analysts(cli, tmp_path, db)
    streamed = cli.ok("export", "--format", "jsonl", "--out", "-", "--db", db)
    cli.ok("export", "--format", "jsonl", "--out", tmp_path / "x.jsonl", "--db", db)
    assert streamed.stdout == (tmp_path / "x.jsonl").read_text(encoding="utf-8")
    assert json.loads(streamed.stdout)["id"] == "=HYPERLINK(1)"
    assert streamed.stderr == "exported 1 documents and 2 annotations to standard output\n"
    assert not (tmp_path / "-").exists()
    csv_rows = cli.ok("export", "--format", "csv", "--out", "-", "--db", db).stdout.splitlines()
    assert len(csv_rows) == 3
    folder = cli("export", "--format", "txt", "--out", "-", "--db", db)
    assert_refused(folder, r"the txt format writes a folder of files")
    assert not (tmp_path / "-").exists()


def _limited(limit: int):
    def apply() -> None:  # files may grow to `limit` bytes, then writes fail (EFBIG), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_txt_export_that_runs_out_of_space_leaves_no_file_under_its_final_name(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    long = "Rasmussen said NATO must act. " * 4000  # 120 kB
    cli.ok(
        "import",
        write_jsonl(tmp_path / "a.jsonl", [{"id": "long", "text": long}, {"id": "short", "text": "Short."}]),
        "--db",
        db,
    )
    out = tmp_path / "texts"
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "export", "--format", "txt", "--out", str(out), "--db", str(db)],
        env=cli.env,
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        preexec_fn=_limited(64 * 1024),
    )
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and "Traceback" not in stderr, stderr
    assert re.fullmatch(r"annotator: error: .*long\.txt: File too large\n", stderr), stderr
    assert sorted(p.name for p in out.iterdir()) in ([], ["short.txt"])  # never a truncated long.txt
    assert len(cli.documents(db)) == 2


def test_decision_and_agreement_csvs_neutralise_formula_cells(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    two_analysts(cli, tmp_path, db)
    project = Project.open(db, analyst="@reviewer", reviewer=True)
    try:
        document = project.document_ids()[0]
        pair = project.review.compare(document, "=a", "b")[0]
        project.review.decide(document, pair, "take_a", rationale="-2+3 said the source")
    finally:
        project.close()
    cli.ok("decisions", "--out", tmp_path / "d.csv", "--db", db)
    cli.ok("agreement", "--analysts", "=a", "b", "--csv", tmp_path / "a.csv", "--db", db)
    decisions = (tmp_path / "d.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in decisions and "'@reviewer" in decisions and "'-2+3 said the source" in decisions
    agreement = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in agreement
    cells = [cell for line in (decisions + agreement).splitlines() for cell in line.split(",")]
    assert not [cell for cell in cells if re.match(r"[=+@\t\r]", cell)], cells


def test_decisions_out_dash_writes_the_log_to_standard_output(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    two_analysts(cli, tmp_path, db)
    result = cli.ok("decisions", "--out", "-", "--db", db)
    assert result.stdout.splitlines()[0].startswith("decision_id,document_id,reviewer")
    assert result.stderr == "wrote 0 decisions to standard output\n" and not (tmp_path / "-").exists()


def test_agreement_tables_go_to_standard_output_with_the_summary_on_stderr(cli, tmp_path):
    db = tmp_path / "pair.sqlite"
    records = [
        {
            "id": "d1",
            "text": "Poland and NATO agreed.",
            "annotations": [
                {"analyst": "olena", "label": "actor", "start": 0, "end": 6},
                {"analyst": "mykola", "label": "actor", "start": 0, "end": 6},
            ],
        }
    ]
    source = tmp_path / "pair.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    cli.ok("import", source, "--db", db)
    done = cli.ok("agreement", "--analysts", "olena", "mykola", "--csv", "-", "--db", db)
    assert done.stdout.startswith("scope,label,count_a")
    assert "overall" in done.stderr and not (tmp_path / "-").exists()
    both = cli("agreement", "--analysts", "olena", "mykola", "--csv", "-", "--html", "-", "--db", db)
    assert both.returncode == 1 and both.err_lines == [
        "annotator: error: --csv - and --html - cannot both go to standard output"
    ]
