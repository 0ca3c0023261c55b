"""Tagging a set of search hits with one label: one undo step, whatever the number of hits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotation
from annotator.gui.annotate.commands import ErrorHandler, give_up
from annotator.services.bulk_tagging import remove_annotations, restore_annotations

if TYPE_CHECKING:
    from annotator.services.project import Project


class TagResultsCommand(QUndoCommand):
    """The annotations were added (services.bulk_tagging) before the push, so the first redo does nothing."""

    def __init__(
        self, project: Project, added: list[Annotation], label_name: str, on_error: ErrorHandler, *, text: str = ""
    ):
        super().__init__(text or f"Tag {len(added)} search results as {label_name}")
        self.project, self.added, self.on_error = project, added, on_error
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        try:
            restore_annotations(self.project, self.added, initiator=self)
            self._done = True
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc, step="Redo ")

    def undo(self) -> None:
        try:
            remove_annotations(self.project, self.added, initiator=self)
            self._done = False
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc, step="Undo ")
