"""Labels → Edit labels…: opens the schema editor window on the main window's project (one at a time)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:
    from annotator.gui.schema.schema_window import SchemaWindow
    from annotator.services.project import Project


class SchemaLauncher(QObject):
    """Makes the Labels menu's "Edit labels…" and holds the editor window it opened."""

    def __init__(self, project: Callable[[], Project | None], parent: QWidget) -> None:
        super().__init__(parent)
        self._project, self._parent = project, parent
        self.window: SchemaWindow | None = None

    def menu_action(self, menu: QMenu) -> QAction:
        """A fresh "Edit labels…" for `menu` (the Labels menu is rebuilt, and its actions deleted, at each schema change)."""
        action = QAction("&Edit labels…", menu)
        action.setObjectName("editLabels")
        action.triggered.connect(self.open)
        return action

    def open(self) -> SchemaWindow | None:
        from annotator.gui.schema.schema_window import SchemaWindow  # loaded when first asked for

        project = self._project()
        if project is None:
            return None
        if self.window is None or self.window.project is not project:
            self.window = SchemaWindow(project, self._parent)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window
