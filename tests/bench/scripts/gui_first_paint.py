"""Start Annotator's GUI as `annotator --db DB` does; exit once the article is on screen.

    python gui_first_paint.py --db DB [--analyst NAME]

Prints `first_paint <unix time>` at the window's first paint (its article view, still empty while
the project opens) and `article_paint <unix time>` at the first paint showing the article; the
benchmark subtracts the time it launched this process. The only change to the real start-up
path is a hook on MainWindow.show that watches the article view's paint events.
"""

import os
import sys
import time


def main() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator import cli
    from annotator.gui.annotate import main_window

    original_show = main_window.MainWindow.show

    class Paints(QObject):
        def __init__(self, window):
            super().__init__()
            self.window = window
            self.target = window.view.viewport()
            self.first = None

        def eventFilter(self, obj, event):
            if obj is self.target and event.type() == QEvent.Type.Paint:
                if self.first is None:
                    self.first = time.time()
                if self.window.view.current_document is not None:
                    QTimer.singleShot(0, self.done)  # after this paint event has been handled
            return False

        def done(self):
            print(f"first_paint {self.first:.6f}", flush=True)
            print(f"article_paint {time.time():.6f}", flush=True)
            os._exit(0)

    def show(self):
        watcher = Paints(self)
        QApplication.instance().installEventFilter(watcher)
        self._paint_watcher = watcher
        original_show(self)

    main_window.MainWindow.show = show
    sys.exit(cli.main(sys.argv[1:]))


if __name__ == "__main__":
    main()
