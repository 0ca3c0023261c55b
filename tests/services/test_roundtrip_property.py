"""Property: what goes into a project comes out of an export and back in unchanged (native formats)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.offsets import normalize_newlines
from annotator.services import Project
from tests.strategies import spans, texts

LABELS = ["quote", "condition", "actor", "guarantee_type"]


@st.composite
def documents(draw):
    text = draw(texts())
    found = draw(spans(text))
    labels = draw(st.lists(st.sampled_from(LABELS), min_size=len(found), max_size=len(found)))
    notes = draw(
        st.lists(st.sampled_from(["", "=SUM(A1)", "line\nbreak", "ok 😀"]), min_size=len(found), max_size=len(found))
    )
    return text, [(s, e, lb, note) for (s, e), lb, note in zip(found, labels, notes, strict=True)]


def covered(text, start, end):
    """What a span of the raw text covers once CRLF became LF (a CR it ends on is dropped)."""
    if 0 < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
        end -= 1
    return normalize_newlines(text[start:end])[0]


def spans_of(project):
    out = []
    for document_id in project.document_ids():
        text = project.document(document_id).text
        out.append(
            sorted(
                (a.label, text[a.start : a.end], a.start, a.end, a.note, a.analyst)
                for a in project.annotations(document_id)
            )
        )
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents(), via=st.sampled_from(["jsonl", "csv"]))
def test_native_export_and_reimport_keeps_every_span(tmp_path_factory, document, via):
    tmp = tmp_path_factory.mktemp("rt")
    text, found = document
    source = tmp / "in.jsonl"
    source.write_text(
        json.dumps(
            {
                "id": "doc",
                "text": text,
                "annotations": [
                    {"label": lb, "start": s, "end": e, "note": note, "analyst": "olena", "text": text[s:e]}
                    for s, e, lb, note in found
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    first = Project.open(tmp / "a.sqlite", analyst="olena")
    first.import_paths([source])
    stored_text = first.document(first.document_ids()[0]).text
    assert stored_text == normalize_newlines(text)[0]
    before = spans_of(first)
    # every span still covers the characters it covered, less the CR of a CRLF it ended inside
    expected = {(lb, covered(text, s, e)) for s, e, lb, _ in found} - {(lb, "") for lb in LABELS}
    assert {(lb, t) for lb, t, *_ in before[0]} == expected
    first.export(via if via == "jsonl" else "jsonl", tmp / "out.jsonl")
    second = Project.open(tmp / "b.sqlite", analyst="someone-else")
    if via == "csv":
        first.export("csv", tmp / "out.csv")
        texts_only = tmp / "texts.jsonl"
        line = json.loads((tmp / "out.jsonl").read_text(encoding="utf-8"))
        texts_only.write_text(json.dumps({"id": line["id"], "text": line["text"]}) + "\n", encoding="utf-8")
        second.import_paths([texts_only])
        second.import_paths([tmp / "out.csv"])
    else:
        second.import_paths([tmp / "out.jsonl"])
    assert spans_of(second) == before
    first.close()
    second.close()
