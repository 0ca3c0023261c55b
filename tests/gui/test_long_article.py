"""A long article opens a stretch at a time: the first screens at once, the rest between events, and
the result is the same article, annotations, lanes and counts as reading it whole."""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QColor, QImage

from annotator.core.spans import LiveSpans
from annotator.gui.annotate.article_loader import WHOLE_UP_TO
from annotator.gui.annotate.main_window import MainWindow
from tests.bench import corpus
from tests.gui.conftest import shown_window

# text outside plain ASCII in several paragraphs, so that stretches are cut among them
SPECIAL = [
    "Zelensky said 🇺🇦 that Київ would wait",
    "the reply: «لا» and שָׁלוֹם from Tel Aviv",
    "Łódź cafe\u0301 résumé naïve",
]


def _long_text(rng: random.Random, length: int) -> str:
    body = corpus.make_text(rng, length).split("\n\n")
    for i, extra in enumerate(SPECIAL * 8):
        body.insert(1 + i * len(body) // 24, extra + ".")
    return "\n\n".join(body)


@pytest.fixture
def long_project(project, tmp_path):
    rng = random.Random(7)
    text = _long_text(rng, 6 * WHOLE_UP_TO)
    annotations = corpus.make_annotations(rng, text, 900, analyst="olena")
    # one enclosing span across the first stretch's end, so lanes must carry over
    annotations.append(
        {"id": "long", "analyst": "olena", "label": "quote", "start": 0, "end": 9_000, "text": text[:9_000]}
    )
    source = corpus.write_jsonl(
        tmp_path / "long.jsonl",
        [{"id": "long-article", "title": "A long article", "text": text, "annotations": annotations}],
    )
    project.import_paths([source])
    document_id = next(s.id for s in project.document_summaries() if s.external_id == "long-article")
    return project, document_id, text, len(annotations)


def _shown_text(view) -> str:
    return view.document().toPlainText()


def _colours_on_screen(view, schema) -> set[str]:
    image = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())
    return {
        label.key
        for label in schema
        if bytes((QColor(label.colour).blue(), QColor(label.colour).green(), QColor(label.colour).red(), 255)) in data
    }


def test_the_first_screens_come_first_with_their_highlights_and_the_rest_follows(window, qtbot, long_project):
    project, document_id, text, count = long_project
    window.open_document(document_id)
    view = window.view
    assert 0 < view.shown_to < len(text) and window.loader.loading
    assert len(window.shown) < count
    assert "reading the rest of the article" in window.status_label.text()
    view.viewport().repaint()
    assert _colours_on_screen(view, project.schema), "the first screen is painted without its highlights"
    qtbot.waitUntil(lambda: not window.loader.loading, timeout=10_000)
    # the same as reading it whole
    assert _shown_text(view) == text
    assert len(window.annotations) == count == window.table_model.rowCount()
    assert view.lanes == LiveSpans(project.annotations(document_id)).lanes
    assert [window.table_model.annotation(r).id for r in range(count)] == [a.id for a in window.annotations]
    assert f"{count} annotations in this document" in window.status_label.text()
    assert "reading the rest" not in window.status_label.text()


def test_the_screen_stays_put_while_the_rest_arrives(window, qtbot, long_project):
    project, document_id, text, _ = long_project
    window.open_document(document_id)
    view = window.view
    target = text.index(SPECIAL[0]) + SPECIAL[0].index("Київ")  # after an emoji: UTF-16 and code points differ
    assert target < view.shown_to, "the test wants a paragraph of the first stretch"
    view.select_span(target, target + 9)
    view.ensureCursorVisible()
    scrolled = view.verticalScrollBar().value()
    qtbot.waitUntil(lambda: not window.loader.loading, timeout=10_000)
    assert view.verticalScrollBar().value() == scrolled
    assert view.selected_span() == (target, target + 9)


def test_an_edit_made_before_the_rest_arrives_is_kept_once(window, qtbot, long_project, db_path, settings):
    project, document_id, text, count = long_project
    window.open_document(document_id)
    view = window.view
    start = text.index("Київ")
    view.select_span(start, start + len("Київ"))
    window.tag_selection("actor")
    assert window.loader.loading, "the edit should happen while the article is still arriving"
    qtbot.waitUntil(lambda: not window.loader.loading, timeout=10_000)
    assert len(window.annotations) == count + 1 == window.table_model.rowCount()
    assert len({a.id for a in window.annotations}) == count + 1
    window.undo_stack.undo()
    assert len(window.annotations) == count
    assert f"{count} annotations" in window.status_label.text()


