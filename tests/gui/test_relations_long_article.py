"""A long article's Relations list: the article is painted first, the list and the arrows follow in idle time."""

from __future__ import annotations

import json

from annotator.services import Project
from tests.gui.conftest import shown_window

WORDS = "Poland may send troops to Ukraine if the Vilnius summit fails, said Rasmussen. "


def test_a_long_articles_relations_are_listed_after_it_is_painted_and_their_arrows_drawn(
    qtbot, db_path, settings, tmp_path
):
    text = WORDS * 800  # about 64,000 characters: shown a stretch at a time
    spans, relations = [], []
    for n, at in enumerate((0, len(WORDS) * 400, len(WORDS) * 799)):  # at the top, in the middle, at the end
        quote = text.index("Poland may send troops", at)
        actor = text.index("Rasmussen", at)
        spans += [
            {"id": f"q{n}", "analyst": "olena", "label": "quote", "start": quote, "end": quote + 22},
            {"id": f"a{n}", "analyst": "olena", "label": "actor", "start": actor, "end": actor + 9},
        ]
        relations.append({"id": f"r{n}", "analyst": "olena", "type": "speaker", "from": f"q{n}", "to": f"a{n}"})
    source = tmp_path / "long.jsonl"
    line = {"id": "long", "title": "Long", "text": text, "annotations": spans, "relations": relations}
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    project = Project.open(db_path, analyst="olena", settings=settings)
    try:
        project.import_paths([source])
        (document,) = project.document_summaries()
        window = shown_window(qtbot, project)
        window.open_document(document.id)
        panel = window.relations_panel
        assert panel.model.rowCount() == 0  # not yet: the article comes first
        qtbot.waitUntil(lambda: panel.model.rowCount() == 3)  # after its first paint, without anything asked
        assert panel.title.text() == "Relations (3)"
        assert "3 relations (3 yours)" in window.status_label.text()
        quote = next(a for a in project.annotations(document.id) if a.label == "quote")
        window.select_annotation(quote.id)
        assert len(window.editor.relation_lines()) == 1 and "speaker → Rasmussen" in window.editor.relation_lines()[0]
        window.view.viewport().repaint()
        assert [tag for tag, _ in window.view.arrow_tags] == ["speaker"]  # drawn in the article
    finally:
        project.close()
