"""A line edit for a day typed as 2023-06-16: the date filters of the document list and of the claims window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit

_ISO_DAY = QRegularExpression(r"[0-9]{0,4}(-[0-9]{0,2}(-[0-9]{0,2})?)?")  # typed as 2023-06-16, step by step


def day_edit(placeholder: str, tip: str, changed: Callable[[], object]) -> QLineEdit:
    """An edit that takes only what can grow into YYYY-MM-DD; `changed` runs when typing ends and when it is cleared."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setToolTip(tip)
    edit.setValidator(QRegularExpressionValidator(_ISO_DAY, edit))
    edit.setClearButtonEnabled(True)
    edit.editingFinished.connect(changed)
    edit.textChanged.connect(lambda text: None if text else changed())  # the clear button
    return edit


def complete_day(day: str) -> str:
    """A day typed in full (YYYY-MM-DD), else "" (a year or month alone is not a range the user meant)."""
    return day if len(day) == 10 else ""
