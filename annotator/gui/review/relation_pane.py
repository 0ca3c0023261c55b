"""The compare window's Relations tab: A's and B's relations side by side, decided with A, B, Enter and X."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QInputDialog, QTableView, QVBoxLayout, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.model import Decision, Relation
from annotator.core.relation_review import RelationPair
from annotator.core.review import Pair
from annotator.gui.annotate.document_view import DocumentView
from annotator.gui.review.decision_cells import ACTION_NAMES, rationale_order
from annotator.gui.review.relation_decide_command import RelationDecideCommand
from annotator.gui.review.relation_pair_model import RelationPairModel
from annotator.services import Project

RELATION_KEYS = "Relations: N/P next/previous · A take A · B take B · Enter accept (type differs: choose the type) · X reject · R rationale"


class RelationPane(QWidget):
    """A table of relation differences; the compare window passes its keys here while this tab is shown."""

    def __init__(
        self,
        project: Project,
        undo_stack: QUndoStack,
        show_message: Callable[[str, int], None],
        on_error: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.project, self.undo_stack = project, undo_stack
        self._show_message, self._on_error = show_message, on_error
        self.document_id: int | None = None
        self.views: tuple[DocumentView, ...] = ()  # A, B and gold: where a chosen row's source is shown
        # the row decided last (its relations' ids) and the row the table moved on to by itself: what R explains
        self._last_decided: tuple[int, ...] | None = None
        self._advanced_to: tuple[int, ...] | None = None
        undo_stack.indexChanged.connect(self._forget_last_decision)  # an undone decision has nothing to explain
        self.model = RelationPairModel(self)
        self._gold: dict[int, Relation] = {}  # the document's gold relations by id: a decided row's is drawn in gold
        self.table = QTableView()
        self.table.setObjectName("relationTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def set_rows(
        self,
        document_id: int,
        text: str,
        pairs: Sequence[Pair],
        a: str,
        b: str,
        decisions: Sequence[Decision],
        show_agreements: bool,
    ) -> int:
        """Fill the table from the span alignment `pairs`, keeping the selected row; returns the rows shown."""
        current = self.current_row()
        self.document_id = document_id
        rows = self.project.review.relations.compare(document_id, a, b, pairs)
        self._gold = {r.id: r for r in self.project.review.relations.gold(document_id)}
        shown = rows if show_agreements else [r for r in rows if r.kind != "match"]
        self.model.set_rows(text, shown, decisions)
        wanted = next((i for i, r in enumerate(shown) if current and set(r.ids) & set(current.ids)), 0)
        self.select(wanted)
        return len(shown)

    def current_row(self) -> RelationPair | None:
        return self.model.row(self.table.currentIndex().row())

    def select(self, row: int) -> None:
        if not (0 <= row < self.model.rowCount()):
            row = 0
        if not self.model.rowCount():
            self.table.selectionModel().clearSelection()
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the chosen relation's source in the panes: A's and B's spans selected, scrolled into view."""
        row = self.model.row(current.row())
        if row is None or len(self.views) < 2:
            return
        source = row.source
        self.views[0].set_selected_annotation(source.a.id if source.a else None)
        self.views[1].set_selected_annotation(source.b.id if source.b else None)
        # each side's relation drawn as an arrow in its pane, and the gold one a decision made in the gold pane:
        # a type difference, and what went into gold, are seen at a glance
        decision = self.model.decision(row)
        gold = self._gold.get(decision.gold_relation_id) if decision and decision.gold_relation_id else None
        for view, relation in zip(self.views, (row.a, row.b, gold), strict=False):
            view.set_arrows([(relation.type, relation.source_id, relation.target_id)] if relation else [])
        for view in self.views:
            view.select_span(source.start, source.start)
            view.ensureCursorVisible()

    def step(self, direction: int) -> None:
        rows = self.model.rowCount()
        if rows:
            current = self.table.currentIndex().row()
            self.select((current + direction) % rows if current >= 0 else 0)

    def _choose_type(self, row: RelationPair) -> str | None:
        """The type an Enter on a type-differs row puts into gold: A's or B's, or another that fits the ends."""
        offered = [r.type for r in (row.a, row.b) if r is not None]
        side = row.source.a if row.source.a is not None else row.source.b
        other = row.target.a if row.target.a is not None else row.target.b
        if side is not None and other is not None:
            offered += [t for t in self.project.schema.fitting_types(side.label, other.label) if t not in offered]
        chosen, ok = QInputDialog.getItem(
            self, "Relation type", f"Type of the gold relation\n{self.model.describe(row)}", offered, 0, False
        )
        return chosen if ok and chosen else None

    def decide(self, action: str) -> None:
        """A (take_a), B (take_b), Enter (accept; on a type difference: choose the type) or X (reject)."""
        row = self.current_row()
        if row is None or self.document_id is None:
            self._show_message("No relation to decide here.", 3000)
            return
        if not self.project.reviewer:
            self._show_message("Only the reviewer adjudicates: start Annotator with --reviewer.", 5000)
            return
        if (action == "take_a" and row.a is None) or (action == "take_b" and row.b is None):
            self._show_message(f"Analyst {'A' if action == 'take_a' else 'B'} has no relation here.", 4000)
            return
        chosen_type = None
        if action == "accept" and row.kind == "type":
            chosen_type = self._choose_type(row)
            if chosen_type is None:
                return
            action = "edit"
        elif action == "accept" and row.kind != "match":
            self._show_message("Only one analyst drew this relation: take it (A or B) or reject it (X).", 5000)
            return
        index = self.table.currentIndex().row()
        command = RelationDecideCommand(
            self.project.review.relations, self.document_id, row, action, self._on_error, chosen_type
        )
        self.undo_stack.push(command)  # the window refills the table on the change notices
        self.select(min(index + 1, self.model.rowCount() - 1))  # on to the next difference
        if command.step is not None:
            moved_to = self.current_row()
            self._last_decided, self._advanced_to = row.ids, moved_to.ids if moved_to is not None else None
            decision = command.step.decision  # its label is the type that went into gold
            done = ACTION_NAMES.get(decision.action, decision.action)
            self._show_message(f"{done} — {self.model.describe(row, decision.label)} · R adds a rationale", 8000)

    def _forget_last_decision(self) -> None:
        self._last_decided = self._advanced_to = None

    def _rationale_target(self) -> tuple[RelationPair, Decision] | None:
        """The decision R explains, chosen as on the spans' tab: the one just made while the table only moved
        on from it by itself, else the selected row's, else (the selected row is undecided) the one just made."""
        current = self.current_row()
        current_ids = current.ids if current is not None else None
        for ids in rationale_order(self._last_decided, current_ids, current_ids == self._advanced_to):
            row = next((r for r in self.model.rows if r.ids == ids), None)
            decision = self.model.decision(row) if row is not None else None
            if row is not None and decision is not None:
                return row, decision
        return None

    def add_rationale(self) -> bool:
        """Ask why for the decision R explains and keep the answer; whether it changed."""
        target = self._rationale_target()
        if target is None:
            self._show_message("Decide first (A, B, Enter or X), then add a rationale with R.", 4000)
            return False
        row, decision = target
        what = f"{ACTION_NAMES.get(decision.action, decision.action)} — {self.model.describe(row, decision.label)}"
        text, ok = QInputDialog.getText(
            self, "Rationale", f"Why this decision (one line)?\n{what}", text=decision.rationale
        )
        if not ok:
            return False
        try:
            self.project.review.set_rationale(decision.id, text)
        except AnnotatorError as exc:
            self._on_error(str(exc))
            return False
        return True
