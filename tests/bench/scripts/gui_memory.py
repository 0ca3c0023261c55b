"""Open the GUI on a project and a document, let it paint and finish laying out, then exit.

    python gui_memory.py DB SETTINGS.json [EXTERNAL_ID]

The benchmark reads this process's peak RSS (wait4). Without EXTERNAL_ID the window opens
on the project's first document, as Annotator does on start. Prints the document's length
and annotation count as a sanity check.
"""

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.gui.annotate.main_window import MainWindow
from annotator.services import Project
from annotator.services.user_settings import UserSettings


def main(db: str, settings: str, external_id: str | None) -> None:
    app = QApplication(sys.argv[:1])
    sys.path.insert(0, str(Path(__file__).parent))
    from layout import settle
    from qt_guard import guard

    guard()  # a binding that leaks references to None would abort on the long document's paints
    project = Project.open(Path(db), analyst="olena", settings=UserSettings(Path(settings)))
    window = MainWindow(project)
    window.show()
    if external_id:
        target = next(s.id for s in project.document_summaries() if s.external_id == external_id)
        if window.document_id != target:  # not already open as the remembered document: open it once
            window.open_document(target)
    app.processEvents()
    window.view.viewport().repaint()
    settle(app, window.view, quiet=0.3, limit=20.0)
    # everything idle time would still add: the rest of a long article, the highlights of every paragraph
    window.loader.finish()
    window.view.document().documentLayout().documentSize()
    window.view.prepare_highlights()
    window.view.viewport().repaint()
    document = window.view.current_document
    print(f"opened {len(document.text)} characters, {len(window.annotations)} annotations", flush=True)
    window.close()
    project.close()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
