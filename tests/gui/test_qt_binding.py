"""The Qt binding must not lose references to None on calls into Qt (PySide6 6.12.0 did, and crashed the app)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_calls_into_qt_keep_none_alive(qtbot):
    label = QLabel("x")
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("y")
        label.update()
        QApplication.processEvents()
    # a binding that drops one reference per call loses 1,500 here and crashes the process in minutes
    assert sys.getrefcount(None) - before > -100
