"""The label palette: a toolbar with one action per label, showing its colour, name and key."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QToolBar, QWidget

from annotator.core.labels import LabelSchema
from annotator.gui.annotate.guideline_html import guideline_html


def swatch(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(QColor(colour).darker(140))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


class LabelPalette(QToolBar):
    """Emits `label_triggered(key)`; its shortcuts work while `shortcut_target` has focus."""

    label_triggered = Signal(str)
    tag_all_triggered = Signal(str)  # Shift + a label's key: every occurrence of the selection

    def __init__(self, shortcut_target: QWidget, parent=None):
        super().__init__("Labels", parent)
        self.setObjectName("labelPalette")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._target = shortcut_target
        self.label_actions: dict[str, QAction] = {}
        self._every: list[QAction] = []  # the Shift+key actions, not shown on the bar

    def set_schema(self, schema: LabelSchema) -> None:
        for action in self.label_actions.values():
            self._target.removeAction(action)
            self.removeAction(action)
            action.deleteLater()
        for action in self._every:
            self._target.removeAction(action)
            action.deleteLater()
        self.label_actions, self._every = {}, []
        for label in schema:
            text = f"{label.name}  [{label.shortcut}]" if label.shortcut else label.name
            action = QAction(swatch(label.colour), text, self)
            action.setObjectName(f"label:{label.key}")
            tip = f"Tag the selection as {label.name}" + (f" (key {label.shortcut})" if label.shortcut else "")
            action.setToolTip(f"<b>{tip}</b>{guideline_html(label.guideline)}" if label.guideline else tip)
            if label.shortcut:
                action.setShortcut(QKeySequence(label.shortcut))
                # only while the text has focus: typing "1" into the note field must not tag anything
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self._target.addAction(action)
                every = QAction(f"Tag all occurrences as {label.name}…", self)
                every.setShortcut(QKeySequence(f"Shift+{label.shortcut}"))
                every.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                every.triggered.connect(lambda _=False, key=label.key: self.tag_all_triggered.emit(key))
                self._target.addAction(every)
                self._every.append(every)
            action.triggered.connect(lambda _=False, key=label.key: self.label_triggered.emit(key))
            self.addAction(action)
            self.label_actions[label.key] = action
