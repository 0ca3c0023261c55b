"""Bridges the project's change notices into a Qt signal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # imported for annotations only: the window is built before the services load
    from annotator.services.project import Change, Project


class ProjectEvents(QObject):
    """Re-emits every `Change` of a project as `changed`, so views refresh from one signal."""

    changed = Signal(object)

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self._project = project
        project.subscribe(self._forward)

    def _forward(self, change: Change) -> None:
        self.changed.emit(change)

    def detach(self) -> None:
        self._project.unsubscribe(self._forward)
