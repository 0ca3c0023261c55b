"""Table model of the open document's relations: type, source text, target text, analyst."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.core.model import Relation

MAX_SHOWN_TEXT = 80
_ROOT = QModelIndex()


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN_TEXT else text[: MAX_SHOWN_TEXT - 1] + "…"


class RelationTableModel(QAbstractTableModel):
    """Relations in the order of their sources in the text; the ends' texts come with them."""

    HEADERS = ("Type", "Source", "Target", "Analyst")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Relation] = []
        self._texts: dict[int, str] = {}  # annotation id -> the text it covers

    def set_relations(self, relations: Sequence[Relation], texts: Mapping[int, str]) -> None:
        """Show `relations`; `texts` maps their ends' annotation ids to the text each covers."""
        self.beginResetModel()
        self._texts = dict(texts)
        self._rows = list(relations)
        self.endResetModel()

    def relations(self) -> list[Relation]:
        """Every relation listed, in the list's order."""
        return list(self._rows)

    def relation(self, row: int) -> Relation | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, relation_id: int) -> int | None:
        return next((row for row, r in enumerate(self._rows) if r.id == relation_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        relation = self.relation(index.row()) if index.isValid() else None
        if relation is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            return relation.type
        if column in (1, 2):
            text = self._texts.get(relation.source_id if column == 1 else relation.target_id, "")
            return text if role == Qt.ItemDataRole.ToolTipRole else _short(text)
        if column == 3:
            return relation.analyst
        return None
