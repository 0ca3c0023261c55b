"""Where the article view's highlights go: each paragraph's rectangles, kept in document coordinates.

A paragraph's fills and lane underlines, grouped by label, are computed from Qt's text layout
once and kept until the layout changes or an annotation in that paragraph does. Once the view is
idle, the paragraphs not computed yet are done a few at a time, noting each one's top. A paint
finds the paragraphs on screen by bisecting those tops (or, where none are known yet, by walking
Qt's blocks from the last screen's first one) and draws what they keep, shifted by the scroll.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QAbstractTextDocumentLayout, QImage, QPainter, QTextBlock, QTextDocument
from PySide6.QtWidgets import QScrollBar, QWidget

from annotator.core.spans import SpanLike

if TYPE_CHECKING:
    from annotator.core.model import Annotation
    from annotator.core.offsets import Utf16Map
    from annotator.core.spans import LiveSpans

MAX_PAINTED_UNITS = 60_000  # UTF-16 units of text considered for highlights in one paint
LANE_STEP = 4  # pixels between stacked underlines
LANE_THICKNESS = 3
WALK_LIMIT = 64  # paragraphs walked from the last screen's first one before asking Qt to hit-test
PREPARE_AFTER_MS = 30  # quiet time after a paint before paragraphs ahead are computed: not while scrolling
PREPARE_SLICE_S = 0.004  # idle time spent computing paragraphs ahead, per turn of the event loop
LAYOUT_WAIT_MS = 50  # how soon to look again when Qt has not laid out the next paragraph yet

Rects = list[tuple[QRectF, float]]  # rectangles covering a span, each with the bottom of its line's text
NOWHERE = QRectF(0, -1e9, 1, 1)  # a clip above any text
_SCRATCH = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)  # what that clipped drawing "draws" on


class Lines(NamedTuple):
    """One laid-out paragraph: its block, UTF-16 range, left edge, and per line (start, end, top, text bottom)."""

    block: QTextBlock
    start: int
    end: int
    x: float
    top: float
    starts: list[int]
    rows: list[tuple[int, int, float, float]]


class Paragraph(NamedTuple):
    """What one paragraph draws, in document coordinates: by label, the fills (ready to draw) and the
    top of each one's underline in its span's lane (an underline is made from its fill when painted:
    a long article keeps tens of thousands of these, and a Qt rectangle is some 200 bytes)."""

    fills: dict[str, list[QRectF]]
    underlines: dict[str, list[float]]
    top: float


class HighlightedView(Protocol):
    """What the geometry needs of the text view whose highlights it places (a DocumentView)."""

    @property
    def zoom_steps(self) -> int: ...

    @property
    def utf16_map(self) -> Utf16Map:
        """The conversion between the shown text's code points and Qt's UTF-16 positions."""
        ...

    def document(self) -> QTextDocument: ...

    def lineWrapColumnOrWidth(self) -> int: ...

    def verticalScrollBar(self) -> QScrollBar: ...

    def viewport(self) -> QWidget: ...


S = TypeVar("S", bound=SpanLike)  # a span outlined alone: an annotation, or an unsaved one


class HighlightGeometry:
    """The geometry of one view's highlights; positions in are the view's, rectangles out are
    in document coordinates (the painter is shifted by the scroll). `parent` owns the timer that
    prepares paragraphs in idle time (the view itself: the timer goes with it)."""

    def __init__(self, view: HighlightedView, parent: QObject):
        self.view = view
        self._layout_key: tuple[Hashable, ...] | None = None
        self._line_tables: dict[int, Lines] = {}  # paragraph number -> its line table
        self._paragraphs: dict[int, Paragraph] = {}  # paragraph number -> what it draws
        # (view key, first and last paragraph on screen)
        self._visible: tuple[tuple[Hashable, ...], tuple[QTextBlock, QTextBlock]] | None = None
        self._spans: LiveSpans[Annotation] | None = None  # the view's spans, as last painted
        self._prepared_to = 0  # paragraphs before this number are computed (or were, before a forget)
        self._complete = False  # whether every paragraph is
        self._tops: list[float] = []  # top of each paragraph the preparation has passed, by number
        self._timer = QTimer(parent, singleShot=True)
        self._timer.timeout.connect(self._prepare_some)

    # --- what is kept, and when it goes

    def _check_layout(self) -> None:
        view = self.view
        key = (view.document(), view.lineWrapColumnOrWidth(), view.zoom_steps)
        if key != self._layout_key:
            self._layout_key = key
            self._line_tables, self._paragraphs = {}, {}
            self._visible, self._prepared_to, self._complete, self._tops = None, 0, False, []

    def forget(self, start: int, end: int) -> None:
        """Drop what is kept for the paragraphs holding code points [start, end]: their annotations
        (or, at the end of an article still arriving, their text) changed."""
        view = self.view
        document = view.document()
        u_start, u_end = view.utf16_map.span_to_utf16(start, end)
        block = document.findBlock(max(0, min(u_start, document.characterCount() - 1)))
        if not block.isValid():
            return
        # a paragraph forgotten behind the preparation's progress is computed again when painted;
        # the preparation goes on only with what is new at the end
        self._complete = False
        while block.isValid() and block.position() <= u_end:
            number = block.blockNumber()
            self._paragraphs.pop(number, None)
            self._line_tables.pop(number, None)
            block = block.next()

    def forget_all(self) -> None:
        self._paragraphs.clear()
        self._prepared_to, self._complete = 0, False

    # --- a paint

    def visible(self, spans: LiveSpans[Annotation]) -> tuple[dict[str, list[QRectF]], dict[str, list[QRectF]]]:
        """Fills and underlines (each span's in its lane) of the paragraphs on screen, by label,
        in document coordinates. `spans` is the view's LiveSpans."""
        self._check_layout()
        self._spans = spans
        fills: dict[str, list[QRectF]] = {}
        underlines: dict[str, list[QRectF]] = {}
        if not len(spans):
            return fills, underlines
        for paragraph in self._on_screen():
            for label, rects in paragraph.fills.items():
                fills.setdefault(label, []).extend(rects)
            for label, tops in paragraph.underlines.items():
                line = underlines.setdefault(label, [])
                for rect, top in zip(paragraph.fills[label], tops, strict=True):  # one underline per fill
                    line.append(QRectF(rect.x(), top, rect.width(), LANE_THICKNESS))
        if not self._complete:
            self._timer.start(PREPARE_AFTER_MS)  # again after each paint: never while the view scrolls
        return fills, underlines

    def _on_screen(self) -> list[Paragraph]:
        """The paragraphs on screen: looked up by height among those prepared (no call into Qt when
        they all are), else walked to through Qt's blocks."""
        view = self.view
        y = view.verticalScrollBar().value()
        bottom = y + view.viewport().height()
        tops = self._tops
        if tops and (self._complete or bottom < tops[-1]):
            first = max(0, bisect_right(tops, y) - 1)
            last = max(first, bisect_left(tops, bottom) - 1)
            found: list[Paragraph] = []
            for number in range(first, last + 1):
                paragraph = self._paragraphs.get(number)
                if paragraph is None:  # forgotten after an edit: computed again now
                    paragraph = self._paragraph(view.document().findBlockByNumber(number))
                if paragraph is not None:
                    found.append(paragraph)
            return found
        found = []
        block, last_block = self._visible_paragraphs()
        while block.isValid():
            paragraph = self._paragraphs.get(block.blockNumber()) or self._paragraph(block)
            if paragraph is not None:
                found.append(paragraph)
            if block == last_block:
                break
            block = block.next()
        return found

    def _view_key(self) -> tuple[Hashable, ...]:
        # the layout of a long document is finished in the background; the scroll range grows with it
        # and is part of the key, so paragraphs found on a half-done layout are found again once it is done
        view = self.view
        scrollbar = view.verticalScrollBar()
        return (self._layout_key, scrollbar.value(), scrollbar.maximum(), view.viewport().height())

    def _visible_paragraphs(self) -> tuple[QTextBlock, QTextBlock]:
        """The first and last paragraph (blocks) on screen, kept until the view scrolls or resizes."""
        key = self._view_key()
        if self._visible is not None and self._visible[0] == key:
            return self._visible[1]
        view = self.view
        document = view.document()
        layout = document.documentLayout()
        y = view.verticalScrollBar().value()
        first = self._walk_to(y, layout, self._visible[1][0]) if self._visible is not None else None
        if first is None:
            top = 0 if y == 0 else max(0, layout.hitTest(QPointF(0, y), Qt.HitTestAccuracy.FuzzyHit))
            first = document.findBlock(top)
        # down from the top paragraph until one ends below the screen, never more than a few screens
        # of text (a paragraph not laid out yet has an empty rectangle: stop there)
        bottom_y = y + view.viewport().height()
        last, limit = first, first.position() + MAX_PAINTED_UNITS
        while last.isValid():
            rect = layout.blockBoundingRect(last)
            following = last.next()
            if rect.isEmpty() or rect.bottom() >= bottom_y or not following.isValid() or following.position() > limit:
                break
            last = following
        found = (first, last)
        self._visible = (key, found)
        return found

    def _walk_to(self, y: float, layout: QAbstractTextDocumentLayout, block: QTextBlock) -> QTextBlock | None:
        """The paragraph at height `y`, walked to from `block`, the last screen's first paragraph (a page
        scrolled is a few paragraphs), or None if it is far or not laid out (then Qt hit-tests)."""
        if not block.isValid():
            return None
        for _ in range(WALK_LIMIT):
            rect = layout.blockBoundingRect(block)
            if rect.isEmpty():
                return None
            following = block.next()
            if y < rect.top():
                block = block.previous()
            elif following.isValid() and y >= layout.blockBoundingRect(following).top():
                block = following  # (`y` between two paragraphs belongs to the upper one)
            else:
                return block
            if not block.isValid():
                return None
        return None

    def _paragraph(self, block: QTextBlock, release: QPainter | None = None) -> Paragraph | None:
        """Compute and keep what one paragraph draws; None while Qt has not laid it out (or before a
        paint has given the spans). With `release`, Qt's shaping of the paragraph is let go afterwards
        (see below)."""
        table = self._line_table(block)
        view, spans = self.view, self._spans
        if table is None or spans is None:
            return None
        to_code_point, to_utf16 = view.utf16_map.to_code_point, view.utf16_map.span_to_utf16
        fills: dict[str, list[QRectF]] = {}
        underlines: dict[str, list[float]] = {}
        lanes = spans.lanes
        for span in spans.overlapping(to_code_point(table.start), to_code_point(table.end, round_up=True)):
            rects: Rects = []
            _line_rects(table, *to_utf16(span.start, span.end), rects)
            if not rects:
                continue
            below = 2 + lanes.get(span.id, 0) * LANE_STEP
            fill, line = fills.setdefault(span.label, []), underlines.setdefault(span.label, [])
            for rect, baseline in rects:
                fill.append(rect)
                line.append(baseline + below)
        if release is not None:
            # cursorToX shaped the paragraph's text, and Qt keeps that (tens of bytes a character)
            # until the paragraph is drawn; one that is off screen is drawn clipped to nothing,
            # which draws no glyph and lets the shaping go
            block.layout().draw(release, QPointF(0, 0), [], NOWHERE)
        paragraph = self._paragraphs[block.blockNumber()] = Paragraph(fills, underlines, table.top)
        return paragraph

    def _prepare_some(self) -> None:
        """Compute the paragraphs not computed yet for a few milliseconds, then yield to the event loop."""
        if self._spans is None:
            return
        self._check_layout()
        if self._prepare(time.perf_counter() + PREPARE_SLICE_S):
            self._timer.start(0)
        elif not self._complete:
            self._timer.start(LAYOUT_WAIT_MS)  # Qt lays the article out in idle time too

    def _prepare(self, deadline: float | None) -> bool:
        """Compute paragraphs from where the preparation stands, until `deadline` (perf_counter) if
        given; True if stopped by the deadline."""
        release = QPainter(_SCRATCH)
        try:
            block = self.view.document().findBlockByNumber(self._prepared_to)
            while block.isValid():
                paragraph = self._paragraphs.get(block.blockNumber()) or self._paragraph(block, release)
                if paragraph is None:
                    return False  # not laid out yet
                if self._prepared_to == len(self._tops):
                    self._tops.append(paragraph.top)
                block = block.next()
                self._prepared_to += 1
                if deadline is not None and time.perf_counter() > deadline:
                    return True
            self._complete = True
            return False
        finally:
            release.end()

    def prepare_all(self) -> None:
        """Compute every paragraph now (what idle time would do), as far as Qt has laid them out."""
        self._timer.stop()
        if self._spans is None:
            return
        self._check_layout()
        self._prepare(None)

    # --- single spans: the selected one, unsaved ones

    def rects(self, spans: Sequence[S]) -> list[tuple[S, Rects]]:
        """Each span (code points) with the rectangles covering it, in document coordinates."""
        self._check_layout()
        document = self.view.document()
        to_utf16 = self.view.utf16_map.span_to_utf16
        out: list[tuple[S, Rects]] = []
        for span in spans:
            start, end = to_utf16(span.start, span.end)
            rects: Rects = []
            out.append((span, rects))
            part = self._lines(document.findBlock(start))
            while part is not None:
                _line_rects(part, start, end, rects)
                if end <= part.end:
                    break
                part = self._lines(part.block.next())  # crosses paragraphs
        return out

    def _lines(self, block: QTextBlock) -> Lines | None:
        """The line table of a paragraph, kept while the layout stays the same (for single spans: the
        selected one is drawn on every paint)."""
        if not block.isValid():
            return None
        number = block.blockNumber()
        table = self._line_tables.get(number)
        if table is None:
            table = self._line_table(block)
            if table is not None:
                self._line_tables[number] = table
        return table

    def _line_table(self, block: QTextBlock) -> Lines | None:
        """A paragraph's lines in document coordinates: block, UTF-16 range, left edge, each line's
        range, top and text bottom; None if Qt has not laid it out yet."""
        if not block.isValid():
            return None
        rect = self.view.document().documentLayout().blockBoundingRect(block)
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
        return Lines(block, position, position + block.length(), rect.x(), rect.y(), starts, rows)


def _line_rects(table: Lines, start: int, end: int, rects: Rects) -> None:
    """Append the rectangles of [start, end) (UTF-16 document positions) within one paragraph."""
    text_layout = table.block.layout()
    first = max(0, bisect_right(table.starts, start) - 1)
    for i in range(first, len(table.rows)):
        line_start, line_end, top, bottom = table.rows[i]
        if line_start >= end:
            break
        lo, hi = max(start, line_start), min(end, line_end)
        if lo >= hi and not (lo == hi == line_end and start < line_end):
            continue
        line = text_layout.lineAt(i)
        # cursorToX returns (x, position); PySide6's stubs say `object`
        x1 = line.cursorToX(lo - table.start)[0]  # type: ignore[index]
        x2 = line.cursorToX(hi - table.start)[0]  # type: ignore[index]
        left, right = min(x1, x2), max(x1, x2)
        rects.append((QRectF(table.x + left, top, right - left, bottom - top), bottom))
        if hi >= end:
            break
