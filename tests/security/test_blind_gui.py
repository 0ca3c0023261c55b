"""Blind mode from the window: an analyst's session never shows, exports or counts another analyst's work."""

from __future__ import annotations

import json

from annotator.gui.annotate.main_window import MainWindow
from annotator.services import Project


def setup_blind(db_path, settings):
    olena = Project.open(db_path, analyst="olena", settings=settings)
    olena.import_seeds()
    doc = olena.document_ids()[0]
    text = olena.document(doc).text
    olena.add_annotation(doc, "actor", text.index("Poland"), text.index("Poland") + 6)
    olena.close()
    mykola = Project.open(db_path, analyst="mykola", settings=settings)
    mykola.add_annotation(doc, "actor", text.index("Vilnius"), text.index("Vilnius") + 7, note="secret note")
    mykola.close()
    reviewer = Project.open(db_path, analyst="rev", settings=settings, reviewer=True)
    reviewer.set_blind(True)
    reviewer.close()


def test_export_from_a_blind_window_holds_only_ones_own_work(qtbot, db_path, settings, tmp_path):
    setup_blind(db_path, settings)
    project = Project.open(db_path, analyst="olena", settings=settings)
    window = MainWindow(project)
    qtbot.addWidget(window)
    out = tmp_path / "mine.jsonl"
    with qtbot.waitSignal(window.exchange.finished, timeout=20000):
        window.exchange.start_export("jsonl", out, None)
    [document] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {a["analyst"] for a in document["annotations"]} == {"olena"}
    assert "secret note" not in out.read_text(encoding="utf-8")
    assert "mykola" not in out.read_text(encoding="utf-8")
    project.close()


def test_asking_for_another_set_from_a_blind_window_is_refused(qtbot, db_path, settings, tmp_path):
    setup_blind(db_path, settings)
    project = Project.open(db_path, analyst="olena", settings=settings)
    window = MainWindow(project)
    qtbot.addWidget(window)
    out = tmp_path / "theirs.jsonl"
    with qtbot.waitSignal(window.exchange.finished, timeout=20000) as finished:
        window.exchange.start_export("jsonl", out, ["mykola"])
    assert finished.args[0].startswith("Nothing was changed")
    assert "blind mode" in window.exchange.last_box.text()
    assert not out.exists()
    # the tooltip, the table, the counts and the agreement dialog show nothing of mykola's
    assert all(a.analyst == "olena" for a in window.annotations)
    vilnius = window.view.current_document.text.index("Vilnius")
    assert window.view.tooltip_at(vilnius) == ""
    assert window.review_actions.show_agreement() is None
    project.close()
