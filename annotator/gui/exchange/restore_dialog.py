"""File → Restore from backup…: pick one of the project's rotating backups."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.services.backups import Backup


class RestoreDialog(QDialog):
    def __init__(self, backups: list[Backup], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Annotator backs the project up each time it opens it. Restoring replaces the project with the "
            "backup you choose; the current state is backed up first, so this too can be undone."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        for backup in backups:
            kept = "    (the state before a restore)" if backup.before_restore else ""
            item = QListWidgetItem(
                f"{backup.taken_at.astimezone():%Y-%m-%d %H:%M:%S}    {backup.size / 1024:,.0f} KB{kept}"
            )
            item.setData(Qt.ItemDataRole.UserRole, backup)
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        else:
            self.list.addItem("No backups of this project yet.")
            self.list.setEnabled(False)
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(backups))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.buttons)
        self.resize(460, 320)

    @property
    def chosen(self) -> Backup | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and self.list.isEnabled() else None
