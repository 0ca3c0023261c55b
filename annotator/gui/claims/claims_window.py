"""The claims window: the claims of one annotation set in a table, filtered and sorted, beside charts of their
types, providers and recipients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.claim_filter import ClaimFilter
from annotator.core.claims import ClaimRecord
from annotator.core.errors import AnnotatorError
from annotator.core.labels import value_title
from annotator.core.memory import paused_gc
from annotator.gui.claims.claims_model import ClaimsTableModel
from annotator.gui.claims.type_chart import NO_PROVIDER, NO_RECIPIENT, NO_TYPE, TypeChart
from annotator.gui.day_edit import complete_day, day_edit
from annotator.gui.focus_combo import FocusComboBox
from annotator.services.claims import claims_set, iter_claim_records, write_claim_records

if TYPE_CHECKING:
    from annotator.gui.project_events import ProjectEvents
    from annotator.services import Project
    from annotator.services.project import Change

REFRESH_KINDS = {"annotations", "relations", "documents", "schema"}
FIRST_CLAIMS = 1_000  # claims read before the window shows them: more than fill its table
MORE_CLAIMS = 10_000  # claims read in each slice of idle time after
WIDEST = 190  # pixels: a column sized to its contents is no wider (the cell's tooltip shows the rest)


class ClaimsWindow(QDialog):
    """The claims of one annotation set; a double-click asks for the article at the claim's guarantee."""

    guarantee_requested = Signal(int, int, int)  # document id, start, end of the guarantee

    def __init__(self, project: Project, events: ProjectEvents | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Claims")
        self.setModal(False)

        self.set_box = FocusComboBox()
        self.set_box.setObjectName("claimsSet")
        self.set_box.setToolTip("The annotation set the claims come from")
        self.type_box = FocusComboBox()
        self.type_box.setObjectName("claimsType")
        self.type_box.setSizeAdjustPolicy(FocusComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("claimsFilter")
        self.filter_edit.setPlaceholderText("Filter: text in any column")
        self.filter_edit.setClearButtonEnabled(True)
        self.date_from = day_edit(
            "from date", "Only claims of articles dated on or after this day (2023-06-16)", self._filter
        )
        self.date_to = day_edit(
            "to date", "Only claims of articles dated on or before this day (2023-06-16)", self._filter
        )
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(110)
        # the provider and recipient filters, set by a click on their charts, shown as chips that clear them
        self._provider: str | None = None
        self._recipient: str | None = None
        self.provider_button = self._chip("claimsProvider", lambda: self.show_provider(None))
        self.recipient_button = self._chip("claimsRecipient", lambda: self.show_recipient(None))
        self.count_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()

        self.model = ClaimsTableModel(self)  # filters by type and text itself, in one pass over the claims
        self.proxy = QSortFilterProxyModel(self)  # the table sorts here
        self.proxy.setSourceModel(self.model)

        self.table = QTableView()
        self.table.setObjectName("claimsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # document and text order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(100)  # columns fit the first 100 claims, not 1,000 (0.5 s on 50,000)
        self._sized = False  # the columns fit the first claims shown, then keep what the user makes of them
        self.table.doubleClicked.connect(self._open_row)
        self.table.activated.connect(self._open_row)  # Enter on a row, as a double-click

        self.chart = TypeChart(names=value_title)
        self.chart.setObjectName("claimsChart")
        self.provider_chart = TypeChart("Claims by provider", NO_PROVIDER)  # of the claims the filters leave
        self.provider_chart.setObjectName("providerChart")
        self.recipient_chart = TypeChart("Claims by recipient", NO_RECIPIENT)
        self.recipient_chart.setObjectName("recipientChart")
        column = QWidget()
        charts_layout = QVBoxLayout(column)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        for chart in (self.chart, self.provider_chart, self.recipient_chart):
            chart.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # one under the other
            charts_layout.addWidget(chart)
        charts_layout.addStretch(1)
        charts = QScrollArea()  # three charts of up to 20 bars each: taller than the window, they scroll
        charts.setObjectName("claimsCharts")
        charts.setWidget(column)
        charts.setWidgetResizable(True)
        charts.setFrameShape(QFrame.Shape.NoFrame)
        charts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        charts.setMinimumWidth(380)  # room for a provider's name beside its bar, and the scroll bar

        bar = QHBoxLayout()
        bar.addWidget(self._label("&Set:", self.set_box))
        bar.addWidget(self.set_box)
        bar.addSpacing(12)
        bar.addWidget(self._label("&Type:", self.type_box))
        bar.addWidget(self.type_box)
        bar.addSpacing(12)
        bar.addWidget(self.date_from)
        bar.addWidget(self.date_to)
        bar.addWidget(self.provider_button)
        bar.addWidget(self.recipient_button)
        bar.addSpacing(12)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(charts)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        hint = QLabel("Double-click a claim (or press Enter) to open its article at the guarantee.")
        hint.setEnabled(False)
        self.export_button = QPushButton("&Export…")
        self.export_button.setObjectName("claimsExport")
        self.export_button.setToolTip("Write the claims shown (filters and order as here) to a CSV or JSONL file")
        self.export_button.setAutoDefault(False)  # Enter on a row opens its article, never the export
        self.export_button.clicked.connect(self.export_shown)
        self.exported = QLabel()
        self.exported.setObjectName("claimsExported")
        footer = QHBoxLayout()
        footer.addWidget(hint, 1)
        footer.addWidget(self.exported)
        footer.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        layout.addLayout(footer)
        self.resize(1300, 560)

        self._refresh = QTimer(self)  # several changes in a row reload once
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(200)
        self._refresh.timeout.connect(self.reload)
        self._reading: Iterator[ClaimRecord] | None = None  # the rest of a large set, read in idle time
        self._more = QTimer(self, singleShot=True, interval=0)
        self._more.timeout.connect(self._read_more)
        if events is not None:
            events.changed.connect(self._changed)

        self._fill_sets()
        self.set_box.currentIndexChanged.connect(self.reload)
        self.type_box.currentIndexChanged.connect(self._type_chosen)
        self.chart.picked.connect(self._type_picked)
        self.provider_chart.picked.connect(lambda name: self.show_provider(None if self._provider == name else name))
        self.recipient_chart.picked.connect(lambda name: self.show_recipient(None if self._recipient == name else name))
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.reload()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # --- the sets and the claims

    def _fill_sets(self) -> None:
        sets = self.project.analysts()  # in blind mode, only the analyst's own
        try:
            chosen = claims_set(self.project, None)
        except AnnotatorError:  # several sets: the user's own if it has one, else the first
            chosen = self.project.analyst if self.project.analyst in sets else sets[0]
        if chosen not in sets:
            sets = [*sets, chosen]
        if self.set_box.currentText() in sets:
            chosen = self.set_box.currentText()  # the set shown so far stays
        self.set_box.blockSignals(True)
        self.set_box.clear()
        self.set_box.addItems(sets)
        self.set_box.setCurrentText(chosen)
        self.set_box.blockSignals(False)

    def refresh(self) -> None:
        """Offer the sets the user may see now and read the chosen one's claims again."""
        self._fill_sets()
        self.reload()

    def analyst(self) -> str:
        return self.set_box.currentText()

    def show_set(self, analyst: str) -> None:
        """Show the claims of `analyst`'s set (one of those offered)."""
        self.set_box.setCurrentText(analyst)

    def reload(self) -> None:
        """Read the claims of the chosen set again, keeping the type and text filters.

        The first FIRST_CLAIMS are shown at once; a larger set's others follow in slices of idle time
        (the count says so meanwhile), so that the window is on screen with its first claims in a moment.
        """
        self._refresh.stop()
        self._stop_reading()
        reading: Iterator[ClaimRecord] | None = None
        try:
            reading = iter_claim_records(self.project, claims_set(self.project, self.analyst()))
            with paused_gc():  # tens of thousands of claims, no cycles: no collections walking them meanwhile
                claims = list(islice(reading, FIRST_CLAIMS))
        except AnnotatorError as exc:
            claims, reading = [], None
            self.message.setText(str(exc))
            self.message.show()
        else:
            self.message.hide()
        self.model.set_claims(claims)
        if claims and not self._sized:
            self._sized = True
            self.table.resizeColumnsToContents()
            for column in range(self.model.columnCount()):
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), WIDEST))
        if reading is not None and len(claims) == FIRST_CLAIMS:
            self._reading = reading
            self._more.start()
            self.count_label.setText(f"{len(claims)} claims so far, reading…")
        else:
            self._read_all()

    def _stop_reading(self) -> None:
        self._more.stop()
        reading, self._reading = self._reading, None
        close = getattr(reading, "close", None)
        if close is not None:
            close()  # the query's cursor and session end now, not when collected

    def _read_more(self) -> None:
        """The next slice of a large set's claims."""
        if self._reading is None:
            return
        try:
            with paused_gc():
                more = list(islice(self._reading, MORE_CLAIMS))
        except AnnotatorError as exc:
            more = []
            self.message.setText(str(exc))
            self.message.show()
            self._stop_reading()
        self.model.add_claims(more)
        if self._reading is not None and len(more) == MORE_CLAIMS:
            self._more.start()
            self.count_label.setText(f"{self.model.total()} claims so far, reading…")
        else:
            self._stop_reading()
            self._read_all()

    def finish_reading(self) -> None:
        """Read the rest of the set's claims now (what needs them all calls this first)."""
        while self._reading is not None:
            self._read_more()

    @property
    def reading(self) -> bool:
        """Whether claims of the set are still to come."""
        return self._reading is not None

    def _read_all(self) -> None:
        """Every claim is in: offer their types and count them."""
        current = self.type_box.currentData()
        types = sorted({record[6] for record in self.model.records()})  # the guarantee types
        self.type_box.blockSignals(True)
        self.type_box.clear()
        self.type_box.addItem("All types", None)
        for kind in types:
            self.type_box.addItem(value_title(kind) if kind else NO_TYPE, kind)
        found = self.type_box.findData(current) if current is not None else -1
        self.type_box.setCurrentIndex(max(found, 0))
        self.type_box.blockSignals(False)
        self._type_chosen()

    def _changed(self, change: Change) -> None:
        if change.kind in REFRESH_KINDS:
            if change.kind == "documents":
                self._fill_sets()  # an import may bring a new set
            self._refresh.start()

    # --- filters

    def show_type(self, guarantee_type: str | None) -> None:
        """Show only the claims of one guarantee type (None: every type)."""
        self.type_box.setCurrentIndex(max(self.type_box.findData(guarantee_type), 0))

    def _chip(self, name: str, clear: Callable[[], None]) -> QToolButton:
        """A button above the table that says which provider (or recipient) the claims are of; a click clears it."""
        chip = QToolButton()
        chip.setObjectName(name)
        chip.clicked.connect(clear)
        chip.hide()
        return chip

    @staticmethod
    def _show_chip(chip: QToolButton, what: str, name: str | None, empty: str) -> None:
        if name is None:
            chip.hide()
            return
        full = name or empty
        shown = full if len(full) <= 40 else full[:39] + "…"  # a long name: the tooltip has it whole
        chip.setText(f"{what}: {shown}  ✕")
        chip.setToolTip(f"Showing the claims of {what.lower()} {full}; click to show them all")
        chip.show()

    def show_provider(self, provider: str | None) -> None:
        """Show only the claims one provider gives ("" : those with no provider; None: every provider's)."""
        self._provider = provider
        self._show_chip(self.provider_button, "Provider", provider, NO_PROVIDER)
        self._filter()

    def show_recipient(self, recipient: str | None) -> None:
        """Show only the claims given to one recipient ("" : those with no recipient; None: every recipient's)."""
        self._recipient = recipient
        self._show_chip(self.recipient_button, "Recipient", recipient, NO_RECIPIENT)
        self._filter()

    def _type_picked(self, kind: str) -> None:
        """A click on the type chart: that type, or every type if it was the one shown."""
        self.show_type(None if self.type_box.currentData() == kind else kind)

    def _type_chosen(self) -> None:
        self._filter()

    def _filter_changed(self, _text: str) -> None:
        self._filter()

    def _filter(self) -> None:
        """Apply every filter (one pass over the claims), then count what they leave for the charts."""
        wanted = ClaimFilter(
            kind=self.type_box.currentData(),
            text=self.filter_edit.text(),
            date_from=complete_day(self.date_from.text()),
            date_to=complete_day(self.date_to.text()),
            provider=self._provider,
            recipient=self._recipient,
        )
        self.model.set_filter(wanted)
        self._update_counts()

    def _update_counts(self) -> None:
        self.chart.set_counts(self.model.type_counts(), self.type_box.currentData())
        self.provider_chart.set_counts(self.model.provider_counts(), self._provider)
        self.recipient_chart.set_counts(self.model.recipient_counts(), self._recipient)
        shown, total = self.model.rowCount(), self.model.total()
        noun = "claim" if total == 1 else "claims"
        self.count_label.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}")

    # --- exporting

    def shown_records(self) -> list[ClaimRecord]:
        """The claims the table shows, in the order it shows them (every one of the set read first)."""
        self.finish_reading()
        proxy, model = self.proxy, self.model
        rows = (proxy.mapToSource(proxy.index(row, 0)).row() for row in range(proxy.rowCount()))
        return [record for row in rows if (record := model.record(row)) is not None]

    def export_shown(self) -> None:
        """Ask where, then write the claims shown there, as CSV or JSONL by the file's ending or the type chosen."""
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export the claims shown", "claims.csv", "CSV (*.csv);;JSON Lines (*.jsonl)"
        )
        if not path:
            return
        suffix = Path(path).suffix.lower().lstrip(".")
        format_name = suffix if suffix in ("csv", "jsonl") else "jsonl" if "jsonl" in chosen else "csv"
        try:
            count = write_claim_records(self.project, self.shown_records(), Path(path), format_name)
        except (AnnotatorError, OSError) as exc:
            self.message.setText(f"Nothing exported: {exc}")
            self.message.show()
            return
        self.message.hide()
        noun = "claim" if count == 1 else "claims"
        self.exported.setText(f"Wrote {count} {noun} to {Path(path).name}")

    # --- opening

    def _open_row(self, index: QModelIndex) -> None:
        row = index.data(ClaimsTableModel.ROLE)
        if row is not None:
            guarantee = row.claim.guarantee
            self.guarantee_requested.emit(row.document_id, guarantee.start, guarantee.end)
