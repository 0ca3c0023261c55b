"""Keeps typed letters in text fields: a window's one-key shortcuts wait while a field of it has focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

# a key with one of these is a command (Ctrl+Z), never typing
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


def takes_typing(widget: QWidget | None) -> bool:
    """Whether keys typed into `widget` are text or a choice in it: a line edit, an editable text
    box, a spin box, or a combo box (typing picks an item)."""
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()  # the read-only article panes keep the review keys
    return isinstance(widget, (QLineEdit, QAbstractSpinBox, QComboBox))


class TypingGuard(QObject):
    """While installed, a key without Ctrl, Alt or Meta goes to the focused text field of `window`
    (or of a dialog of it) instead of triggering a shortcut such as A, B, X or Enter.

    Qt asks the focused widget first with a ShortcutOverride event; accepting it makes the key an
    ordinary key press for that widget. Line edits do so for letters themselves, but not for
    Enter, and combo and spin boxes do not at all: without this a reviewer's "B" typed into a
    box became "take B".
    """

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        app = QApplication.instance()
        if app is not None:  # a window exists, so an application does; without one no key reaches a field
            app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _ours(self, widget: QWidget) -> bool:
        top: QWidget | None = widget.window()
        while top is not None:
            if top is self._window:
                return True
            parent = top.parentWidget()
            top = parent.window() if parent is not None else None
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)  # a shortcut override always carries its key
            and not event.modifiers() & _COMMAND_MODIFIERS
            and event.key() != Qt.Key.Key_Escape  # Escape still closes a dialog
            and isinstance(watched, QWidget)
            and takes_typing(watched)
            and self._ours(watched)
        ):
            event.accept()
            return True
        return False
