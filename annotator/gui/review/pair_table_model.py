"""Table model of a comparison: one row per pair of A's and B's annotations, with its decision."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation, Decision
from annotator.core.review import Pair
from annotator.gui.review.decision_cells import decision_text, decision_tooltip

KIND_NAMES = {
    "match": "agree",
    "attributes": "attributes differ",
    "boundary": "boundaries differ",
    "label": "label differs",
    "only_a": "only A",
    "only_b": "only B",
}
KIND_COLOURS = {
    "match": "#e8f5e9",
    "attributes": "#fff8e1",
    "boundary": "#fff3e0",
    "label": "#fce4ec",
    "only_a": "#e3f2fd",
    "only_b": "#ede7f6",
}
_ROOT = QModelIndex()  # the invisible root, the parent of every row


class PairTableModel(QAbstractTableModel):
    HEADERS = ("Difference", "A", "B", "Decision")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pairs: list[Pair] = []
        self._text = ""
        self._schema: LabelSchema | None = None
        self._decided: dict[int, Decision] = {}

    def set_pairs(self, text: str, pairs: Sequence[Pair], schema: LabelSchema, decisions: Sequence[Decision]) -> None:
        self.beginResetModel()
        self._text, self._pairs, self._schema = text, list(pairs), schema
        # the latest decision about each source annotation
        self._decided = {source: d for d in decisions for source in d.sources}
        self.endResetModel()

    def pair(self, row: int) -> Pair | None:
        return self._pairs[row] if 0 <= row < len(self._pairs) else None

    @property
    def pairs(self) -> list[Pair]:
        return list(self._pairs)

    def decision(self, pair: Pair) -> Decision | None:
        found = [self._decided[x.id] for x in (pair.a, pair.b) if x is not None and x.id in self._decided]
        return max(found, key=lambda d: d.id) if found else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._pairs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def describe(self, annotation: Annotation | None, attributes: Sequence[str] = ()) -> str:
        """`Label: “covered text”`, after the values of `attributes` (first, so a narrow column
        cuts the text, never the values that differ)."""
        if annotation is None:
            return "—"
        definition = self._schema.get(annotation.label) if self._schema else None
        covered = " ".join(self._text[annotation.start : annotation.end].split())
        covered = covered if len(covered) <= 60 else covered[:59] + "…"
        values = "".join(f"{name}: {annotation.attributes.get(name) or '—'} · " for name in attributes)
        return f"{values}{definition.name if definition else annotation.label}: “{covered}”"

    @staticmethod
    def _differing(pair: Pair) -> tuple[str, ...]:
        """The attributes worth showing: those that differ between two spans of the same label."""
        same_label = pair.a is not None and pair.b is not None and pair.a.label == pair.b.label
        return pair.differing_attributes if same_label else ()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._pairs)):
            return None
        pair = self._pairs[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return KIND_NAMES[pair.kind]
            if column == 1:
                return self.describe(pair.a, self._differing(pair))
            if column == 2:
                return self.describe(pair.b, self._differing(pair))
            return decision_text(self.decision(pair))
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return QColor(KIND_COLOURS[pair.kind])
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return decision_tooltip(self.decision(pair))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
