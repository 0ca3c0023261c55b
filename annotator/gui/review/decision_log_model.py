"""Table model of the decision log: who decided what, when, from which annotations, and why."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.core.labels import LabelSchema
from annotator.core.model import Decision
from annotator.gui.review.decision_cells import ACTION_NAMES

_ROOT = QModelIndex()  # the invisible root, the parent of every row


class DecisionLogModel(QAbstractTableModel):
    HEADERS = ("When", "Reviewer", "Decision", "Gold span", "Rationale")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Decision] = []
        self._text = ""
        self._schema: LabelSchema | None = None

    def set_decisions(self, text: str, decisions: Sequence[Decision], schema: LabelSchema) -> None:
        self.beginResetModel()
        self._text, self._schema = text, schema
        self._rows = sorted(decisions, key=lambda d: d.id, reverse=True)  # newest first
        self.endResetModel()

    def decision(self, row: int) -> Decision | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        d = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return f"{d.decided_at.astimezone():%Y-%m-%d %H:%M}" if d.decided_at else ""
            if index.column() == 1:
                return d.reviewer
            if index.column() == 2:
                return ACTION_NAMES.get(d.action, d.action)
            if index.column() == 3:
                if d.relation_sources:  # a decision on relations: its label is the gold relation's type
                    return f"relation {d.label}"
                if d.start is None or d.end is None:
                    return "—"
                definition = self._schema.get(d.label) if self._schema else None
                covered = " ".join(self._text[d.start : d.end].split())
                return (
                    f"{definition.name if definition else d.label}: “{covered[:50]}{'…' if len(covered) > 50 else ''}”"
                )
            return d.rationale
        if role == Qt.ItemDataRole.ToolTipRole:
            origin = f"relations {', '.join(str(x) for x in d.relation_sources)}" if d.relation_sources else ""
            return f"from {origin or 'annotations ' + ', '.join(str(x) for x in d.sources)}" + (
                f"\n{d.rationale}" if d.rationale else ""
            )
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
