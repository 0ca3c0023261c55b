"""Where the article view's highlights go on screen: the visible range, and each span's rectangles.

Everything here is computed from Qt's text layout and kept while what it depends on stays the
same, so that a blinking caret or a hover repaints without recomputing, and a page scrolled back
to finds its paragraphs' line tables ready.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt

if TYPE_CHECKING:
    from annotator.gui.document_view import DocumentView

MAX_PAINTED_UNITS = 60_000  # UTF-16 units of text considered for highlights in one paint
LANE_STEP = 4  # pixels between stacked underlines
LANE_THICKNESS = 3

Rects = list[tuple[QRectF, float]]  # rectangles covering a span, each with the bottom of its line's text


class Lines(NamedTuple):
    """One laid-out paragraph: its block, UTF-16 range, left edge, and per line (start, end, top, text bottom)."""

    block: object
    start: int
    end: int
    x: float
    starts: list
    rows: list


class HighlightGeometry:
    """The geometry of one DocumentView's highlights; all positions in and out are the view's."""

    def __init__(self, view: "DocumentView"):
        self.view = view
        self._visible: tuple | None = None  # (key, visible code-point range)
        self._painted: tuple | None = None  # (key, what was last drawn)
        self._lines_key: tuple | None = None
        self._line_tables: dict[int, Lines] = {}  # paragraph number -> its line table, for _lines_key

    def view_key(self) -> tuple:
        """What the on-screen geometry depends on: document, scroll, size, zoom, layout progress."""
        # the layout of a long document is finished in the background; the scroll range grows with it
        # and is part of the key, so a range found on a half-done layout is found again once the layout
        # is complete (documentSize() would finish the whole layout first: 0.1 s for a long article)
        view = self.view
        scrollbar = view.verticalScrollBar()
        return (view.document(), scrollbar.value(), scrollbar.maximum(), view.horizontalScrollBar().value(),
                view.viewport().width(), view.viewport().height(), view.zoom_steps)

    def _visible_range(self, key: tuple) -> tuple[int, int]:
        """Code points on screen (`key` is the view_key). Hit-testing a long document costs milliseconds,
        so the answer is kept until the view scrolls, resizes or shows another document."""
        if self._visible is not None and self._visible[0] == key:
            return self._visible[1]
        found = self._hit_visible_range()
        self._visible = (key, found)
        return found

    def _hit_visible_range(self) -> tuple[int, int]:
        view = self.view
        document = view.document()
        layout = document.documentLayout()
        y = view.verticalScrollBar().value()
        top = 0 if y == 0 else max(0, layout.hitTest(QPointF(0, y), Qt.HitTestAccuracy.FuzzyHit))
        last = document.characterCount()
        # walk down from the top paragraph until one starts below the screen: a few paragraphs a
        # page, cheaper than a second hit test (a paragraph not laid out yet has an empty rectangle)
        bottom_y = y + view.viewport().height()
        block = document.findBlock(top)
        bottom = last
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            if rect.isEmpty() or rect.bottom() >= bottom_y:
                bottom = block.position() + block.length()
                break
            block = block.next()
        # never more than a few screens: a wrong answer must cost a little, not a paint of everything
        bottom = min(bottom, top + MAX_PAINTED_UNITS)
        return view.utf16_map.to_code_point(top), view.utf16_map.to_code_point(bottom, round_up=True)

    def visible(self, spans, version: int) -> tuple[list, dict, dict]:
        """The spans on screen with their rectangles, and what to draw for them grouped by label:
        fills and underlines (each span's underline in its lane). `spans` is the view's LiveSpans,
        `version` changes whenever they do."""
        view_key = self.view_key()
        key = (view_key, version)
        if self._painted is not None and self._painted[0] == key:
            return self._painted[1]
        geometry = self.rects(spans.overlapping(*self._visible_range(view_key)) if len(spans) else [])
        fills: dict[str, list[QRectF]] = {}
        underlines: dict[str, list[QRectF]] = {}
        lanes = spans.lanes
        for span, rects in geometry:
            below = 2 + lanes.get(span.id, 0) * LANE_STEP
            fill, line = fills.setdefault(span.label, []), underlines.setdefault(span.label, [])
            for rect, baseline in rects:
                fill.append(rect)
                line.append(QRectF(rect.left(), baseline + below, rect.width(), LANE_THICKNESS))
        found = (geometry, fills, underlines)
        self._painted = (key, found)
        return found

    def rects(self, spans: Sequence) -> list[tuple[object, Rects]]:
        """Each span (code points) with the rectangles covering it on screen. Spans in text order
        share their paragraph's lookups."""
        view = self.view
        document = view.document()
        dx, dy = -view.horizontalScrollBar().value(), -view.verticalScrollBar().value()
        to_utf16 = view.utf16_map.span_to_utf16
        table: Lines | None = None
        out = []
        for span in spans:
            start, end = to_utf16(span.start, span.end)
            rects: Rects = []
            out.append((span, rects))
            if table is None or not table.start <= start < table.end:
                table = self._lines(document.findBlock(start))
                if table is None:
                    continue
            _line_rects(table, start, end, dx, dy, rects)
            part = table
            while end > part.end:  # crosses paragraphs: rare
                part = self._lines(part.block.next())
                if part is None:
                    break
                _line_rects(part, start, end, dx, dy, rects)
        return out

    def _lines(self, block) -> Lines | None:
        """The line table of a paragraph in document coordinates, kept while the layout stays the same."""
        view = self.view
        layout_key = (view.document(), view.lineWrapColumnOrWidth(), view.zoom_steps)
        if self._lines_key != layout_key:
            self._lines_key, self._line_tables = layout_key, {}
        number = block.blockNumber()
        table = self._line_tables.get(number)
        if table is not None:
            return table
        rect = view.document().documentLayout().blockBoundingRect(block)
        if rect.isEmpty():
            return None  # not laid out yet: nothing to draw, nothing to keep
        text_layout = block.layout()
        position = block.position()
        starts, rows = [], []
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            line_start = position + line.textStart()
            top = rect.y() + line.y()
            starts.append(line_start)
            rows.append((line_start, line_start + line.textLength(), top, top + line.ascent() + line.descent()))
        table = self._line_tables[number] = Lines(block, position, position + block.length(), rect.x(), starts, rows)
        return table


def _line_rects(table: Lines, start: int, end: int, dx: float, dy: float, rects: Rects) -> None:
    """Append the rectangles of [start, end) (UTF-16 document positions) within one paragraph."""
    text_layout = table.block.layout()
    x = table.x + dx
    first = max(0, bisect_right(table.starts, start) - 1)
    for i in range(first, len(table.rows)):
        line_start, line_end, top, bottom = table.rows[i]
        if line_start >= end:
            break
        lo, hi = max(start, line_start), min(end, line_end)
        if lo >= hi and not (lo == hi == line_end and start < line_end):
            continue
        line = text_layout.lineAt(i)
        x1 = line.cursorToX(lo - table.start)[0]
        x2 = line.cursorToX(hi - table.start)[0]
        left, right = min(x1, x2), max(x1, x2)
        rects.append((QRectF(x + left, top + dy, right - left, bottom - top), bottom + dy))
        if hi >= end:
            break
