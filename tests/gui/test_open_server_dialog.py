"""File → Open server project…: the dialog against the real test server, its one-line errors, and the password."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy.engine import make_url

from annotator.gui.annotate.main_window import MainWindow
from annotator.gui.server.open_server_dialog import OpenServerDialog
from annotator.services import Project
from tests.server_fixtures import admin, libpq

PASSWORD = "se:cr@t/ü"  # a colon, an at sign, a slash and a non-ASCII letter: all must stay one password


@pytest.fixture(autouse=True)
def no_password_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """libpq's password file is one of the test's own (empty unless a test writes it)."""
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    return path


def fill(dialog: OpenServerDialog, url: str, **changes: object) -> None:
    parts = make_url(url)
    dialog.host.setText(str(changes.get("host", parts.host)))
    dialog.port.setValue(int(changes.get("port", parts.port or 5432)))  # type: ignore[call-overload]
    dialog.database.setText(str(changes.get("database", parts.database)))
    dialog.user.setText(str(changes.get("user", parts.username)))


def press_open(dialog: OpenServerDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open).click()


@pytest.fixture
def dialog(qtbot, settings):
    d = OpenServerDialog(settings)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    yield d
    if d.project is not None:
        d.project.close()


@pytest.fixture
def project_url(postgres_db: str, tmp_path: Path, settings) -> str:
    article = tmp_path / "a.txt"
    article.write_text("The mayor 🌉 opened the bridge.", encoding="utf-8")
    setup = Project.open(postgres_db, analyst="olena", settings=settings)
    setup.import_paths([article], format_name="txt")
    setup.close()
    return postgres_db


@pytest.fixture
def password_user(project_url: str, postgres_server: str):
    """A login the test server asks for a password (a member of password_login), with access to the project."""
    name = f"pw_{uuid.uuid4().hex[:8]}"
    admin(postgres_server, f"CREATE ROLE {name} LOGIN PASSWORD '{PASSWORD}' IN ROLE password_login")
    with psycopg.connect(libpq(project_url), autocommit=True) as conn:
        conn.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {name}")
        conn.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {name}")
    yield name
    with psycopg.connect(libpq(project_url), autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {name}")
    admin(postgres_server, f"DROP ROLE {name}")


def test_it_opens_a_server_project_and_remembers_where_but_never_a_password(dialog, project_url, settings) -> None:
    fill(dialog, project_url)
    press_open(dialog)
    assert dialog.project is not None and dialog.result() == dialog.DialogCode.Accepted
    assert dialog.project.location == project_url
    assert len(dialog.project.document_ids()) == 1
    again = OpenServerDialog(settings)  # the next time, the same parts are filled in
    assert (again.host.text(), again.database.text()) == ("127.0.0.1", make_url(project_url).database)
    again.deleteLater()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"host": "no-such-host.invalid"}, "unknown host no-such-host.invalid: no such server name"),
        ({"port": "free"}, "no database server answers at 127.0.0.1:"),
        ({"database": "no_such_project"}, "there is no database no_such_project on 127.0.0.1:"),
        ({"database": ""}, "the database is missing"),
    ],
    ids=["unknown-host", "server-down", "no-database", "blank"],
)
def test_a_connection_that_fails_says_why_in_one_line_and_the_dialog_stays(dialog, project_url, change, expected):
    if change.get("port") == "free":
        with socket.socket() as probe:  # a port nothing listens on: the server is down
            probe.bind(("127.0.0.1", 0))
            change = {"port": probe.getsockname()[1]}
    fill(dialog, project_url, **change)
    press_open(dialog)
    assert dialog.project is None and dialog.isVisible()
    assert dialog.error.isVisible() and dialog.error.text().startswith(expected)
    assert "\n" not in dialog.error.text()
    assert not dialog.asking_password


def test_a_database_never_set_up_is_named_so(dialog, empty_postgres_db) -> None:
    fill(dialog, empty_postgres_db)
    press_open(dialog)
    assert dialog.project is None
    assert dialog.error.text().startswith("this database was never set up as an Annotator project")


def test_the_password_is_asked_only_when_libpq_has_none_and_a_wrong_one_says_so(
    qtbot, dialog, project_url, password_user, settings
) -> None:
    fill(dialog, project_url, user=password_user)
    assert not dialog.asking_password
    press_open(dialog)
    assert dialog.project is None and dialog.asking_password
    assert (
        dialog.error.text() == f"The server asks {password_user} for a password (none in ~/.pgpass): type it to open."
    )
    dialog.password.setText("not it")
    assert (
        dialog.where.text()
        == f"postgresql+psycopg://{password_user}:***@127.0.0.1:{make_url(project_url).port}/{make_url(project_url).database}"
    )
    press_open(dialog)
    assert dialog.project is None
    assert dialog.error.text().startswith(f"wrong password for {password_user} on 127.0.0.1:")
    dialog.grab().save("/tmp/open_server_dialog.png")
    dialog.password.setText(PASSWORD)
    press_open(dialog)
    assert dialog.project is not None
    assert PASSWORD not in dialog.project.location and "***" in dialog.project.location
    assert dialog.password.text() == ""
    assert PASSWORD not in Path(settings.path).read_text(encoding="utf-8")


def test_a_password_in_the_password_file_is_used_without_asking(
    dialog, project_url, password_user, no_password_file
) -> None:
    port = make_url(project_url).port
    escaped = PASSWORD.replace("\\", "\\\\").replace(":", "\\:")
    no_password_file.write_text(f"127.0.0.1:{port}:*:{password_user}:{escaped}\n", encoding="utf-8")
    no_password_file.chmod(0o600)
    fill(dialog, project_url, user=password_user)
    press_open(dialog)
    assert dialog.project is not None and not dialog.asking_password


def test_file_menu_opens_the_server_project_in_a_window_of_its_own(qtbot, project, project_url) -> None:
    window = MainWindow(project)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "Open &server project…")

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, OpenServerDialog)
        fill(dialog, project_url)
        press_open(dialog)

    QTimer.singleShot(0, answer)
    action.trigger()
    opened = window.file_actions.opened
    qtbot.addWidget(opened)
    assert opened.isVisible() and not window.isVisible()
    assert opened.project.location == project_url
    assert opened.view.current_document.text == "The mayor 🌉 opened the bridge."
    assert "on 127.0.0.1" in opened.windowTitle()
    opened.close()
    opened.project.close()
