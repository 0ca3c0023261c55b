"""Help → About: the version, Qt and Python, the project (file or server, never its password) and the folders."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from annotator.services.app_info import AboutFacts


class AboutDialog(QDialog):
    def __init__(self, facts: AboutFacts, parent=None):
        super().__init__(parent)
        self.setWindowTitle("About Annotator")
        title = QLabel(f"<h2>Annotator {facts.version}</h2>")
        summary = QLabel("Tag quotes, conditions, actors and security guarantees in news articles.")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, QLabel] = {}
        for name, value in (
            ("Version", facts.version),
            ("Qt", f"{qVersion()} (PySide6 {pyside_version})"),
            ("Python", facts.python),
            ("Project", facts.project or "none open"),
            ("Data folder", str(facts.data_folder)),
            (
                "Backup folder",
                str(facts.backup_folder) if facts.backup_folder else "kept by the database server, not by Annotator",
            ),
        ):
            label = QLabel(value)
            label.setObjectName(f"about:{name}")
            # paths are for copying into a file manager or a bug report
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            label.setMinimumWidth(420)
            form.addRow(f"{name}:", label)
            self.values[name] = label
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        icon = self.windowIcon()  # the application's, when it has one
        if not icon.isNull():
            picture = QLabel()
            picture.setPixmap(icon.pixmap(64, 64))
            layout.addWidget(picture)
        layout.addWidget(title)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(buttons)
