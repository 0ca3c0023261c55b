"""GUI fixtures: a real project file on disk and a real main window, offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from annotator.services import Project
from annotator.services.user_settings import UserSettings


@pytest.fixture
def settings(tmp_path):
    return UserSettings(tmp_path / "config" / "settings.json")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "project.sqlite"


@pytest.fixture
def project(db_path, settings):
    p = Project.open(db_path, analyst="olena", settings=settings)
    p.import_seeds()
    yield p
    p.close()


def shown_window(qtbot, project):
    """A main window on `project`, shown and exposed (closed with the test)."""
    from annotator.gui.annotate.main_window import MainWindow

    w = MainWindow(project)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot, project):
    return shown_window(qtbot, project)


def stored(db_path, settings, analyst="reader"):
    """Annotations as a separate process would read them from the file: proof they were committed."""
    p = Project.open(db_path, analyst=analyst, settings=settings)
    try:
        return [a for d in p.document_ids() for a in p.annotations(d)]
    finally:
        p.close()
