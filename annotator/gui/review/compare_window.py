"""Review → Compare: analysts A and B side by side with the gold set, a list of differences and adjudication keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, Annotation, Decision
from annotator.core.review import Pair, align
from annotator.gui.annotate.document_view import DocumentView
from annotator.gui.focus_combo import FocusComboBox
from annotator.gui.project_events import ProjectEvents
from annotator.gui.review.decision_cells import ACTION_NAMES, rationale_order
from annotator.gui.review.decision_log_model import DecisionLogModel
from annotator.gui.review.gold_edit_dialog import GoldEditDialog
from annotator.gui.review.pair_table_model import PairTableModel
from annotator.gui.review.relation_pane import RELATION_KEYS, RelationPane
from annotator.gui.review.review_commands import AcceptAllCommand, DecideCommand, DecisionOptions
from annotator.gui.review.typing_guard import TypingGuard
from annotator.gui.screen_fit import fit_to_screen
from annotator.services import Change, Project

if TYPE_CHECKING:
    from typing_extensions import Unpack  # in typing from Python 3.11


class Aligned(NamedTuple):
    """A and B's annotations of one document and their alignment, kept while only the gold set changes."""

    key: tuple[int, str, str]  # (document id, analyst A, analyst B)
    a: list[Annotation]
    b: list[Annotation]
    pairs: list[Pair]
    ids: frozenset[int]  # of A's and B's annotations


WANTED_SIZE = QSize(1500, 900)  # three panes of readable lines and the list of differences below
KEYS_HELP = "N/P next/previous · A take A · B take B · Enter accept agreement · E edit gold · X reject · R rationale"


def _either(pair: Pair) -> Annotation:
    """A's annotation when the pair has an A side, else B's (not `pair.a or pair.b`: an empty span tests false)."""
    side = pair.a if pair.a is not None else pair.b
    if side is None:
        raise ValueError("a pair needs at least one annotation")  # refused by Pair already
    return side


def _ids(pair: Pair | None) -> frozenset[int] | None:
    """A pair's annotation ids: the same pair after the table was filled again."""
    return None if pair is None else frozenset(x.id for x in (pair.a, pair.b) if x is not None)


