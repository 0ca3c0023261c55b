"""The Help menu of the main window: Keyboard shortcuts, User guide, About."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from annotator.core.errors import AnnotatorError
from annotator.gui.help.shortcut_walk import ShortcutRow, shortcut_rows

if TYPE_CHECKING:
    from annotator.gui.help.about_dialog import AboutDialog
    from annotator.gui.help.guide_window import GuideWindow
    from annotator.gui.help.shortcuts_dialog import ShortcutsDialog


class HelpMenu(QObject):
    """Fills `menu` for `window` (a MainWindow; its project, when attached, is read when an item is chosen)."""

    def __init__(self, window: QMainWindow, menu: QMenu):
        super().__init__(window)
        self.window = window
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.guide: GuideWindow | None = None
        self.about: AboutDialog | None = None
        self.shortcuts_action = self._add(menu, "&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/")
        self.guide_action = self._add(menu, "&User guide", self.show_guide)
        menu.addSeparator()
        self.about_action = self._add(menu, "&About Annotator", self.show_about)

    def _add(self, menu: QMenu, text: str, slot, keys: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def rows(self) -> list[ShortcutRow]:
        """The main window's actions, then the compare window's (the open one, else one built unseen)."""
        rows = shortcut_rows(self.window, "Main window")
        compare = self._compare_window()
        if compare is not None:
            rows += shortcut_rows(compare, "Compare window")
        return rows

    def _compare_window(self) -> QWidget | None:
        review = getattr(self.window, "review_actions", None)
        shown = getattr(review, "compare_window", None)
        if isinstance(shown, QWidget):
            return shown
        project = getattr(self.window, "project", None)
        if project is None:
            return None
        from annotator.gui.review.compare_window import CompareWindow

        try:
            built = CompareWindow(project, parent=None)  # never shown: only its actions are read
        except AnnotatorError:
            return None
        built.events.detach()  # it must not follow the project's changes after this
        built.deleteLater()
        return built

    def show_shortcuts(self) -> ShortcutsDialog:
        from annotator.gui.help.shortcuts_dialog import ShortcutsDialog

        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.close()
            self.shortcuts_dialog.deleteLater()
        self.shortcuts_dialog = ShortcutsDialog(self.rows(), self.window)  # read afresh: labels may have changed
        self.shortcuts_dialog.show()
        return self.shortcuts_dialog

    def show_guide(self) -> GuideWindow:
        from annotator.gui.help.guide_window import GuideWindow

        if self.guide is None:
            self.guide = GuideWindow(self.window)
        self.guide.show()
        self.guide.raise_()
        return self.guide

    def show_about(self) -> AboutDialog:
        from annotator.gui.help.about_dialog import AboutDialog
        from annotator.services.app_info import about_facts

        project = getattr(self.window, "project", None)
        self.about = AboutDialog(about_facts(project.location if project is not None else None), self.window)
        self.about.show()
        return self.about
