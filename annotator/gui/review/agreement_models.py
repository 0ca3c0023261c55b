"""Table models of an agreement report: per label, per relation type, per document, the label confusion and the attributes.

Each model shows one part of a computed `AgreementReport` (the statistics come from
`annotator.core.agreement`; these models only present them). Numbers are right-aligned,
undefined statistics read "n/a" (`agreement_report.shown`), `SORT_ROLE` gives the raw value
(None when undefined) and `BAR_ROLE` a value in [0, 1] that a delegate may draw as a bar.
`sort()` orders numerically and puts undefined values last in either direction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.core.agreement import AgreementReport, AttributeAgreement, DocumentAgreement, RelationScores, Scores
from annotator.core.labels import LabelSchema
from annotator.core.model import DocumentSummary
from annotator.services.agreement_report import shown

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
BAR_ROLE = Qt.ItemDataRole.UserRole + 2

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_MUTED = QColor("#8a8a8a")
_NONE = "(no span)"
_ROOT = QModelIndex()  # the invisible root, the parent of every row


def _number(value: Any) -> str:
    """Integers with thousands separators, fractions as `shown` prints them (None -> "n/a")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return shown(value)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


class _ReportTableModel(QAbstractTableModel):
    """Rows of domain values, columns described by `HEADERS`; subclasses say what each cell holds."""

    HEADERS: tuple[str, ...] = ()
    TIPS: tuple[str, ...] = ()
    TEXT_COLUMNS = 1  # the first columns are text (left-aligned); the rest are numbers

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._natural: list[Any] = []  # the report's order
        self._sorted_by: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # --- what subclasses fill in

    def _value(self, row: Any, column: int) -> Any:
        raise NotImplementedError

    def _text(self, row: Any, column: int) -> str:
        return _number(self._value(row, column))

    def _tooltip(self, row: Any, column: int) -> str | None:
        return None

    def _bar(self, row: Any, column: int) -> float | None:
        return None

    def _emphasised(self, row: Any) -> bool:
        return False

    def _decoration(self, row: Any, column: int) -> QColor | None:
        return None

    # --- Qt

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            not index.isValid()
            or not (0 <= index.row() < len(self._rows))
            or not (0 <= index.column() < self.columnCount())
        ):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._value(row, column)
        if role == BAR_ROLE:
            return self._bar(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column < self.TEXT_COLUMNS else _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row, column)
        if role == Qt.ItemDataRole.FontRole and self._emphasised(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and self._text(row, column) == "n/a":
            return _MUTED
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.HEADERS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.TIPS):
            return self.TIPS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section < self.TEXT_COLUMNS else _RIGHT
        return None

    # --- contents and order

    def _replace(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._natural = list(rows)
        self._order_rows(*self._sorted_by)
        self.endResetModel()

    def _order_rows(self, column: int, order: Qt.SortOrder) -> None:
        """Set `_rows`: the natural order, stably sorted by the column, undefined values last."""
        self._rows = list(self._natural)
        if not 0 <= column < len(self.HEADERS):
            return
        defined = [r for r in self._rows if self._value(r, column) is not None]
        undefined = [r for r in self._rows if self._value(r, column) is None]

        def key(row: Any) -> Any:  # a number, or text compared without case
            value = self._value(row, column)
            return value.casefold() if isinstance(value, str) else value

        defined.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = defined + undefined

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order rows by a column (numerically; "n/a" last); column -1 restores the natural order."""
        self._sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self._order_rows(column, order)
        moved = {id(row): i for i, row in enumerate(self._rows)}
        old_rows = [id(row) for row in before]
        for persistent in self.persistentIndexList():
            if persistent.isValid():
                where = moved[old_rows[persistent.row()]]
                self.changePersistentIndex(persistent, self.index(where, persistent.column()))
        self.layoutChanged.emit()


class LabelAgreementModel(_ReportTableModel):
    """One row per label (schema display names) and the "overall" row last."""

    HEADERS = ("Label", "A", "B", "Exact", "F1 exact", "F1 overlap", "κ chars", "α_u")
    TIPS = (
        "Label (overall pools every label)",
        "Annotations of analyst A",
        "Annotations of analyst B",
        "Exact matches: same label, start and end (one-to-one)",
        "2 · exact matches / (A + B), micro over documents",
        "2 · overlap matches / (A + B); overlap: same label, sharing a character, one-to-one, greatest overlap first",
        "Cohen's kappa over characters, pooled over documents; n/a when undefined",
        "Krippendorff's unitized alpha; n/a when undefined",
    )
    F1_COLUMNS = (4, 5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}
        self._colours: dict[str, str] = {}

    def set_report(self, report: AgreementReport | None, schema: LabelSchema | None = None) -> None:
        self._names = {label.key: label.name for label in schema or ()}
        self._colours = {label.key: label.colour for label in schema or ()}
        self._replace([] if report is None else [*report.labels.values(), report.overall])

    def label(self, row: int) -> str | None:
        """The label key of a row; None for the overall row or outside the table."""
        return self._rows[row].label if 0 <= row < len(self._rows) else None

    def _order_rows(self, column: int, order: Qt.SortOrder) -> None:
        """The overall row stays last whatever the order."""
        super()._order_rows(column, order)
        self._rows = [r for r in self._rows if r.label is not None] + [r for r in self._rows if r.label is None]

    def _value(self, row: Scores, column: int) -> Any:
        if column == 0:
            return "overall" if row.label is None else self._names.get(row.label, row.label)
        return (
            None,
            row.count_a,
            row.count_b,
            row.matches_exact,
            row.f1_exact,
            row.f1_overlap,
            row.kappa_char,
            row.alpha_u,
        )[column]

    def _bar(self, row: Scores, column: int) -> float | None:
        return self._value(row, column) if column in self.F1_COLUMNS else None

    def _emphasised(self, row: Scores) -> bool:
        return row.label is None

    def _decoration(self, row: Scores, column: int) -> QColor | None:
        if column == 0 and row.label is not None:
            return QColor(self._colours.get(row.label, "#999999"))
        return None

    def _tooltip(self, row: Scores, column: int) -> str | None:
        if column == 0:
            return row.label if row.label is not None else "All labels pooled"
        if column in (4, 5):
            matches = row.matches_exact if column == 4 else row.matches_overlap
            return f"2 × {matches} / ({row.count_a} + {row.count_b}) = {shown(self._value(row, column))}"
        if column == 6:
            return (
                f"characters: {row.chars_total:,}; inside A's spans {row.chars_a:,}, B's {row.chars_b:,}, "
                f"both {row.chars_both:,}"
            )
        if column == 7:
            return f"observed disagreement D_o = {row.alpha_u_observed:.4g}, expected D_e = {row.alpha_u_expected:.4g}"
        return None


class RelationAgreementModel(_ReportTableModel):
    """One row per relation type and the "overall" row last: counts and exact and lenient F1."""

    HEADERS = ("Relation", "A", "B", "Exact", "Lenient", "F1 exact", "F1 lenient")
    TIPS = (
        "Relation type (overall pools every type)",
        "Relations of analyst A",
        "Relations of analyst B",
        "Exact matches: the same type, both ends with the same label, start and end (one-to-one)",
        "Lenient matches: the same type, each end overlapping the other's end of the same label (one-to-one)",
        "2 · exact matches / (A + B), micro over documents",
        "2 · lenient matches / (A + B), micro over documents",
    )
    F1_COLUMNS = (5, 6)

    def set_report(self, report: AgreementReport | None) -> None:
        self._replace([] if report is None else [*report.relations.values(), report.relations_overall])

    def _order_rows(self, column: int, order: Qt.SortOrder) -> None:
        """The overall row stays last whatever the order."""
        super()._order_rows(column, order)
        self._rows = [r for r in self._rows if r.type is not None] + [r for r in self._rows if r.type is None]

    def _value(self, row: RelationScores, column: int) -> Any:
        if column == 0:
            return "overall" if row.type is None else row.type
        return (
            None,
            row.count_a,
            row.count_b,
            row.matches_exact,
            row.matches_lenient,
            row.f1_exact,
            row.f1_lenient,
        )[column]

    def _bar(self, row: RelationScores, column: int) -> float | None:
        return self._value(row, column) if column in self.F1_COLUMNS else None

    def _emphasised(self, row: RelationScores) -> bool:
        return row.type is None

    def _tooltip(self, row: RelationScores, column: int) -> str | None:
        if column == 0:
            return row.type if row.type is not None else "All relation types pooled"
        if column in self.F1_COLUMNS:
            matches = row.matches_exact if column == 5 else row.matches_lenient
            return f"2 × {matches} / ({row.count_a} + {row.count_b}) = {shown(self._value(row, column))}"
        return None


class DocumentAgreementModel(_ReportTableModel):
    """One row per document of the report; `sort()` orders by any column."""

    HEADERS = ("Document", "Length", "A", "B", "F1 exact", "F1 overlap", "Disagreements")
    TIPS = (
        "The document's id in the project (its title in the tooltip)",
        "Characters of the text",
        "Annotations of analyst A",
        "Annotations of analyst B",
        "2 · exact matches / (A + B)",
        "2 · overlap matches / (A + B)",
        "Pairs of the side-by-side comparison that are not full matches",
    )
    F1_COLUMNS = (4, 5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._summaries: Mapping[int, DocumentSummary] = {}

    def set_report(
        self, report: AgreementReport | None, summaries: Mapping[int, DocumentSummary] | None = None
    ) -> None:
        self._summaries = dict(summaries or {})
        self._replace([] if report is None else report.documents)

    def document_id(self, row: int) -> int | None:
        return self._rows[row].document_id if 0 <= row < len(self._rows) else None

    def row_of(self, document_id: int) -> int | None:
        return next((i for i, d in enumerate(self._rows) if d.document_id == document_id), None)

    def _summary(self, row: DocumentAgreement) -> DocumentSummary | None:
        """The project's summary of a row's document; None for a document without an id or one not given."""
        return self._summaries.get(row.document_id) if row.document_id is not None else None

    def _value(self, row: DocumentAgreement, column: int) -> Any:
        if column == 0:
            summary = self._summary(row)
            return summary.external_id if summary else str(row.document_id)
        return (None, row.length, row.count_a, row.count_b, row.f1_exact, row.f1_overlap, row.disagreements)[column]

    def _bar(self, row: DocumentAgreement, column: int) -> float | None:
        return self._value(row, column) if column in self.F1_COLUMNS else None

    def _tooltip(self, row: DocumentAgreement, column: int) -> str | None:
        if column == 0:
            summary = self._summary(row)
            title = summary.title if summary else ""
            return f"{title}\nDouble-click to compare A and B on this document".lstrip()
        if column in self.F1_COLUMNS:
            matches = row.matches_exact if column == 4 else row.matches_overlap
            return f"2 × {matches} / ({row.count_a} + {row.count_b}) = {shown(self._value(row, column))}"
        return None


class ConfusionModel(_ReportTableModel):
    """Label confusion on overlapping spans: rows are A's labels, columns B's, plus "(no span)".

    The diagonal counts overlap matches (same label); off the diagonal, overlapping spans
    with different labels; the "(no span)" row and column count spans the other analyst
    has nothing overlapping for (each analyst's count = its row or column sum).
    """

    TEXT_COLUMNS = 0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._labels: list[str | None] = []
        self._names: dict[str, str] = {}
        self._counts: dict[tuple[str | None, str | None], int] = {}

    @property
    def HEADERS(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self._name(label) for label in self._labels)

    def set_report(self, report: AgreementReport | None, schema: LabelSchema | None = None) -> None:
        self.beginResetModel()
        self._names = {label.key: label.name for label in schema or ()}
        self._counts = {}
        labels = list(report.labels) if report is not None else []
        if report is not None:
            for cell in report.confusion:
                self._counts[cell.label_a, cell.label_b] = cell.count
            for label, scores in report.labels.items():
                self._counts[label, label] = scores.matches_overlap
                confused_a = sum(n for (la, lb), n in self._counts.items() if la == label and lb != label)
                confused_b = sum(n for (la, lb), n in self._counts.items() if lb == label and la != label)
                self._counts[label, None] = scores.count_a - scores.matches_overlap - confused_a
                self._counts[None, label] = scores.count_b - scores.matches_overlap - confused_b
        self._labels = [*labels, None] if labels else []
        self._rows = self._natural = list(self._labels)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A matrix keeps its order."""

    def _name(self, label: str | None) -> str:
        return _NONE if label is None else self._names.get(label, label)

    def _value(self, row: str | None, column: int) -> int | None:
        other = self._labels[column]
        if row is None and other is None:
            return None
        return self._counts.get((row, other), 0)

    def _text(self, row: str | None, column: int) -> str:
        value = self._value(row, column)
        return "" if value is None else f"{value:,}"

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and 0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self._labels):
            row, other = self._rows[index.row()], self._labels[index.column()]
            value = self._value(row, index.column())
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _CENTRE
            if role == Qt.ItemDataRole.ForegroundRole and not value:
                return _MUTED
            if role == Qt.ItemDataRole.BackgroundRole and value:
                return QColor("#dcf0e3") if row == other else QColor("#fbe3c8")
            if role == Qt.ItemDataRole.ToolTipRole and value is not None:
                if row == other:
                    return f"{value} overlapping pairs labelled {self._name(row)} by both"
                if other is None:
                    return f"{value} spans of A labelled {self._name(row)} that no span of B overlaps"
                if row is None:
                    return f"{value} spans of B labelled {self._name(other)} that no span of A overlaps"
                return f"{value} overlapping pairs: A says {self._name(row)}, B says {self._name(other)}"
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not 0 <= section < len(self._labels):
            return None
        side = "B" if orientation == Qt.Orientation.Horizontal else "A"
        if role == Qt.ItemDataRole.DisplayRole:
            return self._name(self._labels[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            label = self._labels[section]
            return f"{side}: no overlapping span" if label is None else f"{side} labelled it {self._name(label)}"
        return None


class AttributeAgreementModel(_ReportTableModel):
    """Agreement on each attribute of matched spans: share of equal values and Cohen's kappa."""

    HEADERS = ("Attribute", "Basis", "Pairs", "Agree", "Agreement", "κ")
    TIPS = (
        "Label.attribute",
        "Which matched pairs: exact (same span) or overlap (same label, overlapping)",
        "Matched pairs of this label",
        "Pairs with equal values (a missing value counts as empty)",
        "Share of pairs with equal values",
        "Cohen's kappa over the pairs; n/a when undefined",
    )
    TEXT_COLUMNS = 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}

    def set_report(self, report: AgreementReport | None, schema: LabelSchema | None = None) -> None:
        self._names = {label.key: label.name for label in schema or ()}
        self._replace([] if report is None else report.attributes)

    def _value(self, row: AttributeAgreement, column: int) -> Any:
        if column == 0:
            return f"{self._names.get(row.label, row.label)}.{row.attribute}"
        return (None, row.basis, row.pairs, row.agreeing, row.agreement, row.kappa)[column]

    def _text(self, row: AttributeAgreement, column: int) -> str:
        if column == 4:
            return _percent(row.agreement)
        return super()._text(row, column)

    def _tooltip(self, row: AttributeAgreement, column: int) -> str | None:
        if column == 4:
            return f"{row.agreeing} of {row.pairs} pairs agree"
        return None
