"""A second window in its own process, for tests: `python window_process.py DB ANALYST GO STOP`.

It opens DB as `annotator` does (backup on opening included), prints "ready", waits for the file
GO, then tags one word after another until the file STOP exists, and prints how many it tagged.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from annotator.gui.annotate.main_window import MainWindow
from annotator.gui.app import application, open_in
from annotator.services.user_settings import UserSettings


def main(db: str, analyst: str, go: Path, stop: Path) -> int:
    app = application()
    settings = UserSettings(Path(db).with_name(f"{analyst}-settings.json"))
    window = MainWindow(settings=settings)
    window.show()
    project, backup = open_in(window, db, analyst=analyst, settings=settings, reviewer=None)
    if backup is not None:
        backup.join()
    words = iter(re.finditer(r"\w{4,}", window.view.current_document.text))
    print("ready", flush=True)

    def step() -> None:
        if not go.exists():
            return
        if stop.exists():
            timer.stop()
            app.quit()
            return
        word = next(words, None)
        if word is not None:
            window.view.select_span(word.start(), word.end())
            window.tag_selection("actor")

    timer = QTimer(interval=20)
    timer.timeout.connect(step)
    timer.start()
    app.exec()
    tagged = sum(1 for a in window.annotations if a.analyst == analyst)  # the table shows the others' too
    unsaved = len(window.unsaved.edits)
    window.close()
    project.close()
    print(f"tagged {tagged}", flush=True)
    return 1 if unsaved else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])))
