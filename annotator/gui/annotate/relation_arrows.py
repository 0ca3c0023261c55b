"""Arrows between spans in the article: the selected annotation's relations, each labelled with its type.

An arrow leaves the top of its source's nearest line piece, arcs above the text and ends with a
head on the top of its target's. Its type is written in a small opaque tag at the arc's peak, so
it stays readable over nested highlights; tags that would overlap are lifted apart. The geometry
of the two ends comes from the view's `HighlightGeometry` (its line tables are kept), so drawing
the few arrows of one annotation costs well under a millisecond on any article.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

# Okabe–Ito: told apart by every kind of colour vision; in the order of the schema's relation types
TYPE_COLOURS = ("#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00", "#56B4E9")
OTHER_COLOUR = "#555555"
RISE = (16.0, 36.0)  # how high an arc climbs above its higher end: least, most
STAGGER = 7.0  # extra rise for each further arrow of one annotation, so that their arcs part
HEAD = 7.0  # length of an arrow head
TAG_PADDING = (5.0, 1.0)
NEAR = 24.0  # anchors closer than this on one line are moved apart
BELOW_TEXT = 12.0  # where an arc drawn under the text leaves its span: past the first underline lanes

Piece = tuple[QRectF, float]  # a span's rectangle on one line, with the bottom of its text


class Arrow(NamedTuple):
    """What to draw: a relation type (or a hint while linking) from one span to another or to a point."""

    label: str
    colour: QColor
    source: Sequence[Piece]
    target: Sequence[Piece] | QPointF
    dashed: bool = False


def type_colour(type_key: str, type_keys: Sequence[str]) -> QColor:
    """The colour of a relation type: by its place in the schema, grey for a type the schema lacks."""
    if type_key in type_keys:
        return QColor(TYPE_COLOURS[type_keys.index(type_key) % len(TYPE_COLOURS)])
    return QColor(OTHER_COLOUR)


def _anchors(source: Sequence[Piece], target: Sequence[Piece] | QPointF, above: bool) -> tuple[QPointF, QPointF]:
    """The middles of the two pieces nearest each other, on their tops (or below their text and its
    underlines); a point target is its own anchor."""

    def edge(piece: Piece) -> QPointF:
        rect, text_bottom = piece
        return QPointF(rect.center().x(), rect.top() if above else text_bottom + BELOW_TEXT)

    if isinstance(target, QPointF):
        start = min((edge(p) for p in source), key=lambda p: (p - target).manhattanLength())
        return start, target
    pairs = ((edge(a), edge(b)) for a in source for b in target)

    def distance(pair: tuple[QPointF, QPointF]) -> tuple[bool, float]:
        apart = (pair[0] - pair[1]).manhattanLength()
        return apart < NEAR, apart  # nearest, but not on top of each other where another pair is not

    return min(pairs, key=distance)


def _apart(source: Sequence[Piece], start: QPointF, end: QPointF) -> QPointF:
    """The source's anchor moved to the end of its piece farther from the target's anchor, so that an arrow
    between nested spans still has a visible arc."""
    rect = next((r for r, _ in source if r.left() <= start.x() <= r.right() and abs(r.top() - start.y()) < 1), None)
    if rect is None:
        return start
    x = rect.left() + NEAR / 2 if end.x() > rect.center().x() else rect.right() - NEAR / 2
    return QPointF(x, start.y())


class ArrowLayer:
    """Lays out and paints a handful of arrows in document coordinates."""

    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        self.font.setPointSizeF(max(7.0, font.pointSizeF() * 0.78))
        self.metrics = QFontMetricsF(self.font)

    def paint(self, painter: QPainter, arrows: Sequence[Arrow], background: QColor) -> list[tuple[str, QRectF]]:
        """Draw `arrows`, then their type tags over every arc; returns each tag's text and box."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(self.font)
        middles: list[tuple[Arrow, QPointF]] = []
        for number, arrow in enumerate(arrows):
            if not arrow.source or (not isinstance(arrow.target, QPointF) and not arrow.target):
                continue
            start, end = _anchors(arrow.source, arrow.target, above=True)
            if (
                not isinstance(arrow.target, QPointF)
                and abs(end.x() - start.x()) < NEAR
                and abs(end.y() - start.y()) < 1
            ):
                start = _apart(arrow.source, start, end)  # a span inside the other: leave from its far side
            rise = min(RISE[1], RISE[0] + abs(end.x() - start.x()) / 8) + number * STAGGER
            # arcs go over the text, except where that would leave the page (the first line): under it
            above = min(start.y(), end.y()) - rise - self.metrics.height() >= 0
            if not above:
                start, end = _anchors(arrow.source, arrow.target, above=False)
            peak_y = min(start.y(), end.y()) - rise if above else max(start.y(), end.y()) + rise
            path = QPainterPath(start)
            path.cubicTo(QPointF(start.x(), peak_y), QPointF(end.x(), peak_y), end)
            pen = QPen(arrow.colour, 1.6, Qt.PenStyle.DashLine if arrow.dashed else Qt.PenStyle.SolidLine)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            self._head(painter, arrow.colour, path, end)
            middles.append((arrow, path.pointAtPercent(0.5)))
        placed: list[QRectF] = []
        for arrow, middle in middles:
            placed.append(self._tag(painter, arrow, middle, placed, background))
        painter.restore()
        return [(arrow.label, box) for (arrow, _), box in zip(middles, placed, strict=True)]

    def _head(self, painter: QPainter, colour: QColor, path: QPainterPath, tip: QPointF) -> None:
        before = path.pointAtPercent(0.97)
        angle = math.atan2(tip.y() - before.y(), tip.x() - before.x())
        wing = math.radians(28)
        points = [
            tip,
            QPointF(tip.x() - HEAD * math.cos(angle - wing), tip.y() - HEAD * math.sin(angle - wing)),
            QPointF(tip.x() - HEAD * math.cos(angle + wing), tip.y() - HEAD * math.sin(angle + wing)),
        ]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawPolygon(QPolygonF(points))

    def _tag(
        self, painter: QPainter, arrow: Arrow, middle: QPointF, placed: list[QRectF], background: QColor
    ) -> QRectF:
        """The type's name in a rounded box at the arc's middle, lifted clear of tags already placed."""
        width = self.metrics.horizontalAdvance(arrow.label) + 2 * TAG_PADDING[0]
        height = self.metrics.height() + 2 * TAG_PADDING[1]
        box = QRectF(middle.x() - width / 2, middle.y() - height / 2, width, height)
        step = -(height + 2) if box.top() - height > 0 else height + 2  # lifted, unless off the page
        while any(box.intersects(other) for other in placed):
            box.translate(0, step)
        painter.setPen(QPen(arrow.colour, 1))
        painter.setBrush(QBrush(background))
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(arrow.colour.darker(130))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, arrow.label)
        return box
