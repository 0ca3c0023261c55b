"""Sizes a top-level window to what it wants or less: its frame inside the screen's available area."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

# room for a title bar and borders before the window manager has said how large they are
_GUESSED_FRAME = QSize(16, 40)


def _area(window: QWidget) -> QRect | None:
    parent = window.parentWidget()
    screen = (parent.window() if parent is not None else window).screen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(window: QWidget, wanted: QSize) -> None:
    """Resize `window` to `wanted`, smaller where the screen (its parent's, else its own) has less
    room, and centre it there; call it before the first show and again from the first showEvent."""
    area = _area(window)
    if area is None or area.isEmpty():
        window.resize(wanted)
        return
    # the frame as measured once shown (the window manager may not have added it yet: then the guess)
    frame = (window.frameGeometry().size() - window.geometry().size()).expandedTo(_GUESSED_FRAME)
    size = wanted.boundedTo(area.size() - frame)
    window.resize(size)
    size = window.size()  # a window cannot be smaller than its minimum size
    outer = size + frame
    window.move(
        area.x() + max(0, (area.width() - outer.width()) // 2), area.y() + max(0, (area.height() - outer.height()) // 2)
    )