class CompareWindow(QMainWindow):
    def __init__(
        self,
        project: Project,
        document_id: int | None = None,
        a: str | None = None,
        b: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.project = project
        self.review = project.review
        self.undo_stack = QUndoStack(self)
        self.document_id: int | None = None
        self.setWindowTitle("Compare analysts — Annotator")
        self._syncing = False
        self._aligned: Aligned | None = None
        # the pair decided last, and the pair the window then moved on to by itself: until the
        # reviewer moves on themselves, R is about that decision, not the next difference
        self._last_decided: Pair | None = None
        self._advanced_to: frozenset[int] | None = None
        self._selecting = False
        self._fitted = False
        self._build()
        self.typing_guard = TypingGuard(self)  # A, B, X… typed into a box or a dialog's field stay text there
        self._fill_choices(a, b)
        self.events = ProjectEvents(project, self)
        self.events.changed.connect(self._on_change)
        self.open_document(document_id if document_id is not None else project.last_document_id())
        fit_to_screen(self, WANTED_SIZE)

    # --- construction

    def _pane(self, title: str, name: str) -> tuple[QWidget, DocumentView, QLabel]:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QLabel(title)
        header.setStyleSheet("font-weight: bold; padding: 4px;")
        view = DocumentView()
        view.setObjectName(name)
        view.annotation_clicked.connect(lambda annotation_id, v=view: self._clicked(v, annotation_id))
        layout.addWidget(header)
        layout.addWidget(view)
        return host, view, header

    def _build(self) -> None:
        bar = QToolBar("Comparison", self)
        bar.setObjectName("compareBar")
        self.addToolBar(bar)
        self.a_box, self.b_box, self.document_box = FocusComboBox(), FocusComboBox(), FocusComboBox()
        # the title takes the room the toolbar has, and gives it up on a small screen (the rest of the bar stays in view)
        self.document_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.document_box.setMinimumContentsLength(24)
        self.document_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        bar.addWidget(QLabel(" Document "))
        bar.addWidget(self.document_box)
        bar.addWidget(QLabel("  A "))
        bar.addWidget(self.a_box)
        bar.addWidget(QLabel("  B "))
        bar.addWidget(self.b_box)
        bar.addSeparator()
        self.accept_all_action = bar.addAction("Accept all agreements", self.accept_all)
        self.show_agreements = QCheckBox("Show agreements")
        self.show_agreements.toggled.connect(self.refresh)
        bar.addWidget(self.show_agreements)
        for box in (self.a_box, self.b_box):
            box.currentIndexChanged.connect(self.refresh)
        self.document_box.currentIndexChanged.connect(
            lambda: (
                self.open_document(self.document_box.currentData())
                if self.document_box.currentData() != self.document_id
                else None
            )
        )

        panes = QSplitter(Qt.Orientation.Horizontal)
        host_a, self.view_a, self.header_a = self._pane("A", "paneA")
        host_b, self.view_b, self.header_b = self._pane("B", "paneB")
        host_g, self.view_gold, self.header_gold = self._pane("Gold (adjudicated)", "paneGold")
        for host in (host_a, host_b, host_g):
            panes.addWidget(host)
        self.views = (self.view_a, self.view_b, self.view_gold)
        for view in self.views:
            view.verticalScrollBar().valueChanged.connect(lambda value, v=view: self._sync_scroll(v, value))
            view.cursorPositionChanged.connect(lambda v=view: self._sync_caret(v))

        self.pair_model = PairTableModel(self)
        self.pair_table = QTableView()
        self.pair_table.setObjectName("pairTable")
        self.pair_table.setModel(self.pair_model)
        self.pair_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pair_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pair_table.verticalHeader().hide()
        self.pair_table.setWordWrap(False)
        header = self.pair_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.pair_table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.log_model = DecisionLogModel(self)
        self.log_table = QTableView()
        self.log_table.setObjectName("decisionLog")
        self.log_table.setModel(self.log_model)
        self.log_table.verticalHeader().hide()
        self.log_table.setWordWrap(False)
        self.log_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.log_table.horizontalHeader().setStretchLastSection(True)
        lists = QTabWidget()
        lists.addTab(self.pair_table, "Differences")
        lists.addTab(self.log_table, "Decision log")
        self.relation_pane = RelationPane(self.project, self.undo_stack, self.statusBar().showMessage, self._error)
        lists.addTab(self.relation_pane, "Relations")  # A, B, Enter, X, N, P act on its rows while it is shown
        self.relation_pane.views = self.views
        self.lists = lists
        lists.currentChanged.connect(self._keys_help)

        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(panes)
        outer.addWidget(lists)
        outer.setSizes([600, 260])
        self.setCentralWidget(outer)

        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self.statusBar().showMessage(KEYS_HELP)
        self._actions()

    def _actions(self) -> None:
        def add(text: str, keys: str | list[str], slot: Callable[[], object]) -> QAction:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in (keys if isinstance(keys, list) else [keys])])
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        add("Next difference", "N", lambda: self.step(1))
        add("Previous difference", "P", lambda: self.step(-1))
        add("Take A", "A", lambda: self.decide("take_a"))
        add("Take B", "B", lambda: self.decide("take_b"))
        add("Accept agreement", ["Return", "Enter"], lambda: self.decide("accept"))
        add("Edit gold span", "E", self.edit_gold)
        add("Reject", "X", lambda: self.decide("reject"))
        add("Rationale", "R", self.add_rationale)
        undo = self.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addAction(undo)
        self.addAction(redo)
        self.undo_stack.indexChanged.connect(self._forget_last_decision)  # an undone decision has nothing to explain
        add("Close", "Ctrl+W", self.close)

    def _fill_choices(self, a: str | None, b: str | None) -> None:
        analysts = [x for x in self.project.analysts() if x != GOLD]
        for box, wanted, fallback in ((self.a_box, a, 0), (self.b_box, b, 1)):
            box.blockSignals(True)
            box.clear()
            for name in analysts:
                box.addItem(name, name)
            index = box.findData(wanted) if wanted else -1
            box.setCurrentIndex(index if index >= 0 else min(fallback, len(analysts) - 1))
            box.blockSignals(False)
        self.document_box.blockSignals(True)
        self.document_box.clear()
        for summary in self.project.document_summaries():
            self.document_box.addItem(summary.title or summary.external_id, summary.id)
        self.document_box.blockSignals(False)

    # --- state

    @property
    def analyst_a(self) -> str | None:
        return self.a_box.currentData()

    @property
    def analyst_b(self) -> str | None:
        return self.b_box.currentData()

    def open_document(self, document_id: int | None) -> None:
        if document_id is None:
            return
        self.document_id = document_id
        self._forget_last_decision()
        index = self.document_box.findData(document_id)
        if index >= 0 and self.document_box.currentIndex() != index:
            self.document_box.blockSignals(True)
            self.document_box.setCurrentIndex(index)
            self.document_box.blockSignals(False)
        document = self.project.document(document_id)
        for view in self.views:
            view.set_document(document, [], self.project.schema)
        self.refresh()

    def refresh(self, *, gold_only: bool = False) -> None:
        """Re-read both analysts, the gold set and the decisions of the document; with `gold_only`
        (a decision changed the gold set, nothing else), A and B and their alignment are kept: on a
        long article re-reading and re-aligning them made every decision take half a second."""
        if self.document_id is None or self.analyst_a is None or self.analyst_b is None:
            return
        current = self.current_pair()
        a, b = self.analyst_a, self.analyst_b
        key = (self.document_id, a, b)
        if gold_only and self._aligned is not None and self._aligned.key == key:
            gold = self.project.annotations(self.document_id, [GOLD])
        else:
            annotations = self.project.annotations(self.document_id, [a, b, GOLD])
            mine = {name: [x for x in annotations if x.analyst == name] for name in (a, b, GOLD)}
            ids = frozenset(x.id for x in mine[a] + mine[b])
            self._aligned = Aligned(key, mine[a], mine[b], align(mine[a], mine[b]), ids)
            self.view_a.set_annotations(mine[a], self.project.schema)
            self.view_b.set_annotations(mine[b], self.project.schema)
            self.header_a.setText(f"A — {a} ({len(mine[a])})")
            self.header_b.setText(f"B — {b} ({len(mine[b])})")
            gold = mine[GOLD]
        self.view_gold.set_annotations(gold, self.project.schema)
        self.header_gold.setText(f"Gold — adjudicated ({len(gold)})")
        pairs = self._aligned.pairs
        shown = pairs if self.show_agreements.isChecked() else [p for p in pairs if p.kind != "match"]
        text = self.view_a.current_document.text if self.view_a.current_document else ""
        decisions = self.review.decisions(self.document_id)
        self.pair_model.set_pairs(text, shown, self.project.schema, decisions)
        self.log_model.set_decisions(text, decisions, self.project.schema)
        shown_relations = self.relation_pane.set_rows(
            self.document_id, text, pairs, a, b, decisions, self.show_agreements.isChecked()
        )
        self.lists.setTabText(2, f"Relations ({shown_relations})")
        self.lists.setTabText(1, f"Decision log ({len(decisions)})")
        decided = sum(1 for p in shown if self.pair_model.decision(p) is not None)
        agreements = sum(1 for p in pairs if p.kind == "match")
        self.status.setText(f"{len(shown)} shown · {decided} decided · {agreements} agreements · {len(gold)} in gold")
        self.accept_all_action.setEnabled(self.project.reviewer and agreements > 0)
        self._select(self._row_of(current) if current is not None else 0)

    def _row_of(self, pair: Pair) -> int | None:
        ids = {x.id for x in (pair.a, pair.b) if x is not None}
        for row, other in enumerate(self.pair_model.pairs):
            if ids & {x.id for x in (other.a, other.b) if x is not None}:
                return row
        return None

    def current_pair(self) -> Pair | None:
        return self.pair_model.pair(self.pair_table.currentIndex().row())

    def _select(self, row: int | None) -> None:
        if row is None or not (0 <= row < self.pair_model.rowCount()):
            row = 0 if self.pair_model.rowCount() else None
        if row is None:
            self.pair_table.selectionModel().clearSelection()
            return
        self._selecting = True
        try:
            self.pair_table.selectionModel().setCurrentIndex(
                self.pair_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._selecting = False
        self._show_pair(row)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._selecting:  # the reviewer chose a row (mouse, arrow keys): R is about that row now
            self._advanced_to = None
        self._show_pair(current.row())

    def _show_pair(self, row: int) -> None:
        pair = self.pair_model.pair(row)
        if pair is None:
            return
        self.view_a.set_selected_annotation(pair.a.id if pair.a else None)
        self.view_b.set_selected_annotation(pair.b.id if pair.b else None)
        for view in self.views:  # the same place in all three panes, even where one has nothing
            view.select_span(pair.start, pair.start)
            view.ensureCursorVisible()
        self.pair_table.scrollTo(self.pair_model.index(row, 0))

    # --- keeping the panes together

    def _sync_scroll(self, source: DocumentView, value: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        for view in self.views:
            if view is not source:
                view.verticalScrollBar().setValue(value)
        self._syncing = False

    def _sync_caret(self, source: DocumentView) -> None:
        if self._syncing:
            return
        self._syncing = True
        position = source.textCursor().position()
        for view in self.views:
            if view is not source:
                cursor = view.textCursor()
                cursor.setPosition(position)
                view.setTextCursor(cursor)
        self._syncing = False

    def _clicked(self, view: DocumentView, annotation_id: int | None) -> None:
        if annotation_id is None:
            return
        for row, pair in enumerate(self.pair_model.pairs):
            if annotation_id in {x.id for x in (pair.a, pair.b) if x is not None}:
                self._advanced_to = None
                self._select(row)
                return

    # --- deciding

    def step(self, direction: int) -> None:
        if self.lists.currentWidget() is self.relation_pane:
            return self.relation_pane.step(direction)
        rows = self.pair_model.rowCount()
        if not rows:
            return
        self._advanced_to = None
        current = self.pair_table.currentIndex().row()
        self._select((current + direction) % rows if current >= 0 else 0)

    def _error(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Annotator", message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # never blocks: a failed decision must not freeze the review
        self.last_error = message

    def decide(self, action: str, **options: Unpack[DecisionOptions]) -> None:
        if self.lists.currentWidget() is self.relation_pane:
            return self.relation_pane.decide(action)
        pair = self.current_pair()
        if pair is None or self.document_id is None:
            self.statusBar().showMessage("Nothing to decide here.", 3000)
            return
        if not self.project.reviewer:
            self.statusBar().showMessage("Only the reviewer adjudicates: start Annotator with --reviewer.", 5000)
            return
        if action == "accept" and pair.kind not in ("match", "attributes"):
            self.statusBar().showMessage(
                "A and B do not agree here: take A (A), take B (B), edit (E) or reject (X).", 5000
            )
            return
        if (action == "take_a" and pair.a is None) or (action == "take_b" and pair.b is None):
            self.statusBar().showMessage(f"Analyst {'A' if action == 'take_a' else 'B'} has nothing here.", 4000)
            return
        row = self.pair_table.currentIndex().row()
        previous = self.pair_model.decision(pair)
        command = DecideCommand(self.review, self.document_id, pair, action, self._error, **options)
        replaces = f"replaces: {ACTION_NAMES.get(previous.action, previous.action)}" if previous else ""
        if replaces:  # what Undo will bring back, in the Edit menu's words too
            command.setText(f"{command.text()} ({replaces})")
        self.undo_stack.push(command)
        self._select(min(row + 1, self.pair_model.rowCount() - 1))  # on to the next difference
        if command.decision is not None:
            self._last_decided, self._advanced_to = pair, _ids(self.current_pair())
            chosen = pair.b if action == "take_b" else _either(pair)
            done = f"{ACTION_NAMES.get(action, action)} — {self.pair_model.describe(chosen)}"
            self.statusBar().showMessage(" · ".join(x for x in (done, replaces, "R adds a rationale") if x), 8000)

    def edit_gold(self) -> None:
        pair = self.current_pair()
        if pair is None or self.view_a.current_document is None:
            return
        source = _either(pair)
        start, end = pair.start, pair.end
        for view in self.views:  # a selection in any pane proposes the bounds
            chosen = view.selected_span()
            if chosen:
                start, end = chosen
                break
        dialog = GoldEditDialog(
            self.view_a.current_document.text,
            self.project.schema,
            source.label,
            start,
            end,
            dict(source.attributes),
            self,
        )
        if dialog.exec() and dialog.span is not None:
            self.decide(
                "edit",
                label=dialog.label,
                start=dialog.span[0],
                end=dialog.span[1],
                attributes=dialog.attributes,
                rationale=dialog.rationale,
            )

    def _keys_help(self) -> None:
        """The keys of the tab shown: the Relations tab decides relations, the others spans."""
        self.statusBar().showMessage(RELATION_KEYS if self.lists.currentWidget() is self.relation_pane else KEYS_HELP)

    def _forget_last_decision(self) -> None:
        self._last_decided = self._advanced_to = None

    def _rationale_target(self) -> tuple[Pair, Decision] | None:
        """The decision R explains: the one just made while the window only moved on from it by
        itself, else the selected pair's, else (the selected pair is undecided) the one just made."""
        current = self.current_pair()
        for pair in rationale_order(self._last_decided, current, _ids(current) == self._advanced_to):
            decision = self.pair_model.decision(pair)
            if decision is not None:
                return pair, decision
        return None

    def add_rationale(self) -> None:
        if self.lists.currentWidget() is self.relation_pane:
            if self.relation_pane.add_rationale():
                self.refresh()
            return
        target = self._rationale_target()
        if target is None:
            self.statusBar().showMessage("Decide first (A, B, Enter, E or X), then add a rationale with R.", 4000)
            return
        pair, decision = target
        what = f"{ACTION_NAMES.get(decision.action, decision.action)} — {self.pair_model.describe(_either(pair))}"
        text, ok = QInputDialog.getText(
            self, "Rationale", f"Why this decision (one line)?\n{what}", text=decision.rationale
        )
        if ok:
            try:
                self.review.set_rationale(decision.id, text)
            except AnnotatorError as exc:
                self._error(str(exc))
            self.refresh()

    def accept_all(self) -> None:
        a, b = self.analyst_a, self.analyst_b
        if self.document_id is None or a is None or b is None or not self.project.reviewer:
            return  # no document or no two analysts to take agreements from
        command = AcceptAllCommand(self.review, self.document_id, a, b, self._error)
        self.undo_stack.push(command)
        self.statusBar().showMessage(f"{command.count} agreements accepted into gold.", 5000)

    # --- notices

    def _on_change(self, change: Change) -> None:
        if change.kind in ("annotations", "relations") and change.document_id == self.document_id:
            self.refresh(gold_only=change.kind == "relations" or self._only_gold(change.annotation_ids))
        elif change.kind == "documents":
            self._fill_choices(self.analyst_a, self.analyst_b)

    def _only_gold(self, annotation_ids: Sequence[int]) -> bool:
        """Whether a change touched gold annotations only (as a decision does): none of A's or B's
        went or changed (their ids), and every one there is now is gold."""
        if not annotation_ids or self._aligned is None or self._aligned.ids.intersection(annotation_ids):
            return False
        return all(x.analyst == GOLD for x in self.project.annotations_by_id(annotation_ids))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            if not self._fitted:  # once, now that the frame and the screen are known: never larger than the screen
                self._fitted = True
                fit_to_screen(self, self.size())
            # the first difference was scrolled to before the panes had their size: from the top
            # again, scrolled only as far as it needs at the size they have now
            for view in self.views:
                view.verticalScrollBar().setValue(0)
            row = self.pair_table.currentIndex().row()
            if row >= 0:
                self._show_pair(row)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.events.detach()
        self.typing_guard.remove()
        super().closeEvent(event)
