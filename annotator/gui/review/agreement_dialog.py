"""Review → Agreement: how far two analysts agree, per label, per document, on labels and on attributes.

The dialog only shows what `Review.agreement` computes (definitions in `annotator.core.agreement`),
runs the computation off the UI thread, exports the report through
`annotator.services.agreement_report`, and asks for the side-by-side comparison of a document
with `comparison_requested(document_id, analyst_a, analyst_b)`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QHideEvent, QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import AgreementReport
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, DocumentSummary
from annotator.gui.exchange.exchange_worker import ExchangeWorker
from annotator.gui.focus_combo import FocusComboBox
from annotator.gui.review.agreement_models import (
    BAR_ROLE,
    AttributeAgreementModel,
    ConfusionModel,
    DocumentAgreementModel,
    LabelAgreementModel,
    RelationAgreementModel,
)
from annotator.services import Change, Project, agreement_report

EXACT_COLOUR, OVERLAP_COLOUR = "#0072B2", "#56B4E9"  # as in the HTML report's bars

# what a computation hands back: analysts A and B, their report and the summaries of its documents
Computed = tuple[str, str, AgreementReport, dict[int, DocumentSummary]]


class _BarDelegate(QStyledItemDelegate):
    """Paints a pale bar for a value in [0, 1] (`BAR_ROLE`) behind the cell's text."""

    def __init__(self, colour: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._colour = QColor(colour)
        self._colour.setAlpha(70)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        value = index.data(BAR_ROLE)
        if isinstance(value, (int, float)):
            box = QRectF(option.rect).adjusted(3, 4, -3, -4)
            box.setWidth(box.width() * max(0.0, min(1.0, float(value))))
            painter.save()
            painter.fillRect(box, self._colour)
            painter.restore()
        super().paint(painter, option, index)


def _table(model: QAbstractItemModel, *, sortable: bool = False) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    if sortable:
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
    return view


def _widths(view: QTableView, *text_widths: int) -> None:
    """The text columns get these widths (and can be resized); the number columns share the rest."""
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    model = view.model()
    header.setMinimumSectionSize(max(metrics.horizontalAdvance("0.000") + 24, 56))
    header.setStretchLastSection(False)
    for column in range(model.columnCount()):
        if column < len(text_widths):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, text_widths[column])
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


