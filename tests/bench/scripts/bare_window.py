"""Baseline of GUI start-up: a bare PySide6 window with a text view; exits at the view's first paint.

    python bare_window.py

Prints `first_paint <unix time>`, like gui_first_paint.py.
"""

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTextEdit


class FirstPaint(QObject):
    def __init__(self, target):
        super().__init__()
        self.target = target
        self.seen = False

    def eventFilter(self, obj, event):
        if not self.seen and obj is self.target and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, self.done)
        return False

    def done(self):
        print(f"first_paint {time.time():.6f}", flush=True)
        os._exit(0)


app = QApplication(sys.argv[:1])
window = QMainWindow()
view = QTextEdit()
view.setReadOnly(True)
view.setPlainText("A bare window: the least any Qt application pays to show some text.")
window.setCentralWidget(view)
window.resize(1380, 860)
watcher = FirstPaint(view.viewport())
app.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
