"""The schema's relation types as a table: type, the labels it goes from, the labels it goes to; edited in place."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from annotator.core.labels import LabelSchema, RelationTypeDef

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_HEADERS = ("Relation type", "From labels", "To labels")


class RelationTypeModel(QAbstractTableModel):
    """An edit asks for the new list (`relations_edited(tuple)`) or says why it cannot be (`refused(str)`);
    the table changes once the schema is saved, so every change is one undoable command."""

    relations_edited = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._schema = LabelSchema(())

    def set_schema(self, schema: LabelSchema) -> None:
        self.beginResetModel()
        self._schema = schema
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._schema.relations)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return _HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._schema.relations):
            return None
        relation = self._schema.relations[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return relation.key
            ends = relation.sources if index.column() == 1 else relation.targets
            return ", ".join(self._name(k) for k in ends) if ends else "any label"
        if role == Qt.ItemDataRole.EditRole:
            if index.column() == 0:
                return relation.key
            return ", ".join(self._name(k) for k in (relation.sources if index.column() == 1 else relation.targets))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() > 0:
            return "Labels, separated by commas (blank: any label)"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.isValid() else flags

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        relations = list(self._schema.relations)
        relation = relations[index.row()]
        text = str(value).strip()
        if index.column() == 0:
            changed = RelationTypeDef(text, relation.sources, relation.targets)
        else:
            keys = []
            for name in (n.strip() for n in text.split(",") if n.strip()):
                label = self._schema.resolve(name)
                if label is None:
                    self.refused.emit(f"no label {name!r} in the schema")
                    return False
                keys.append(label.key)
            ends = tuple(keys)
            changed = (
                RelationTypeDef(relation.key, ends, relation.targets)
                if index.column() == 1
                else RelationTypeDef(relation.key, relation.sources, ends)
            )
        if changed != relation:
            relations[index.row()] = changed
            self.relations_edited.emit(tuple(relations))
        return False  # the table shows the schema once saved, not this edit

    def relations(self) -> tuple[RelationTypeDef, ...]:
        return self._schema.relations

    def _name(self, key: str) -> str:
        label = self._schema.get(key)
        return label.name if label is not None else key
