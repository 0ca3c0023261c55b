"""Making a link: `L` (or *Link to…*) on an annotation, then Tab/Shift+Tab and Enter or a click on the
target, Esc to cancel; or an Alt+drag from one annotation to another."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QMenu, QStatusBar, QWidget

from annotator.core.model import Annotation
from annotator.gui.annotate.commands import ErrorHandler
from annotator.gui.annotate.relation_commands import AddRelationCommand

if TYPE_CHECKING:
    from annotator.gui.annotate.document_view import DocumentView
    from annotator.services.project import Project

MAX_QUOTED = 40
_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)


class LinkHost(Protocol):
    """What linking needs of the main window."""

    project: Project | None
    document_id: int | None
    selected_id: int | None
    undo_stack: QUndoStack

    @property
    def view(self) -> DocumentView: ...

    @property
    def table(self) -> QWidget: ...

    @property
    def annotations(self) -> list[Annotation]: ...

    def select_annotation(self, annotation_id: int | None) -> None: ...

    def statusBar(self) -> QStatusBar: ...


def _distance(a: Annotation, b: Annotation) -> int:
    return max(0, a.start - b.end, b.start - a.end)


class LinkMode(QObject):
    """While a link is being made, Tab, Shift+Tab, Enter and Esc are taken from the whole application;
    otherwise they do what they always do."""

    def __init__(self, host: LinkHost, on_error: ErrorHandler) -> None:
        super().__init__(None)
        self.host, self.on_error = host, on_error
        self.source: Annotation | None = None
        self.targets: list[Annotation] = []
        self.index = -1
        self.chooser: QMenu | None = None
        self.action = QAction("&Link to…", host.view)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_L))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.action.triggered.connect(self.start)
        for widget in (host.view, host.table):
            widget.addAction(self.action)

    @property
    def active(self) -> bool:
        return self.source is not None

    @property
    def target(self) -> Annotation | None:
        return self.targets[self.index] if 0 <= self.index < len(self.targets) else None

    # --- the steps

    def start_from(self, annotation_id: int | None) -> None:
        """Start a link from this annotation (its context menu's *Link to…*): a click on a target links."""
        if self.active:
            self.cancel()
        self.host.select_annotation(annotation_id)
        self.start()

    def start(self) -> None:
        host, project = self.host, self.host.project
        source = next((a for a in host.annotations if a.id == host.selected_id), None)
        if project is None or source is None:
            host.statusBar().showMessage("Select an annotation first, then press L to link it.", 4000)
            return
        schema = project.schema
        self.targets = sorted(
            (
                a
                for a in host.annotations
                if a.id != source.id and a.analyst == source.analyst and schema.fitting_types(source.label, a.label)
            ),
            key=lambda a: (_distance(a, source), a.start, a.id),
        )
        if not self.targets:
            host.statusBar().showMessage(f"Nothing here can be linked from {self._name(source)}.", 5000)
            return
        self.source, self.index = source, -1
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._say()

    def step(self, step: int) -> None:
        if self.source is not None and self.host.document_id != self.source.document_id:
            self.cancel()  # another document was opened meanwhile
            return
        if not self.targets:
            return
        self.index = (self.index + step) % len(self.targets) if self.index >= 0 else (0 if step > 0 else -1)
        self.index %= len(self.targets)
        self.host.select_annotation(self.targets[self.index].id)
        self._say()

    def take_click(self, ids: list[int]) -> bool:
        """A click on the article while linking (`ids`: the annotations under it, innermost first): the
        innermost target there is linked; anything else says what can be clicked. False when not linking."""
        source = self.source
        if source is None:
            return False
        if self.host.document_id != source.document_id:
            self.cancel()
            return False
        reachable = {a.id: i for i, a in enumerate(self.targets)}
        hit = next((i for i in ids if i in reachable), None)
        if hit is None:
            what = "That annotation cannot be linked from" if ids else "No annotation there to link from"
            self.host.statusBar().showMessage(self._prompt(f"{what} this one. Click a target, or press Esc."))
            return True
        self.index = reachable[hit]
        self.host.select_annotation(hit)
        self.link()
        return True

    def drop(self, source_id: int, ids: list[int]) -> None:
        """An Alt+drag from `source_id` let go over `ids` (innermost first): link to the innermost that fits."""
        self.start_from(source_id)
        if not self.active:
            return
        if not any(a.id in ids for a in self.targets):
            self.cancel()
            self.host.statusBar().showMessage("Nothing there can be linked from that annotation.", 5000)
            return
        self.take_click(ids)

    def link(self) -> None:
        source, project = self.source, self.host.project
        if source is None or project is None:
            return
        if self.host.document_id != source.document_id:
            self.cancel()  # another document was opened meanwhile
            return
        clicked = next((i for i, a in enumerate(self.targets) if a.id == self.host.selected_id), None)
        if clicked is not None:
            self.index = clicked  # a target clicked with the mouse counts as reached
        target = self.target
        if target is None:
            self.host.statusBar().showMessage(self._prompt("Press Tab to reach a target first"))
            return
        types = project.schema.fitting_types(source.label, target.label)
        if len(types) == 1:
            self.choose(types[0])
            return
        self.chooser = QMenu(self.host.view)
        self.chooser.setObjectName("relationTypeChooser")
        for key in types:
            action = self.chooser.addAction(f"&{key[0].upper()}{key[1:]}")
            action.setObjectName(f"relation:{key}")
            action.triggered.connect(lambda _=False, key=key: self.choose(key))
        view = self.host.view
        rect = view.cursorRect() if hasattr(view, "cursorRect") else view.rect()
        self.chooser.popup(view.mapToGlobal(rect.bottomLeft()))

    def choose(self, type_key: str) -> None:
        source, target, project, document_id = self.source, self.target, self.host.project, self.host.document_id
        self._close_chooser()
        if source is None or target is None or project is None or document_id is None:
            return
        self._end()
        command = AddRelationCommand(project, document_id, type_key, source.id, target.id, self.on_error)
        self.host.undo_stack.push(command)
        self.host.select_annotation(source.id)
        if command.relation is not None:
            self.host.statusBar().showMessage(
                f"Linked {self._name(source)} to {self._name(target)} as {type_key}.", 5000
            )

    def cancel(self) -> None:
        source = self.source
        self._close_chooser()
        self._end()
        if source is not None:
            self.host.select_annotation(source.id)
            self.host.statusBar().showMessage("Link cancelled.", 3000)

    # --- helpers

    def _end(self) -> None:
        self.source, self.targets, self.index = None, [], -1
        self.host.view.set_link(None)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _close_chooser(self) -> None:
        if self.chooser is not None:
            chooser, self.chooser = self.chooser, None
            chooser.hide()
            chooser.deleteLater()

    def _name(self, annotation: Annotation) -> str:
        project = self.host.project
        label = project.schema.get(annotation.label) if project is not None else None
        document = getattr(self.host.view, "current_document", None)
        text = " ".join(document.text[annotation.start : annotation.end].split()) if document is not None else ""
        if len(text) > MAX_QUOTED:
            text = text[: MAX_QUOTED - 1] + "…"
        return f"{label.name if label else annotation.label} “{text}”"

    def _prompt(self, what: str) -> str:
        source = self.source
        return f"Link {self._name(source)} to… {what}" if source is not None else what

    def _say(self) -> None:
        target = self.target
        where = f"{self._name(target)} ({self.index + 1} of {len(self.targets)})" if target is not None else "…"
        source = self.source
        if source is None:
            return
        project = self.host.project
        hint = " / ".join(project.schema.fitting_types(source.label, target.label)) if target and project else ""
        self.host.view.set_link(source.id, target.id if target else None, hint, {a.id for a in self.targets})
        self.host.statusBar().showMessage(
            f"Link {self._name(source)} to {where}: Tab next, Shift+Tab back, Enter link, click a target, Esc cancel"
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.source is None or (self.chooser is not None and self.chooser.isVisible()):
            return False
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key not in _KEYS:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.host.view.window():
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key is ours, not a shortcut's; its KeyPress comes next
            return True
        if key == Qt.Key.Key_Escape:
            self.cancel()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.link()
        else:
            back = key == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.step(-1 if back else 1)
        return True
