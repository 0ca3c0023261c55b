"""Real files of every format to start the mutations from: the interop samples, plus native JSONL, CSV and txt."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annotator import formats
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from tests.cli.helpers import SAMPLE, jsonl_documents

INTEROP = Path(__file__).resolve().parents[1] / "data" / "interop"

# The document the fuzzed project holds before every import (CSV spans refer to it by id).
SEED_ID = "seed"
SEED_TEXT = 'Seed article: Kyiv asked NATO for security guarantees, "now".\nSecond line, with 😀 emoji.\n'


@dataclass(frozen=True)
class Seed:
    """Files written together; `target` is the one mutated, `entry` the one given to the reader."""

    name: str
    files: dict[str, bytes] = field(hash=False)
    target: str
    entry: str
    structure: str | None = None  # "json", "jsonl" or "xml": structure-aware mutations apply too


def _read(relative: str) -> bytes:
    return (INTEROP / relative).read_bytes()


def _one(name: str, data: bytes, structure: str | None = None) -> Seed:
    return Seed(name, {name: data}, name, name, structure)


def _native_jsonl() -> bytes:
    documents = jsonl_documents()
    documents.append(
        {
            "id": "status-doc",
            "title": "With status",
            "text": "Kyiv waits.\n",
            "meta": {"date": "2023-06-16", "n": 3},
            "status": {"olena": "done"},
            "annotations": [
                {
                    "id": "x1",
                    "analyst": "olena",
                    "label": "actor",
                    "start": 0,
                    "end": 4,
                    "text": "Kyiv",
                    "attributes": {"kind": "city", "rank": 1},
                    "note": None,
                }
            ],
            "relations": [],
        }
    )
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents).encode("utf-8")


def _csv() -> bytes:
    rows = [
        ["document_id", "document_title", "analyst", "label", "start", "end", "text", "attributes", "note"],
        [SEED_ID, "Seed article", "olena", "actor", "14", "18", "Kyiv", '{"kind": "city"}', ""],
        [SEED_ID, "Seed article", "olena", "actor", "25", "29", "NATO", "{}", "a note, with a comma"],
        [SEED_ID, "", "taras", "quote", "0", "12", "Seed article", '{"mode": "reported", "n": 2}', "'=1+1"],
        [SEED_ID, "", "taras", "condition", "44", "69", SEED_TEXT[44:69], "", "two\nlines"],
    ]
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _own_export(fmt: str, name: str) -> bytes:
    """A file this application writes (for the shapes the interop samples lack: relations, titles, metadata)."""
    records = []
    for document in jsonl_documents():
        record = DocumentRecord(
            text=document["text"],
            external_id=document["id"],
            title=document.get("title"),
            meta=document.get("meta", {}),
        )
        record.annotations = [
            AnnotationRecord(
                a["label"],
                a["start"],
                a["end"],
                a.get("analyst"),
                a["id"],
                None,
                a.get("attributes", {}),
                a.get("note", ""),
            )
            for a in document.get("annotations", [])
        ]
        record.relations = [
            RelationRecord(r["type"], r["from"], r["to"], r.get("analyst"), r["id"])
            for r in document.get("relations", [])
        ]
        records.append(record)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / name
        formats.get(fmt).write(records, out)
        return out.read_bytes()


def _brat(stem: str, mutate_text: bool = False) -> Seed:
    files = {f"{stem}.ann": _read(f"brat/{stem}.ann"), f"{stem}.txt": _read(f"brat/{stem}.txt")}
    target = f"{stem}.txt" if mutate_text else f"{stem}.ann"
    return Seed(f"{stem}{' (text)' if mutate_text else ''}", files, target, f"{stem}.ann")


def _xmi(name: str, typesystem: str, mutate_typesystem: bool = False) -> Seed:
    ts_name = "TypeSystem.xml" if typesystem.startswith("inception") else typesystem
    files = {name: _read(f"uima_xmi/{name}"), ts_name: _read(f"uima_xmi/{typesystem}")}
    return Seed(
        f"{name}{' (type system)' if mutate_typesystem else ''}",
        files,
        ts_name if mutate_typesystem else name,
        name,
        "xml",
    )


SEEDS: dict[str, list[Seed]] = {
    "txt": [
        _one("article.txt", SAMPLE.read_bytes()),
        _one("news.txt", _read("brat/news-000-introduction.txt")),
        _one("dated.txt", b" date 2023-06-16 09:52 08 June Kyiv, Ukraine\n\nNATO said Kyiv will get guarantees.\r\n"),
    ],
    "jsonl": [_one("native.jsonl", _native_jsonl(), "jsonl")],
    "csv": [_one("spans.csv", _csv())],
    "brat": [
        _brat("news-000-introduction"),
        _brat("news-060-relation_annotation"),
        _brat("news-090-event_structures"),
        _brat("dkpro-document0c-discontinuous"),
        _brat("dkpro-document0c-discontinuous", mutate_text=True),
        _brat("news-060-relation_annotation", mutate_text=True),
    ],
    "conll": [
        _one("spacy.iob", _read("conll/spacy-ner-token-per-line.iob")),
        _one("spacy-conll2003.iob", _read("conll/spacy-ner-token-per-line-conll2003.iob")),
        _one("seqeval.conll", _read("conll/seqeval-ground_truth-conlleval.txt")),
        _one("doccano.conll", _read("doccano/import_sequence_labeling.conll")),
        _one("labelstudio.conll", _read("label_studio/ls-1.23.2-export.conll")),
    ],
    "doccano": [
        _one("export_sequence_labeling.jsonl", _read("doccano/export_sequence_labeling.jsonl"), "jsonl"),
        _one("import_relation_extraction.jsonl", _read("doccano/import_relation_extraction.jsonl"), "jsonl"),
        _one(
            "import_sequence_labeling_with_meta.jsonl",
            _read("doccano/import_sequence_labeling_with_meta.jsonl"),
            "jsonl",
        ),
    ],
    "labelstudio": [
        _one("ls-export.json", _read("label_studio/ls-1.23.2-export.json"), "json"),
        _one("ls-export-min.json", _read("label_studio/ls-1.23.2-export-min.json"), "json"),
        _one("ner_annotations_example.json", _read("label_studio/ner_annotations_example.json"), "json"),
        _one("ner_tasks_with_predictions.json", _read("label_studio/ner_tasks_with_predictions.json"), "json"),
        _one("annotator-export.json", _own_export("labelstudio", "annotator-export.json"), "json"),  # relations, titles
    ],
    "xmi": [
        _xmi("cassis-cas_with_smileys.xmi", "inception-TypeSystem.xml"),
        _xmi("inception-relation_test.xmi", "inception-TypeSystem.xml"),
        _xmi(
            "uimaj-casWithEmojiUnicodeTextAndAnnotations.xmi",
            "uimaj-casWithEmojiUnicodeTextAndAnnotations-typesystem.xml",
        ),
        _xmi(
            "uimaj-casWithEmojiUnicodeTextAndAnnotations.xmi",
            "uimaj-casWithEmojiUnicodeTextAndAnnotations-typesystem.xml",
            True,
        ),
    ],
}


class Workspace:
    """One folder per seed; an example rewrites only the files that differ (type systems stay cached by the XMI reader)."""

    def __init__(self, root: Path):
        self.root = root
        self.written: dict[Path, bytes] = {}

    def put(self, fmt: str, seed: Seed, target_bytes: bytes) -> Path:
        folder = self.root / fmt / seed.name.replace(" ", "_")
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in seed.files.items():
            content = target_bytes if name == seed.target else data
            path = folder / name
            if self.written.get(path) != content:
                path.write_bytes(content)
                self.written[path] = content
        return folder / seed.entry
