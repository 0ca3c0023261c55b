"""The main window's menu bar: File, Edit, View, Go, Labels, Review and Help, with their shortcuts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from annotator.gui.annotate.file_actions import FileActions

if TYPE_CHECKING:
    from annotator.gui.annotate.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Fill the window's menu bar; what needs a project stays disabled until one is attached."""
    window.file_actions = FileActions(window)
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    _action(
        window, file_menu, "&Import files…", lambda: window.exchange.ask_import_files(), "Ctrl+I", needs_project=True
    )
    _action(
        window,
        file_menu,
        "Import a &folder…",
        lambda: window.exchange.ask_import_folder(),
        "Ctrl+Shift+I",
        needs_project=True,
    )
    _action(window, file_menu, "&Export…", lambda: window.exchange.ask_export(), "Ctrl+E", needs_project=True)
    file_menu.addSeparator()
    _action(window, file_menu, "&Restore from backup…", window.file_actions.show_restore, needs_project=True)
    file_menu.addSeparator()
    _action(
        window,
        file_menu,
        "&Preferences…",
        window.file_actions.show_preferences,
        QKeySequence.StandardKey.Preferences,
        needs_project=True,
    )
    file_menu.addSeparator()
    window.quit_action = _action(window, file_menu, "&Quit", window.close, "Ctrl+Q")

    edit = bar.addMenu("&Edit")
    window.undo_action = window.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
    window.redo_action = window.undo_stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)
    edit.addSeparator()
    # Delete only where it cannot mean "delete characters": the text view and the table
    window.delete_action = _action(
        window,
        edit,
        "&Delete annotation",
        window.delete_selected,
        "Delete",
        Qt.ShortcutContext.WidgetShortcut,
        (window.view, window.table),
    )
    edit.addSeparator()
    _action(window, edit, "&Find…", window.find_bar.open, QKeySequence.StandardKey.Find)

    view = bar.addMenu("&View")
    _action(window, view, "Zoom &in", lambda: window.zoom(1), ["Ctrl++", "Ctrl+="])
    _action(window, view, "Zoom &out", lambda: window.zoom(-1), "Ctrl+-")
    _action(window, view, "&Reset zoom", lambda: window.zoom(None), "Ctrl+0")

    go = bar.addMenu("&Go")
    _action(window, go, "&Next document", lambda: window.step_document(1), ["PgDown", "Alt+Down"])
    _action(window, go, "&Previous document", lambda: window.step_document(-1), ["PgUp", "Alt+Up"])

    window.labels_menu = bar.addMenu("&Labels")  # filled from the project's schema
    window.review_menu = bar.addMenu("&Review")  # filled by ReviewActions when the project is attached

    help_menu = bar.addMenu("&Help")
    _action(window, help_menu, "&About Annotator", window.file_actions.show_about)


def _action(
    window: MainWindow, menu, text: str, slot, shortcut=None, context=None, widgets=(), needs_project=False
) -> QAction:
    action = QAction(text, window)
    if needs_project:
        action.setEnabled(False)
        window._project_actions.append(action)
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
