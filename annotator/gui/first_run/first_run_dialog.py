"""Welcome: the analyst name (prefilled with the login name) and the sample article, a project, or a new one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.safe_text import name_problem
from annotator.services.first_run import remember_choice
from annotator.services.user_settings import UserSettings, login_name

PROJECT_FILES = "Annotator projects (*.sqlite *.db);;All files (*)"
Chooser = Callable[[QWidget], str]  # asks for a file; "" when the user cancels


def _open_file(parent: QWidget) -> str:
    return QFileDialog.getOpenFileName(parent, "Open a project", str(Path.home()), PROJECT_FILES)[0]


def _new_file(parent: QWidget) -> str:
    path = QFileDialog.getSaveFileName(parent, "Create a project", str(Path.home() / "project.sqlite"), PROJECT_FILES)[
        0
    ]
    return path if not path or Path(path).suffix else f"{path}.sqlite"


class FirstRunDialog(QDialog):
    """Accepted with `analyst` and `project` (None for the default project with the sample article);
    rejected (closed) when the user would rather not start now."""

    def __init__(
        self,
        analyst: str,
        parent: QWidget | None = None,
        *,
        choose_open: Chooser | None = None,
        choose_new: Chooser | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Welcome to Annotator")
        self.project: str | None = None
        self._choose_open, self._choose_new = choose_open or _open_file, choose_new or _new_file
        intro = QLabel(
            "<h2>Welcome to Annotator</h2>Tag quotes, conditions, actors and security guarantees in news articles."
        )
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(analyst)
        self.name_edit.setObjectName("firstRunName")
        self.name_edit.setPlaceholderText("your name as it appears on annotations")
        self.name_edit.selectAll()
        form = QFormLayout()
        form.addRow("Your &name:", self.name_edit)
        note = QLabel("Every annotation you make is recorded under this name. Change it later in File → Preferences.")
        note.setWordWrap(True)
        self.problem = QLabel()  # why the name cannot be used, until it is fixed
        self.problem.setObjectName("firstRunProblem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.sample_button = QCommandLinkButton(
            "Open the sample article", "Start on your own project, with a news article to try things on"
        )
        self.open_button = QCommandLinkButton(
            "Open a project…", "A project file you made before, or one a colleague sent you"
        )
        self.create_button = QCommandLinkButton(
            "Create a project…", "A new, empty project file; then add articles with File → Import"
        )
        self.sample_button.setDefault(True)
        self.sample_button.clicked.connect(lambda: self._finish(None))
        self.open_button.clicked.connect(lambda: self._pick(self._choose_open))
        self.create_button.clicked.connect(lambda: self._pick(self._choose_new))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        for button in (self.sample_button, self.open_button, self.create_button):
            layout.addWidget(button)
        layout.addStretch(1)  # room left over goes below the choices, not between the texts
        self.setMinimumWidth(520)
        self.adjustSize()

    @property
    def analyst(self) -> str:
        return self.name_edit.text().strip()

    def _name_ok(self) -> bool:
        problem = name_problem(self.name_edit.text())
        self.problem.setText(f"Cannot use this name: {problem}." if problem else "")
        self.problem.setVisible(problem is not None)
        if problem is not None:
            self.name_edit.setFocus()
        return problem is None

    def _pick(self, choose: Chooser) -> None:
        if not self._name_ok():
            return
        path = choose(self)
        if path:  # cancelled: the choices stay on screen
            self._finish(path)

    def _finish(self, project: str | None) -> None:
        if self._name_ok():
            self.project = project
            self.accept()


def ask_at_first_run(settings: UserSettings, analyst: str | None) -> tuple[bool, str | None]:
    """Show the greeting; (False, None) if it was closed, else (True, the chosen project or None for the
    default one), with the name and the project saved so that the next start neither asks nor differs."""
    dialog = FirstRunDialog(analyst or login_name())
    if not dialog.exec():
        return False, None
    remember_choice(settings, dialog.analyst, dialog.project)
    return True, dialog.project
