"""The main window's menu bar: File, Edit, View, Go, Labels, Review and Help, with their shortcuts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from annotator.gui.help.help_menu import HelpMenu

if TYPE_CHECKING:
    from annotator.gui.annotate.file_actions import FileActions
    from annotator.gui.annotate.find_bar import FindBar
    from annotator.gui.exchange.exchange_controller import ExchangeController

Shortcut = str | QKeySequence.StandardKey | list[str]


class MenuCommands(Protocol):
    """What the menu items call: the main window's commands and the widgets they act in."""

    @property
    def undo_stack(self) -> QUndoStack: ...

    @property
    def view(self) -> QWidget: ...

    @property
    def table(self) -> QWidget: ...

    @property
    def find_bar(self) -> FindBar: ...

    @property
    def file_actions(self) -> FileActions: ...

    @property
    def exchange(self) -> ExchangeController:
        """Import and export; there once a project is attached (the items that use it wait for that)."""
        ...

    def delete_selected(self) -> None: ...

    def zoom(self, steps: int | None) -> None: ...

    def step_document(self, step: int) -> None: ...

    def next_unfinished(self) -> None: ...


@dataclass
class Menus:
    """What the window reaches later among its menus and their items."""

    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    delete_action: QAction
    edit_menu: QMenu
    labels_menu: QMenu  # filled from the project's schema
    review_menu: QMenu  # filled by ReviewActions when the project is attached
    project_actions: list[QAction]  # disabled until a project is attached


def build_menus(window: QMainWindow, commands: MenuCommands) -> Menus:
    """Fill the menu bar of `window` (which owns the items) with items that call `commands` (the
    window's, as a rule); what needs a project stays disabled until one is attached."""
    project_actions: list[QAction] = []
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    _action(window, file_menu, "Open &server project…", commands.file_actions.open_server_project)
    file_menu.addSeparator()
    _action(
        window,
        file_menu,
        "&Import files…",
        lambda: commands.exchange.ask_import_files(),
        "Ctrl+I",
        project_actions=project_actions,
    )
    _action(
        window,
        file_menu,
        "Import a &folder…",
        lambda: commands.exchange.ask_import_folder(),
        "Ctrl+Shift+I",
        project_actions=project_actions,
    )
    _action(
        window, file_menu, "&Export…", lambda: commands.exchange.ask_export(), "Ctrl+E", project_actions=project_actions
    )
    file_menu.addSeparator()
    _action(
        window, file_menu, "&Restore from backup…", commands.file_actions.show_restore, project_actions=project_actions
    )
    file_menu.addSeparator()
    _action(
        window,
        file_menu,
        "&Preferences…",
        commands.file_actions.show_preferences,
        QKeySequence.StandardKey.Preferences,
        project_actions=project_actions,
    )
    file_menu.addSeparator()
    quit_action = _action(window, file_menu, "&Quit", window.close, "Ctrl+Q")

    edit = bar.addMenu("&Edit")
    undo_action = commands.undo_stack.createUndoAction(window, "&Undo")
    undo_action.setShortcut(QKeySequence("Ctrl+Z"))
    redo_action = commands.undo_stack.createRedoAction(window, "&Redo")
    redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addAction(undo_action)
    edit.addAction(redo_action)
    edit.addSeparator()
    # Delete only where it cannot mean "delete characters": the text view and the table
    delete_action = _action(
        window,
        edit,
        "&Delete annotation",
        commands.delete_selected,
        "Delete",
        Qt.ShortcutContext.WidgetShortcut,
        (commands.view, commands.table),
    )
    edit.addSeparator()
    _action(window, edit, "&Find…", commands.find_bar.open, QKeySequence.StandardKey.Find)

    view = bar.addMenu("&View")
    _action(window, view, "Zoom &in", lambda: commands.zoom(1), ["Ctrl++", "Ctrl+="])
    _action(window, view, "Zoom &out", lambda: commands.zoom(-1), "Ctrl+-")
    _action(window, view, "&Reset zoom", lambda: commands.zoom(None), "Ctrl+0")

    go = bar.addMenu("&Go")
    _action(window, go, "&Next document", lambda: commands.step_document(1), ["PgDown", "Alt+Down"])
    _action(window, go, "&Previous document", lambda: commands.step_document(-1), ["PgUp", "Alt+Up"])
    _action(window, go, "Next &unfinished document", commands.next_unfinished, "Ctrl+Shift+PgDown")

    labels_menu = bar.addMenu("&Labels")
    review_menu = bar.addMenu("&Review")

    HelpMenu(window, bar.addMenu("&Help"))  # keyboard shortcuts, user guide, about; owned by the window
    return Menus(quit_action, undo_action, redo_action, delete_action, edit, labels_menu, review_menu, project_actions)


def _action(
    owner: QObject,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    shortcut: Shortcut | None = None,
    context: Qt.ShortcutContext | None = None,
    widgets: Sequence[QWidget] = (),
    project_actions: list[QAction] | None = None,
) -> QAction:
    """An item of `menu`, owned by `owner`; one that needs a project starts disabled, in `project_actions`."""
    action = QAction(text, owner)
    if project_actions is not None:
        action.setEnabled(False)
        project_actions.append(action)
    if shortcut is not None:
        shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if context is not None:
        action.setShortcutContext(context)
    action.triggered.connect(slot)
    menu.addAction(action)
    for widget in widgets:
        widget.addAction(action)
    return action
