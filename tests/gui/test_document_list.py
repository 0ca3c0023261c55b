"""The document list of a large project: a batch at first, more as the user scrolls or jumps."""

from __future__ import annotations

import json

from annotator.gui.annotate.document_list_model import BATCH


def test_a_long_list_loads_in_batches_and_reaches_every_document(window, project, tmp_path, qtbot):
    count = 2 * BATCH + 7
    source = tmp_path / "many.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": f"doc-{i:04d}", "text": f"Article {i} on guarantees for Ukraine."}) + "\n"
            for i in range(count)
        ),
        encoding="utf-8",
    )
    project.import_paths([source])
    model = window.document_model
    assert model.rowCount() == BATCH  # not all of them at once
    last = max(s.id for s in project.document_summaries())
    assert model.row_of(last) == count  # the sample article first, then every imported one
    assert model.rowCount() == count + 1 and not model.canFetchMore()
    window.step_document(+1)  # from the document open to the next one in the list
    assert window.document_id == model.document_id(1)
    list_view = window.document_list
    list_view.scrollToBottom()
    qtbot.waitUntil(lambda: not model.canFetchMore(), timeout=2000)
    assert model.index(count, 0).data() == f"Article {count - 1} on guarantees for Ukraine."


def test_every_column_of_the_list_shows_without_scrolling_sideways(window, qtbot):
    listing = window.document_list
    header = listing.horizontalHeader()
    assert [header.sectionSize(i) > 0 for i in range(5)] == [True] * 5
    assert header.sectionSize(window.document_model.STATUS) >= 70  # "in progress" / "done ✓" fit
    qtbot.waitUntil(lambda: listing.horizontalScrollBar().maximum() == 0, timeout=2000)
