"""Highlights on screen: drawn under the tagged characters, across lines and paragraphs, and nowhere else."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from annotator.gui.annotate.highlight_geometry import LANE_STEP, LANE_THICKNESS


def _image(view) -> QImage:
    return view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _underlined(view, image: QImage, utf16: int, colour: QColor) -> bool:
    """Whether the label's solid underline is drawn below the character at a Qt position."""
    cursor = view.textCursor()
    cursor.setPosition(utf16)
    left = view.cursorRect(cursor)
    cursor.setPosition(utf16 + 1)
    right = view.cursorRect(cursor)
    x = (left.center().x() + right.center().x()) // 2 if right.top() == left.top() else left.center().x() + 2
    below = range(left.bottom() - 2, left.bottom() + 6 + 3 * LANE_STEP + LANE_THICKNESS)
    return any(QColor(image.pixel(x, y)) == colour for y in below if 0 <= y < image.height())


def _show(window, offset: int) -> None:
    view = window.view
    view.select_span(offset, offset)
    view.ensureCursorVisible()
    view.viewport().repaint()


def test_a_span_across_paragraphs_is_underlined_on_both_sides_and_not_beyond(window):
    project, view = window.project, window.view
    text = view.current_document.text
    gap = text.index("\n\n", 400)  # the sample article's paragraphs are separated by blank lines
    start, end = gap - 12, text.index("Rasmussen", gap) + len("Rasmussen")
    colour = QColor(project.schema.get("quote").colour)
    project.add_annotation(window.document_id, "quote", start, end, trim=False)
    _show(window, start)
    image = _image(view)
    assert _underlined(view, image, start + 1, colour), "no underline under the first tagged characters"
    assert _underlined(view, image, end - 1, colour), (
        "no underline under the last tagged character, in the next paragraph"
    )
    assert not _underlined(view, image, end + 3, colour), "an underline beyond the end of the span"
    assert not _underlined(view, image, start - 4, colour), "an underline before the start of the span"


def test_highlights_follow_an_undo_and_a_scroll(window, qtbot):
    project, view = window.project, window.view
    text = view.current_document.text
    start = text.index("Vilnius")
    colour = QColor(project.schema.get("condition").colour)
    view.select_span(start, start + len("Vilnius"))
    window.tag_selection("condition")
    _show(window, start)
    assert _underlined(view, _image(view), start + 2, colour)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not _underlined(view, _image(view), start + 2, colour), timeout=2000)
    window.undo_stack.redo()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    _show(window, start)  # back at the span after a scroll: drawn where the text now is
    assert _underlined(view, _image(view), start + 2, colour)
