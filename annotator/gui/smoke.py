"""`annotator --smoke`: open the window on a project offscreen, tag one span as a user would, and quit.

A self-check of an installed or bundled app (packaging/smoke.sh): it proves that Qt, its platform and image
plugins, the database layer and the migrations are all there, without anyone looking at a screen.
"""

from __future__ import annotations

import os
import sys
import time

SETTLE_SECONDS = 30.0  # opening a project and its first article; far more than either takes


def run_smoke(db: str | None, analyst: str | None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before the application exists: no screen needed
    from PySide6.QtWidgets import QApplication

    from annotator.core.errors import AnnotatorError
    from annotator.gui.annotate.main_window import MainWindow
    from annotator.gui.app import application, open_in
    from annotator.services.user_settings import UserSettings

    app = application()
    window = MainWindow(settings=UserSettings())
    window.show()
    try:
        project, backup = open_in(window, db, analyst=analyst, settings=window.settings, reviewer=None)
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    try:
        deadline = time.monotonic() + SETTLE_SECONDS
        while window.document_id is None and project.document_count() and time.monotonic() < deadline:
            QApplication.processEvents()
        document_id = window.document_id
        if document_id is None:
            print("annotator: error: the window opened no article (is the project empty?)", file=sys.stderr)
            return 1
        text = project.document(document_id).text
        first_word = text.split()[0]
        start = text.index(first_word)
        label = project.schema.labels[0].key
        before = len(project.annotations(document_id))
        window.view.select_span(start, start + len(first_word))
        window.tag_selection(label)  # the path of a label key pressed on a selection: an undo step, saved at once
        QApplication.processEvents()
        added = len(project.annotations(document_id)) - before
        if added != 1 or window.undo_stack.count() != 1:
            print(f"annotator: error: tagging a span added {added} annotations", file=sys.stderr)
            return 1
        print(f"smoke: {window.windowTitle()}: tagged {first_word!r} as {label} [{start}, {start + len(first_word)})")
        screenshot = os.environ.get("ANNOTATOR_SMOKE_SCREENSHOT")  # what the window looked like, to look at
        if screenshot:
            window.grab().save(screenshot)
        window.close()
        app.processEvents()
        return 0
    finally:
        if backup is not None:
            backup.join()
        project.close()
