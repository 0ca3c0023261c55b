"""File → Open server project…: host, port, database and user; a password only when the server asks and libpq has none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.services import server_login
from annotator.services.server_login import ServerLogin
from annotator.services.user_settings import UserSettings

if TYPE_CHECKING:
    from annotator.services.project import Project


class OpenServerDialog(QDialog):
    """Connects when Open is pressed; stays open with a one-line reason until it works. `project` is then the project."""

    def __init__(self, settings: UserSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Open server project")
        self.settings = settings
        self.project: Project | None = None
        login = server_login.remembered(settings)
        self.host = QLineEdit(login.host)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(login.port)
        self.database = QLineEdit(login.database)
        self.database.setPlaceholderText("the project's database")
        self.user = QLineEdit(login.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("serverPassword")
        form = QFormLayout()
        form.addRow("&Host:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("Pass&word:", self.password)
        self._form = form
        form.setRowVisible(self.password, False)  # asked for only when ~/.pgpass (or PGPASSFILE) has none
        self.where = QLabel()  # the server as the window will name it: never the password
        self.where.setObjectName("serverUrl")
        self.where.setStyleSheet("color: palette(mid);")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setObjectName("serverError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        buttons.accepted.connect(self.connect_and_open)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.where)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for field in (self.host, self.database, self.user, self.password):
            field.textChanged.connect(self._show_where)
        self.port.valueChanged.connect(self._show_where)
        self._show_where()
        self.setMinimumWidth(460)
        (self.database if login.database == "" else self.user).setFocus()

    def login(self) -> ServerLogin:
        return ServerLogin(self.host.text(), self.port.value(), self.database.text(), self.user.text())

    @property
    def asking_password(self) -> bool:
        return self._form.isRowVisible(self.password)

    def _show_where(self) -> None:
        login = self.login()
        self.where.setText(login.shown("typed" if self.password.text() else None) if login.missing() is None else "")

    def connect_and_open(self) -> None:
        login = self.login()
        password = self.password.text() if self.asking_password and self.password.text() else None
        self.error.hide()
        self.open_button.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.project = server_login.open_project(login, self.settings, password)
        except AnnotatorError as exc:
            self._failed(exc, login, password)
            return
        finally:
            QApplication.restoreOverrideCursor()
            self.open_button.setEnabled(True)
        self.password.clear()  # kept only as long as needed: the open project holds its own connection
        self.accept()

    def _failed(self, error: AnnotatorError, login: ServerLogin, password: str | None) -> None:
        if server_login.asks_for_password(error) and not self.asking_password:
            self._form.setRowVisible(self.password, True)
            self.password.setFocus()
            self._say(f"The server asks {login.user.strip()} for a password (none in ~/.pgpass): type it to open.")
            return
        self._say(server_login.reason(error, login, password))
        if self.asking_password and password is not None:
            self.password.selectAll()
            self.password.setFocus()

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.adjustSize()
