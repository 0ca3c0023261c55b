"""Table model of the relation comparison: one row per pair of A's and B's relations, with its decision."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import Decision
from annotator.core.relation_review import RelationPair
from annotator.core.review import Pair
from annotator.gui.review.decision_cells import decision_text, decision_tooltip

RELATION_KIND_NAMES = {"match": "agree", "type": "type differs", "only_a": "only A", "only_b": "only B"}
RELATION_KIND_COLOURS = {"match": "#e8f5e9", "type": "#fce4ec", "only_a": "#e3f2fd", "only_b": "#ede7f6"}
_ROOT = QModelIndex()  # the invisible root, the parent of every row


class RelationPairModel(QAbstractTableModel):
    HEADERS = ("Relation", "Type A", "Type B", "Source → target", "Decision")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RelationPair] = []
        self._text = ""
        self._decided: dict[int, Decision] = {}

    def set_rows(self, text: str, rows: Sequence[RelationPair], decisions: Sequence[Decision]) -> None:
        self.beginResetModel()
        self._text, self._rows = text, list(rows)
        # the latest decision about each relation
        self._decided = {source: d for d in decisions for source in d.relation_sources}
        self.endResetModel()

    def row(self, row: int) -> RelationPair | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> list[RelationPair]:
        return list(self._rows)

    def decision(self, row: RelationPair) -> Decision | None:
        found = [self._decided[x] for x in row.ids if x in self._decided]
        return max(found, key=lambda d: d.id) if found else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def covered(self, pair: Pair) -> str:
        """The text of a span pair's annotation (A's where there is one), on one line, cut at 40 characters."""
        side = pair.a if pair.a is not None else pair.b
        if side is None:
            return ""
        text = " ".join(self._text[side.start : side.end].split())
        return text if len(text) <= 40 else text[:39] + "…"

    def describe(self, row: RelationPair, type_: str | None = None) -> str:
        """`type: “source” → “target”` (the row's type, A's where A drew one, unless `type_` is given)."""
        return f"{type_ or row.type}: “{self.covered(row.source)}” → “{self.covered(row.target)}”"

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return RELATION_KIND_NAMES[row.kind]
            if column in (1, 2):
                side = row.a if column == 1 else row.b
                return side.type if side is not None else "—"
            if column == 3:
                return f"“{self.covered(row.source)}” → “{self.covered(row.target)}”"
            return decision_text(self.decision(row))
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return QColor(RELATION_KIND_COLOURS[row.kind])
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return decision_tooltip(self.decision(row))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
