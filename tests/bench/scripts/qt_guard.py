"""Detect, and keep from crashing a measurement, PySide6's lost references to None.

PySide6 6.12.0 drops one reference to None in every call of a void method (QPainter.fillRect,
drawRect, setPen, QWidget.repaint, ...). From CPython 3.12 None is immortal and nothing
happens; on 3.10 and 3.11 the count reaches zero after some tens of thousands of such calls and
Python aborts with "Fatal Python error: none_dealloc: deallocating None". The document view
makes two fillRect calls per visible annotation per paint, so a densely annotated article
crashed the application after a few hundred pages of scrolling (pyproject.toml now excludes
6.12.0). The benchmarks call `guard()` first: if this Qt binding leaks, None gets a huge
reference count so that speed can still be measured, and the leak is reported.
"""

from __future__ import annotations

import sys

CALLS = 200


def none_refs_lost_per_call() -> float:
    """References to None lost by one void QPainter call (0 on a sound binding). Needs a QGuiApplication."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    colour, rect = QColor("#ff0000"), QRectF(0, 0, 4, 4)
    painter.fillRect(rect, colour)  # first call: caches, lazy enums
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        painter.fillRect(rect, colour)
    lost = before - sys.getrefcount(None)
    painter.end()
    return max(0.0, lost / CALLS)


def guard() -> float:
    """Probe the binding; if it leaks None on this Python, make None's count unreachable. Returns the loss per call."""
    lost = none_refs_lost_per_call()
    if lost >= 0.5 and sys.version_info < (3, 12):
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    return lost
