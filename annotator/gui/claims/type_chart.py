"""A small horizontal bar chart of how many claims there are of each guarantee type (or of each provider),
drawn with QPainter."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

NO_TYPE = "(no type)"  # how a guarantee without a type attribute is named
NO_PROVIDER = "(no provider)"  # ... and a guarantee nobody is linked to as its provider
NO_RECIPIENT = "(no recipient)"  # ... or as its recipient


class TypeChart(QWidget):
    """One bar per guarantee type (or provider: the `title` and the name of the empty value say which), longest
    first, with its count; the one filtered on is drawn highlighted. A click on a bar emits `picked` with its value."""

    picked = Signal(str)

    BAR_HEIGHT = 18
    GAP = 6
    MOST_BARS = 20  # more values than this: the smallest are drawn as one bar, "(N others)"

    def __init__(
        self,
        title: str = "Claims by guarantee type",
        empty: str = NO_TYPE,
        parent: QWidget | None = None,
        names: Callable[[str], str] | None = None,
    ) -> None:
        """`names`: how a value is written beside its bar (the value itself by default)."""
        super().__init__(parent)
        self.title, self.empty, self._names = title, empty, names
        self._counts: list[tuple[str, int]] = []
        self._bars: list[tuple[str | None, int]] = []  # what is drawn: the largest counts, the rest summed
        self._others = 0
        self._current: str | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(260)

    def set_counts(self, counts: Sequence[tuple[str, int]], current: str | None = None) -> None:
        """Draw these (value, count) pairs; `current`: the value filtered on, drawn highlighted (None: no filter)."""
        self._counts = sorted(counts, key=lambda tc: (-tc[1], tc[0]))
        self._current = current
        self._bars = list[tuple[str | None, int]](self._counts)
        if len(self._bars) > self.MOST_BARS:  # thousands of providers: no chart shows them all, one bar sums the rest
            rest = self._bars[self.MOST_BARS - 1 :]
            self._bars[self.MOST_BARS - 1 :] = [(None, sum(n for _, n in rest))]
            self._others = len(rest)
        lines = [f"{self._name(t)}: {n}" for t, n in self._bars]
        self.setToolTip("\n".join([*lines, "", "Click a bar to show only its claims, again to show all."]))
        self.setMinimumHeight(self.sizeHint().height())  # every bar shown, never clipped
        self.updateGeometry()
        self.update()

    def _name(self, kind: str | None) -> str:
        if kind is None:
            return f"({self._others} others)"
        if not kind:
            return self.empty
        return self._names(kind) if self._names is not None else kind

    def counts(self) -> list[tuple[str, int]]:
        return list(self._counts)

    def value_at(self, y: int) -> str | None:
        """The value of the bar at height `y` (None: the title, the summed bar or below the bars)."""
        line = (y - self.GAP) // (self.BAR_HEIGHT + self.GAP) - 1  # the title takes the first line
        if 0 <= line < len(self._bars):
            return self._bars[line][0]
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        value = self.value_at(round(event.position().y()))
        if value is not None and event.button() == Qt.MouseButton.LeftButton:
            self.picked.emit(value)
            return
        super().mousePressEvent(event)

    def sizeHint(self) -> QSize:
        lines = max(len(self._bars), 1) + 1
        return QSize(300, lines * (self.BAR_HEIGHT + self.GAP) + self.GAP)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = self.fontMetrics()
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        top = self.GAP
        title = QRect(self.GAP, top, self.width() - 2 * self.GAP, self.BAR_HEIGHT)
        painter.drawText(title, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.title)
        top += self.BAR_HEIGHT + self.GAP
        if not self._bars:
            painter.drawText(
                QRect(self.GAP, top, self.width() - 2 * self.GAP, self.BAR_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                "No claims",
            )
            return
        names = [self._name(t) for t, _ in self._bars]
        label_width = min(max(metrics.horizontalAdvance(n) for n in names) + 2 * self.GAP, self.width() * 2 // 3)
        most = max(n for _, n in self._bars) or 1
        number_width = metrics.horizontalAdvance(str(most)) + self.GAP
        room = max(self.width() - label_width - number_width - 3 * self.GAP, 1)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        plain = palette.color(QPalette.ColorRole.Mid)
        for (kind, count), name in zip(self._bars, names, strict=True):
            label = QRect(self.GAP, top, label_width - self.GAP, self.BAR_HEIGHT)
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, label.width())
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, shown)
            length = max(round(room * count / most), 2)
            bar = QRect(self.GAP + label_width, top + 2, length, self.BAR_HEIGHT - 4)
            chosen = self._current is None or kind == self._current
            painter.fillRect(bar, highlight if chosen else plain)
            number = QRect(bar.right() + self.GAP, top, number_width, self.BAR_HEIGHT)
            painter.drawText(number, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, str(count))
            top += self.BAR_HEIGHT + self.GAP
