"""The Article box under the document list: the open document's title, date, place, source, link, import time and statuses."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from annotator.core.listing import STATUS_NAMES, DocumentDetails

# what the box shows, in order: (label, metadata key); "" marks the fields that are not metadata
FIELDS = (
    ("Title", ""),
    ("Date", "date"),
    ("Time", "time"),
    ("Location", "location"),
    ("Source", "source"),
    ("URL", "url"),
    ("Imported", ""),
    ("Status", ""),
)
_SAFE_SCHEMES = ("http://", "https://")  # a link to click; anything else (javascript:, file:) stays plain text


class ArticlePanel(QWidget):
    """Collapsible by its title button; shows `DocumentDetails` (an empty value is shown as a dash)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("articlePanel")
        self.toggle = QToolButton()
        self.toggle.setText("Article")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setStyleSheet("font-weight: bold;")
        self.toggle.toggled.connect(self._set_open)
        self.body = QWidget()
        form = QFormLayout(self.body)
        form.setContentsMargins(6, 0, 4, 4)
        form.setVerticalSpacing(2)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        for name, _key in FIELDS:
            value = QLabel("—")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            value.setOpenExternalLinks(name == "URL")
            value.setObjectName(f"article{name}")
            form.addRow(f"{name}:", value)
            self.values[name] = value
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)

    def _set_open(self, shown: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.body.setVisible(shown)

    def text(self, name: str) -> str:
        """What the box shows for a field, as plain text."""
        return self.values[name].property("plain") or ""

    def show_details(self, details: DocumentDetails | None, analysts: list[str]) -> None:
        """Fill the box; `analysts` are those whose status is shown (each one, "not started" when unmarked)."""
        if details is None:
            for label in self.values.values():
                self._set(label, "")
            return
        for name, key in FIELDS:
            if key:
                self._set(self.values[name], details.field(key), link=name == "URL")
        self._set(self.values["Title"], details.title or details.external_id)
        self._set(self.values["Imported"], _when(details.imported_at))
        who = sorted(set(analysts) | set(details.statuses))
        statuses = "\n".join(f"{name}: {STATUS_NAMES[details.statuses.get(name, 'not_started')]}" for name in who)
        self._set(self.values["Status"], statuses)

    @staticmethod
    def _set(label: QLabel, value: str, link: bool = False) -> None:
        label.setProperty("plain", value)
        label.setToolTip(value if len(value) > 40 else "")
        if link and value.lower().startswith(_SAFE_SCHEMES):
            label.setTextFormat(Qt.TextFormat.RichText)
            shown = value if len(value) <= 48 else value[:47] + "…"  # a long link would widen the whole pane
            label.setText(f'<a href="{html.escape(value)}">{html.escape(shown)}</a>')
        else:
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(value or "—")


def _when(moment: datetime | None) -> str:
    """An import time in the user's time zone, to the minute."""
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")
