"""A status-bar strip for edits the database refused: says why, offers Retry, and keeps them until saved or discarded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


@dataclass
class UnsavedEdit:
    description: str
    reason: str
    retry: Callable[[], bool]  # True when the edit is now saved
    span: tuple[int, int, str] | None = None  # (start, end, label) of an unsaved new annotation, to show it


class UnsavedBar(QWidget):
    """Hidden while everything is saved; `changed` fires when the list of unsaved edits changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: list[UnsavedEdit] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.retry_button = QPushButton("Retry")
        self.retry_button.setObjectName("retryUnsaved")
        self.retry_button.clicked.connect(self.retry)
        self.discard_button = QPushButton("Discard")
        self.discard_button.clicked.connect(self.discard)
        layout.addWidget(self.label)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.discard_button)
        self.hide()

    def add(self, edit: UnsavedEdit) -> None:
        self.edits.append(edit)
        self._show()

    def retry(self) -> None:
        """Try every unsaved edit again, in order; those that still fail stay."""
        remaining = []
        for edit in self.edits:
            if not edit.retry():
                remaining.append(edit)
        self.edits = remaining
        self._show()

    def discard(self) -> None:
        self.edits = []
        self._show()

    def _show(self) -> None:
        if not self.edits:
            self.hide()
        else:
            last = self.edits[-1]
            count = len(self.edits)
            reason = last.reason.rsplit(".sqlite: ", 1)[-1]  # the project's path is long and known; the reason matters
            reason = reason if len(reason) <= 70 else reason[:69] + "…"
            self.label.setText(f"⚠ {count} edit{'s' if count > 1 else ''} NOT saved ({last.description}): {reason}")
            self.label.setToolTip("\n".join(f"{e.description}: {e.reason}" for e in self.edits))
            self.show()
        self.changed.emit()
