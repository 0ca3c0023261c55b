"""The bar above the document list: which documents it shows, by date range, location, status, analyst and spans."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QToolButton, QWidget

from annotator.core.listing import STATUS_NAMES, STATUSES, ListingQuery
from annotator.gui.day_edit import complete_day, day_edit
from annotator.gui.focus_combo import FocusComboBox
from annotator.gui.focus_spin import FocusSpinBox

_ANYONE = "anyone"


class DocumentFilterBar(QWidget):
    """Emits `filters_changed` with a `ListingQuery` (its conditions; the order is the list header's)."""

    filters_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("documentFilterBar")
        self._own = ""
        self._locations: Callable[[], list[str]] | None = None  # read when the box is first used, not at start-up
        self.date_from = day_edit(
            "from date", "Only documents dated on or after this day, typed as 2023-06-16", self._emit
        )
        self.date_to = day_edit(
            "to date", "Only documents dated on or before this day, typed as 2023-06-16", self._emit
        )
        self.location = FocusComboBox()
        self.location.setEditable(True)
        self.location.setInsertPolicy(FocusComboBox.InsertPolicy.NoInsert)
        typed = QLineEdit()
        typed.setPlaceholderText("any location")
        typed.setClearButtonEnabled(True)
        self.location.setLineEdit(typed)
        self.location.setToolTip("Only documents whose location contains this text")
        typed.editingFinished.connect(self._emit)
        for widget in (self.location, typed):
            widget.installEventFilter(self)
        self.location.activated.connect(self._emit)
        self.status = FocusComboBox()
        self.status.addItem("any status", "")
        for key in STATUSES:
            self.status.addItem(STATUS_NAMES[key], key)
        self.status.setToolTip("Only documents with this status (of the analyst beside it)")
        self.analyst = FocusComboBox()
        self.analyst.setToolTip("Whose status and spans the conditions look at (yours at first)")
        self.label = FocusComboBox()
        self.label.addItem("any label", "")
        self.label.setToolTip("Count the spans of this label only")
        self.min_spans = FocusSpinBox()
        self.min_spans.setRange(-1, 99_999)
        self.min_spans.setSpecialValueText("≥ any")
        self.min_spans.setPrefix("≥ ")
        self.min_spans.setValue(-1)
        self.min_spans.setToolTip("Only documents with at least this many spans (of the label and analyst chosen)")
        for box in (self.status, self.analyst, self.label):
            box.activated.connect(self._emit)
        self.min_spans.valueChanged.connect(self._emit)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Show every document")
        self.clear_button.clicked.connect(self.clear)

        grid = QGridLayout(self)
        grid.setContentsMargins(2, 2, 2, 2)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.date_from, 0, 0)
        grid.addWidget(self.date_to, 0, 1)
        grid.addWidget(self.location, 0, 2, 1, 2)
        grid.addWidget(self.status, 1, 0)
        grid.addWidget(self.analyst, 1, 1)
        grid.addWidget(self.label, 1, 2)
        grid.addWidget(self.min_spans, 1, 3)
        grid.addWidget(self.clear_button, 0, 4, 2, 1)
        for column in range(4):
            grid.setColumnStretch(column, 1)

    def set_choices(
        self,
        locations: Callable[[], list[str]],
        analysts: list[str],
        own: str,
        reviewer: bool,
        labels: list[tuple[str, str]],
    ) -> None:
        """Fill the boxes (a project attached, or its documents, analysts or labels changed); what is chosen
        stays. An analyst's conditions look at their own work first; a reviewer's at anyone's."""
        self._own = _ANYONE if reviewer else own
        self._locations = locations  # every document's location: a scan of the whole project, so only when wanted
        if self.location.count():
            self._fill_locations()
        others = sorted(set(analysts) - {own})
        people = [(own, own), *((name, name) for name in others)]
        if reviewer:
            people.insert(0, (_ANYONE, _ANYONE))
        self._refill(self.analyst, people)
        self._refill(self.label, [("any label", ""), *((name, key) for key, name in labels)])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress) and not self.location.count():
            self._fill_locations()
        return super().eventFilter(watched, event)

    def _fill_locations(self) -> None:
        if self._locations is not None:
            self._refill(self.location, [(place, place) for place in self._locations()], keep_text=True)

    @staticmethod
    def _refill(box: FocusComboBox, items: list[tuple[str, str]], keep_text: bool = False) -> None:
        chosen, text = box.currentData(), box.currentText()
        box.blockSignals(True)
        box.clear()
        for shown, value in items:
            box.addItem(shown, value)
        if keep_text:
            box.setEditText(text)
        elif (found := box.findData(chosen)) >= 0:
            box.setCurrentIndex(found)
        box.blockSignals(False)

    def query(self) -> ListingQuery:
        """The conditions now set (dates not yet complete are left out)."""
        who = self.analyst.currentData()
        minimum = self.min_spans.value()
        return ListingQuery(
            date_from=complete_day(self.date_from.text()),
            date_to=complete_day(self.date_to.text()),
            location=self.location.currentText().strip(),
            status=self.status.currentData() or "",
            analyst=None if who in (None, _ANYONE) else who,
            label=self.label.currentData() or "",
            min_spans=None if minimum < 0 else minimum,
        )

    def clear(self) -> None:
        for widget in (self.date_from, self.date_to, self.location, self.status, self.analyst, self.label):
            widget.blockSignals(True)
        self.date_from.clear()
        self.date_to.clear()
        self.location.setEditText("")
        self.status.setCurrentIndex(0)
        self.analyst.setCurrentIndex(max(0, self.analyst.findData(self._own)))
        self.label.setCurrentIndex(0)
        for widget in (self.date_from, self.date_to, self.location, self.status, self.analyst, self.label):
            widget.blockSignals(False)
        self.min_spans.setValue(-1)  # emits once, if it changed
        self._emit()

    def _emit(self) -> None:
        self.filters_changed.emit(self.query())