def test_opening_another_article_stops_the_first_from_arriving(window, qtbot, long_project):
    project, document_id, text, _ = long_project
    other = next(s.id for s in project.document_summaries() if s.id != document_id)
    window.open_document(document_id)
    window.open_document(other)
    qtbot.wait(50)
    assert not window.loader.loading
    assert _shown_text(window.view) == project.document(other).text
    assert all(a.document_id == other for a in window.annotations)


def test_find_searches_the_whole_article_while_it_is_arriving(window, long_project):
    project, document_id, text, _ = long_project
    window.open_document(document_id)
    last_words = text[-40:].split()[-3]
    assert text.rindex(last_words) >= window.view.shown_to
    window.find_bar.open()
    window.find_bar.edit.setText(text[text.rindex(last_words) - 30 :][:50])
    window.find_bar.find_next()
    assert window.view.selected_span() is not None
    assert window.view.selected_span()[0] > len(text) - 200


def test_a_window_not_on_screen_gets_the_article_whole(qtbot, long_project):
    project, document_id, text, count = long_project
    window = MainWindow(project)
    qtbot.addWidget(window)
    window.open_document(document_id)
    assert not window.loader.loading and _shown_text(window.view) == text and window.table_model.rowCount() == count


def test_highlights_prepared_ahead_follow_an_edit_far_down_the_article(window, qtbot, long_project):
    from tests.gui.test_highlights import _image, _underlined

    project, document_id, text, _ = long_project
    window.open_document(document_id)
    qtbot.waitUntil(lambda: not window.loader.loading, timeout=10_000)
    view = window.view
    view.prepare_highlights()  # what idle time does: every paragraph's rectangles computed ahead
    start = text.index("Łódź", len(text) // 2)
    end = start + len("Łódź")
    assert not any(a.start < end and start < a.end for a in window.annotations), "the test wants a word nobody tagged"
    colour = QColor(project.schema.get("actor").colour)
    view.select_span(start, end)
    window.tag_selection("actor")
    view.select_span(end + 1, end + 1)
    view.ensureCursorVisible()
    scrollbar = view.verticalScrollBar()  # the word in the middle of the screen, its underlines too
    scrollbar.setValue(scrollbar.value() + view.cursorRect().y() - view.viewport().height() // 2)
    view.viewport().repaint()
    assert _underlined(view, _image(view), view.utf16_map.to_utf16(start) + 1, colour), "the new tag is not drawn"
    window.undo_stack.undo()
    qtbot.waitUntil(
        lambda: not _underlined(view, _image(view), view.utf16_map.to_utf16(start) + 1, colour), timeout=2000
    )


def test_space_pages_down_the_article_and_shift_space_back_up(window, qtbot, long_project):
    from PySide6.QtCore import Qt

    project, document_id, text, _ = long_project
    window.open_document(document_id)
    qtbot.waitUntil(lambda: not window.loader.loading, timeout=10_000)
    scrollbar = window.view.verticalScrollBar()
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert scrollbar.value() == 2 * scrollbar.pageStep() and window.document_id == document_id
    qtbot.keyClick(window.view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert scrollbar.value() == scrollbar.pageStep()
    assert len(window.annotations) == len(project.annotations(document_id)), "a space must not tag or change anything"


def test_ctrl_end_while_the_rest_arrives_goes_to_the_real_end(window, qtbot, long_project):
    from PySide6.QtCore import Qt

    project, document_id, text, _ = long_project
    window.open_document(document_id)
    assert window.loader.loading
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert not window.loader.loading
    assert window.view.textCursor().position() == window.view.utf16_map.to_utf16(len(text))


def test_in_blind_mode_every_stretch_holds_only_the_analysts_own_annotations(qtbot, tmp_path, settings):
    from annotator.services import Project

    rng = random.Random(11)
    text = _long_text(rng, 4 * WHOLE_UP_TO)
    olena = corpus.make_annotations(rng, text, 300, analyst="olena")
    taras = corpus.make_annotations(rng, text, 300, analyst="taras", prefix="t")
    source = corpus.write_jsonl(tmp_path / "two.jsonl", [{"id": "two", "text": text, "annotations": olena + taras}])
    db = tmp_path / "blind.sqlite"
    reviewer = Project.open(db, analyst="rev", settings=settings, reviewer=True)
    reviewer.import_paths([source])
    reviewer.set_blind(True)
    reviewer.close()
    project = Project.open(db, analyst="olena", settings=settings)
    window = shown_window(qtbot, project)
    window.open_document(project.document_ids()[0])
    assert window.loader.loading
    qtbot.waitUntil(lambda: not window.loader.loading, timeout=10_000)
    assert {a.analyst for a in window.annotations} == {"olena"}
    assert window.table_model.rowCount() == len(olena) == len(window.view.lanes)
    window.close()
    project.close()
