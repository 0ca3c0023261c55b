"""Helpers for the command-line tests: run `python -m annotator` in a subprocess; sample inputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from annotator.core.shipped import seeds_folder

SAMPLE = seeds_folder() / "000_846610f6cf9f79d3.txt"
HEADER = "id\texternal_id\tannotations\tcharacters\ttitle"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def err_lines(self) -> list[str]:
        return self.stderr.splitlines()


class Cli:
    """`python -m annotator ...` with XDG folders under `root`, so the default project lives there."""

    def __init__(self, root: Path):
        self.root = root
        self.config = root / "xdg-config"
        self.data = root / "xdg-data"
        self.config.mkdir(parents=True, exist_ok=True)
        self.data.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(self.config),
            "XDG_DATA_HOME": str(self.data),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONUTF8": "1",
            "LC_ALL": "C.UTF-8",  # English error texts from the C library ("Not a directory")
        }
        self.prefix: list[str] = []  # a command the CLI runs under (tests/read_only_media.py)

    def __call__(self, *args: object, python_flags: tuple[str, ...] = ()) -> Result:
        proc = subprocess.run(
            [*self.prefix, sys.executable, *python_flags, "-m", "annotator", *map(str, args)],
            env=self.env,
            cwd=self.root,
            capture_output=True,
            timeout=60,
        )
        result = Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    def ok(self, *args: object) -> Result:
        result = self(*args)
        assert result.returncode == 0, result.stderr
        return result

    def documents(self, db: Path | str | None = None) -> list[list[str]]:
        """The rows of `annotator documents`, after checking its header."""
        out = self.ok("documents", *(["--db", db] if db is not None else [])).stdout
        lines = out.splitlines()
        assert lines[0] == HEADER
        return [line.split("\t") for line in lines[1:]]


# --- the sample JSONL: CRLF line ends, an emoji before the spans, attributes, notes, a relation

RAW_TEXT = "Kyiv \U0001f600 report\r\nRasmussen said NATO must act.\r\nMore to follow.\r\n"
LF_TEXT = RAW_TEXT.replace("\r\n", "\n")
QUOTE_RAW = "NATO must act.\r\nMore"  # crosses a CRLF
SECOND_TEXT = "A second article about guarantees for Ukraine.\n"
FORMULA_TITLE = '=HYPERLINK("http://example.invalid","click")'
FORMULA_NOTE = "=1+1"


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def jsonl_documents(with_annotations: bool = True) -> list[dict]:
    actor = span(RAW_TEXT, "Rasmussen")
    quote = span(RAW_TEXT, QUOTE_RAW)
    guarantee = span(SECOND_TEXT, "guarantees")
    first = {"id": "doc-crlf", "text": RAW_TEXT, "meta": {"source": "test"}}
    second = {"id": "doc-formula", "title": FORMULA_TITLE, "text": SECOND_TEXT}
    if with_annotations:
        first["annotations"] = [
            {
                "id": "a1",
                "analyst": "olena",
                "label": "actor",
                "start": actor[0],
                "end": actor[1],
                "text": "Rasmussen",
                "attributes": {"kind": "person"},
                "note": "former NATO chief",
            },
            {
                "id": "a2",
                "analyst": "olena",
                "label": "quote",
                "start": quote[0],
                "end": quote[1],
                "text": QUOTE_RAW,
                "attributes": {"mode": "reported"},
                "note": "",
            },
        ]
        first["relations"] = [{"id": "r1", "analyst": "olena", "type": "speaker", "from": "a2", "to": "a1"}]
        second["annotations"] = [
            {
                "id": "g1",
                "analyst": "olena",
                "label": "guarantee_type",
                "start": guarantee[0],
                "end": guarantee[1],
                "attributes": {"type": "other"},
                "note": FORMULA_NOTE,
            },
        ]
    return [first, second]


def write_jsonl(path: Path, documents: list[dict]) -> Path:
    path.write_bytes("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents).encode("utf-8"))
    return path


@dataclass
class Populated:
    cli: Cli
    db: Path | str  # a SQLite file, or the URL of a database on the test server
    jsonl: Path
