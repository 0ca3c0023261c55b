"""Start Annotator's GUI as `annotator --db DB` does and exit at the first paint of the article.

    python gui_first_paint.py --db DB [--analyst NAME]

Prints `first_paint <unix time>`; the benchmark subtracts the time it launched this process.
The only change to the real start-up path is a hook on MainWindow.show that watches for the
first paint event of the document view's viewport.
"""

import os
import sys
import time


def main() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator import cli
    from annotator.gui import main_window

    original_show = main_window.MainWindow.show

    class FirstPaint(QObject):
        def __init__(self, target):
            super().__init__()
            self.target = target
            self.seen = False

        def eventFilter(self, obj, event):
            if not self.seen and obj is self.target and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, self.done)  # after this paint event has been handled
            return False

        def done(self):
            print(f"first_paint {time.time():.6f}", flush=True)
            os._exit(0)

    def show(self):
        watcher = FirstPaint(self.view.viewport())
        QApplication.instance().installEventFilter(watcher)
        self._first_paint_watcher = watcher
        original_show(self)

    main_window.MainWindow.show = show
    sys.exit(cli.main(sys.argv[1:]))


if __name__ == "__main__":
    main()
