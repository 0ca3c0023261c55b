"""File → Import and Export in the window: off the UI thread, with progress, cancel and problem lists."""

from __future__ import annotations

import json

from annotator.gui.exchange.export_dialog import ExportDialog
from annotator.services.exchange import available_formats


def write_jsonl(path, documents):
    path.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    return path


def run(qtbot, window, start):
    with qtbot.waitSignal(window.exchange.finished, timeout=20000) as finished:
        start()
    return finished.args[0]


def test_import_adds_documents_and_shows_a_summary(window, qtbot, tmp_path):
    path = write_jsonl(
        tmp_path / "more.jsonl",
        [
            {
                "id": "b",
                "text": "Poland offers joint training.",
                "annotations": [{"label": "actor", "start": 0, "end": 6}],
            },
        ],
    )
    message = run(qtbot, window, lambda: window.exchange.start_import([path], None))
    assert message.startswith("Imported 1 file: 1 new document")
    assert window.document_model.rowCount() == 2
    assert window.exchange.last_box.text().startswith("Imported 1 file")


def test_refused_import_lists_every_problem_and_changes_nothing(window, qtbot, tmp_path, project):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "fine"}\n[1, 2]\nnot json\n', encoding="utf-8")
    message = run(qtbot, window, lambda: window.exchange.start_import([path], None))
    assert message.startswith("Nothing was changed: 2 problems")
    details = window.exchange.last_box.detailedText().splitlines()
    assert any(line.startswith(f"{path}:2:") for line in details)
    assert any(line.startswith(f"{path}:3:") for line in details)
    assert project.document_count() == 1


def test_cancelled_import_changes_nothing(window, qtbot, tmp_path, project):
    path = write_jsonl(tmp_path / "many.jsonl", [{"id": f"d{i}", "text": f"text number {i}"} for i in range(50)])

    def start_and_cancel():
        window.exchange.start_import([path], None)
        window.exchange.worker.cancel()

    assert run(qtbot, window, start_and_cancel).startswith("Cancelled")
    assert project.document_count() == 1
    assert window.document_model.rowCount() == 1


def test_export_writes_the_file_and_reports_losses(window, qtbot, tmp_path):
    text = window.view.current_document.text
    start = text.index("Poland")
    window.view.select_span(start, start + 6)
    window.tag_selection("actor")
    window.project.update_annotation(window.selected_id, note="check this")
    out = tmp_path / "out.txt.d"
    message = run(qtbot, window, lambda: window.exchange.start_export("txt", out, None))
    assert message.startswith("Exported 1 documents and 0 annotations")  # txt holds no annotations...
    assert "annotations" in window.exchange.last_box.detailedText()  # ...and says so
    assert len(list(out.glob("*.txt"))) == 1


def test_export_dialog_offers_only_single_sets_for_single_set_formats(qtbot, tmp_path):
    dialog = ExportDialog(available_formats(), ["mykola", "olena"], tmp_path)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("jsonl"))
    assert dialog.analysts is None  # every set by default
    assert dialog.out.suffix == ".jsonl"
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("txt"))
    assert dialog.out.name == "export"  # a folder
    one_set = next((f for f in available_formats() if f.one_set), None)
    if one_set is not None:
        dialog.format_box.setCurrentIndex(dialog.format_box.findData(one_set.name))
        assert [dialog.set_box.itemData(i) for i in range(dialog.set_box.count())] == ["mykola", "olena"]
        assert dialog.analysts == ["mykola"]


def test_export_of_a_set_nobody_made_is_refused_naming_the_analysts(window, qtbot, tmp_path):
    text = window.view.current_document.text
    start = text.index("Poland")
    window.view.select_span(start, start + 6)
    window.tag_selection("actor")
    out = tmp_path / "x.jsonl"
    message = run(qtbot, window, lambda: window.exchange.start_export("jsonl", out, ["olna"]))
    assert message == "Nothing was changed.\nno annotations by olna in this project (analysts: olena)"
    assert not out.exists()


def test_a_blind_export_says_in_the_window_that_it_holds_only_the_analysts_own_work(window, qtbot, tmp_path, project):
    project.reviewer = True
    project.set_blind(True)
    project.reviewer = False
    message = run(qtbot, window, lambda: window.exchange.start_export("jsonl", tmp_path / "x.jsonl", None))
    assert message.splitlines()[1] == "Blind mode: only olena's annotations were exported, and olena has none yet."