class AgreementDialog(QDialog):
    """Non-modal report of two analysts' agreement, computed whenever it is shown and on Compute.

    Signals: `computed(report)` once results are shown, `failed(message)` when the services refuse,
    `comparison_requested(document_id, analyst_a, analyst_b)` on a double-clicked document.
    """

    comparison_requested = Signal(int, str, str)
    computed = Signal(object)
    failed = Signal(str)
    _project_changed_signal = Signal(object)  # a change notice, carried to the UI thread

    def __init__(self, project: Project, parent: QWidget | None = None, document_ids: Sequence[int] | None = None):
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Agreement")
        self.setModal(False)
        self.report: AgreementReport | None = None
        self.analysts: tuple[str, str] | None = None  # A and B of the report shown
        self.external_ids: dict[int, str] = {}
        self.last_folder = Path(project.location).parent if Path(project.location).parent.is_dir() else Path.home()
        self._worker: ExchangeWorker | None = None
        self._listener: Callable[[Change], None] | None = None  # subscribed to the project's change notices while shown
        self._stale = False
        self._document_ids: list[int] | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_top_row())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.stack = QStackedWidget()
        self.message = QLabel()
        self.message.setObjectName("agreementMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.message)
        self.tabs = self._build_tabs()
        self.stack.addWidget(self.tabs)
        layout.addWidget(self.stack, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_csv_button = self.buttons.addButton("Export CS&V…", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_html_button = self.buttons.addButton("Export &HTML…", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_csv_button.clicked.connect(self.export_csv)
        self.export_html_button.clicked.connect(self.export_html)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._project_changed_signal.connect(self._project_changed)
        self.set_document_ids(document_ids)
        self.refresh_analysts()
        self.resize(900, 520)

    # --- building

    def _build_top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.analyst_a_box, self.analyst_b_box = FocusComboBox(), FocusComboBox()
        for title, box in (("Analyst &A", self.analyst_a_box), ("Analyst &B", self.analyst_b_box)):
            label = QLabel(title)
            label.setBuddy(box)
            box.setMinimumContentsLength(10)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.currentIndexChanged.connect(self._update_controls)
            row.addWidget(label)
            row.addWidget(box)
            row.addSpacing(8)
        row.addWidget(QLabel("Documents:"))
        self.all_documents = QRadioButton("A&ll")
        self.selected_documents = QRadioButton("&Selected")
        group = QButtonGroup(self)
        for button in (self.all_documents, self.selected_documents):
            group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(110)
        self.busy.setTextVisible(False)
        self.busy.hide()
        row.addWidget(self.busy)
        self.compute_button = QPushButton("&Compute")
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        row.addWidget(self.compute_button)
        return row

    def _build_tabs(self) -> QTabWidget:
        tabs = QTabWidget()
        self.label_model = LabelAgreementModel(self)
        self.label_view = _table(self.label_model)
        for column, colour in zip(LabelAgreementModel.F1_COLUMNS, (EXACT_COLOUR, OVERLAP_COLOUR), strict=True):
            self.label_view.setItemDelegateForColumn(column, _BarDelegate(colour, self.label_view))
        _widths(self.label_view, 220)
        tabs.addTab(self.label_view, "&Per label")

        self.confusion_model = ConfusionModel(self)
        self.confusion_view = _table(self.confusion_model)
        self.confusion_view.verticalHeader().show()
        self.confusion_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.confusion_view.setAlternatingRowColors(False)
        self.confusion_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.confusion_view.horizontalHeader().setMinimumSectionSize(80)
        self.confusion_caption = QLabel()
        self.confusion_caption.setWordWrap(True)
        self.attribute_model = AttributeAgreementModel(self)
        self.attribute_view = _table(self.attribute_model)
        _widths(self.attribute_view, 220, 90)
        self.attribute_caption = QLabel(
            "Attributes on matched spans: share of pairs with equal values, and Cohen's kappa."
        )
        self.attribute_caption.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for caption, view in (
            (self.confusion_caption, self.confusion_view),
            (self.attribute_caption, self.attribute_view),
        ):
            part = QWidget()
            box = QVBoxLayout(part)
            box.setContentsMargins(0, 4, 0, 0)
            box.addWidget(caption)
            box.addWidget(view, 1)
            splitter.addWidget(part)
        tabs.addTab(splitter, "C&onfusion && attributes")

        self.document_model = DocumentAgreementModel(self)
        self.document_view = _table(self.document_model, sortable=True)
        for column, colour in zip(DocumentAgreementModel.F1_COLUMNS, (EXACT_COLOUR, OVERLAP_COLOUR), strict=True):
            self.document_view.setItemDelegateForColumn(column, _BarDelegate(colour, self.document_view))
        _widths(self.document_view, 260)
        self.document_view.doubleClicked.connect(self._document_activated)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # the keyboard way, before the dialog's default button
            shortcut = QShortcut(QKeySequence(key), self.document_view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self._document_activated(self.document_view.currentIndex()))
        documents = QWidget()
        box = QVBoxLayout(documents)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(self.document_view, 1)
        hint = QLabel(
            "Click a header to sort (n/a sorts last). Double-click a document (or press Enter) to compare A and B side by side."
        )
        hint.setWordWrap(True)
        box.addWidget(hint)
        tabs.addTab(documents, "&Documents")

        self.relation_model = RelationAgreementModel(self)
        self.relation_view = _table(self.relation_model)
        for column, colour in zip(RelationAgreementModel.F1_COLUMNS, (EXACT_COLOUR, OVERLAP_COLOUR), strict=True):
            self.relation_view.setItemDelegateForColumn(column, _BarDelegate(colour, self.relation_view))
        _widths(self.relation_view, 160)
        relations = QWidget()
        box = QVBoxLayout(relations)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(self.relation_view, 1)
        hint = QLabel(
            "Exact: the same type and both ends with the same label, start and end. Lenient: the same type and each "
            "end overlapping the other analyst's end of the same label. n/a: neither analyst drew a relation."
        )
        hint.setWordWrap(True)
        box.addWidget(hint)
        tabs.addTab(relations, "&Relations")
        return tabs

    # --- choices

    @property
    def analyst_a(self) -> str | None:
        return self.analyst_a_box.currentText() or None

    @property
    def analyst_b(self) -> str | None:
        return self.analyst_b_box.currentText() or None

    def set_analysts(self, a: str, b: str) -> None:
        for box, name in ((self.analyst_a_box, a), (self.analyst_b_box, b)):
            index = box.findText(name)
            if index >= 0:
                box.setCurrentIndex(index)

    def set_document_ids(self, document_ids: Sequence[int] | None) -> None:
        """Offer "Selected" for these documents (chosen by default), or only "All" when None."""
        self._document_ids = None if document_ids is None else list(document_ids)
        count = len(self._document_ids or ())
        self.selected_documents.setText(f"&Selected ({count:,})" if self._document_ids is not None else "&Selected")
        self.selected_documents.setEnabled(bool(count))
        (self.selected_documents if count else self.all_documents).setChecked(True)

    @property
    def document_ids(self) -> list[int] | None:
        """The documents the next computation covers (None: all)."""
        return list(self._document_ids or ()) if self.selected_documents.isChecked() else None

    def refresh_analysts(self) -> None:
        """Fill the analyst choices from the project, keeping the current choice where possible."""
        names = self.project.analysts()
        previous = (self.analyst_a, self.analyst_b)
        people = [n for n in names if n != GOLD]
        defaults = (people + [n for n in names if n == GOLD])[:2]
        for box, keep, default in zip(
            (self.analyst_a_box, self.analyst_b_box), previous, defaults + [None, None], strict=False
        ):
            box.blockSignals(True)
            box.clear()
            box.addItems(names)
            chosen = keep if keep in names else default
            box.setCurrentIndex(box.findText(chosen) if chosen else -1)
            box.blockSignals(False)
        if len(names) < 2:
            self.message.setText(self._why_not(names))
            self.stack.setCurrentWidget(self.message)
        else:
            self.stack.setCurrentWidget(self.tabs)
        self._update_controls()

    def _why_not(self, names: list[str]) -> str:
        if self.project.visible_analysts() is not None:
            return (
                "Blind mode is on: only a reviewer sees every analyst's annotations.\n"
                "Start Annotator with --reviewer to measure agreement."
            )
        have = f"only {names[0]} has annotated" if names else "nobody has annotated anything yet"
        return (
            f"Agreement needs the annotations of two analysts, and {have}.\n"
            "Import another analyst's work (File → Import) to compare it."
        )

    def _can_compute(self) -> bool:
        return (
            self._worker is None
            and self.stack.currentWidget() is self.tabs
            and bool(self.analyst_a)
            and bool(self.analyst_b)
            and self.analyst_a != self.analyst_b
        )

    def _update_controls(self) -> None:
        enough = self.stack.currentWidget() is self.tabs
        for widget in (self.analyst_a_box, self.analyst_b_box, self.all_documents):
            widget.setEnabled(enough and self._worker is None)
        self.selected_documents.setEnabled(enough and self._worker is None and bool(self._document_ids))
        self.compute_button.setEnabled(self._can_compute())
        has_report = self.report is not None and enough
        self.export_csv_button.setEnabled(has_report)
        self.export_html_button.setEnabled(has_report)
        if enough and self.analyst_a and self.analyst_a == self.analyst_b:
            self.summary.setText("Choose two different analysts.")
        elif self._worker is None and self.report is None:
            self.summary.setText("Press Compute to measure agreement." if enough else "")
        elif self._worker is None:
            self._show_summary()

    # --- computing

    @property
    def busy_computing(self) -> bool:
        return self._worker is not None

    def compute(self) -> bool:
        """Start computing for the current choices off the UI thread; False when it cannot start now."""
        if not self._can_compute():
            return False
        project, a, b, ids = self.project, self.analyst_a, self.analyst_b, self.document_ids
        if a is None or b is None:  # both are chosen when it can compute
            return False

        def job(progress: Callable[[int, int], bool]) -> Computed:
            try:
                report = project.review.agreement(a, b, ids)
                summaries = {s.id: s for s in project.document_summaries()}
            except (AnnotatorError, OSError):
                raise
            except Exception as exc:  # a worker must always answer, or the dialog would wait forever
                raise AnnotatorError(f"{type(exc).__name__}: {exc}") from exc
            return a, b, report, summaries

        self._worker = ExchangeWorker(job)
        self._worker.succeeded.connect(self._computed)
        self._worker.refused.connect(self._refused)
        self._worker.cancelled.connect(self._cancelled)
        self.busy.show()
        self.summary.setText(f"Computing the agreement of {a} and {b}…")
        self._update_controls()
        self._worker.start()
        return True

    def wait(self) -> None:
        """Block until a running computation has finished (for tests and for closing)."""
        if self._worker is not None:
            self._worker.wait()

    def _finish(self) -> None:
        if self._worker is not None:
            self._worker.wait()
            self._worker.deleteLater()
            self._worker = None
        self.busy.hide()
        self._update_controls()

    def _computed(self, result: Computed) -> None:
        a, b, report, summaries = result
        self._finish()
        self.report, self.analysts, self._stale = report, (a, b), False
        self.external_ids = {i: s.external_id for i, s in summaries.items()}
        schema = self.project.schema
        self.label_model.set_report(report, schema)
        self.relation_model.set_report(report)
        self.confusion_model.set_report(report, schema)
        self.attribute_model.set_report(report, schema)
        self.document_model.set_report(report, summaries)
        self.confusion_caption.setText(
            f"Labels on overlapping spans: rows are A ({a}), columns B ({b}). The diagonal counts same-label overlaps; "
            "off the diagonal, spans labelled differently; “(no span)”, spans the other analyst has nothing overlapping for."
        )
        if not report.attributes:
            self.attribute_caption.setText("Attributes on matched spans: no attribute values on matched spans.")
        self._show_summary()
        self._update_controls()
        self.computed.emit(report)

    def _show_summary(self) -> None:
        if self.report is None or self.analysts is None:
            return
        a, b = self.analysts
        n = len(self.report.documents)
        o = self.report.overall
        text = (
            f"A = {a}, B = {b}, over {n:,} document{'s' if n != 1 else ''}: {o.count_a:,} and {o.count_b:,} annotations; "
            f"overall F1 exact {agreement_report.shown(o.f1_exact)}, F1 overlap {agreement_report.shown(o.f1_overlap)}, "
            f"κ chars {agreement_report.shown(o.kappa_char)}, α_u {agreement_report.shown(o.alpha_u)}."
        )
        if self._stale:
            text += " Annotations have changed since: press Compute to update."
        self.summary.setText(text)

    def _refused(self, problems: list[str]) -> None:
        self._finish()
        message = "Could not compute the agreement: " + "; ".join(str(p) for p in problems)
        self.summary.setText(message)
        self.failed.emit(message)

    def _cancelled(self) -> None:
        self._finish()
        self.summary.setText("Cancelled.")

    # --- drill-down

    def _document_activated(self, index: QModelIndex) -> None:
        document_id = self.document_model.document_id(index.row()) if index.isValid() else None
        if document_id is not None and self.analysts is not None:
            self.comparison_requested.emit(int(document_id), *self.analysts)

    # --- exporting

    def _ask_path(self, title: str, suffix: str, pattern: str) -> Path | None:
        a, b = self.analysts or ("a", "b")
        start = self.last_folder / f"agreement-{a}-{b}{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(start), pattern)
        if not chosen:
            return None
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(suffix)
        self.last_folder = path.parent
        return path

    def _names(self) -> dict[str, str]:
        return {label.key: label.name for label in self.project.schema}

    def export_csv(self) -> Path | None:
        if self.report is None:
            return None
        path = self._ask_path("Export agreement as CSV", ".csv", "CSV files (*.csv)")
        if path is None:
            return None
        report = self.report
        return self._write(
            path, lambda: agreement_report.to_csv(report, path, self.external_ids, project=self.project.location)
        )

    def export_html(self) -> Path | None:
        if self.report is None or self.analysts is None:
            return None
        path = self._ask_path("Export agreement as HTML", ".html", "HTML pages (*.html *.htm)")
        if path is None:
            return None
        report, (a, b) = self.report, self.analysts
        return self._write(
            path,
            lambda: agreement_report.to_html(
                report, a, b, path, self._names(), self.external_ids, project=self.project.location
            ),
        )

    def _write(self, path: Path, write: Callable[[], object]) -> Path | None:
        try:
            write()
        except OSError as exc:
            self.summary.setText(f"Could not write {path}: {exc.strerror or exc}")
            return None
        except AnnotatorError as exc:  # a project file, a link or a pipe chosen as the output
            self.summary.setText(f"Not saved: {exc}")
            return None
        self.summary.setText(f"Saved the report to {path}.")
        return path

    # --- life cycle

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._listen()
        self.refresh_analysts()
        self.compute()  # results are fresh whenever the dialog (re)appears

    def hideEvent(self, event: QHideEvent) -> None:
        self._stop_listening()
        super().hideEvent(event)

    def _listen(self) -> None:
        """Follow the project's change notices (they may come from a worker thread) while shown.

        The listener holds the dialog weakly and drops itself once the dialog is gone.
        """
        if self._listener is not None:
            return
        project, dialog = self.project, weakref.ref(self)

        def listener(change: Change) -> None:
            alive = dialog()
            if alive is None or not shiboken6.isValid(alive):
                project.unsubscribe(listener)
            else:
                alive._project_changed_signal.emit(change)

        self._listener = listener
        project.subscribe(listener)

    def _stop_listening(self) -> None:
        if self._listener is not None:
            self.project.unsubscribe(self._listener)
            self._listener = None

    def _project_changed(self, change: Change) -> None:
        if change.kind in ("annotations", "documents") and self.report is not None:
            self._stale = True
            self._show_summary()
        if change.kind in ("annotations", "documents") and self._worker is None:
            self.refresh_analysts()

    def done(self, result: int) -> None:
        self.wait()  # a running computation ends before the dialog goes (it cannot be interrupted)
        super().done(result)
