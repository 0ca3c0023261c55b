"""Help menu: keyboard shortcuts read off the actions, the user guide with its screenshots, About, the title."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from annotator import __version__
from annotator.gui.help.guide_window import GuideWindow
from annotator.gui.help.help_menu import HelpMenu
from annotator.services import Project
from annotator.services.app_info import about_facts, project_name, shown_location
from tests.gui.conftest import shown_window

DOCS = Path(__file__).resolve().parents[2] / "docs"


def help_of(window) -> HelpMenu:
    return window.findChild(HelpMenu)


def rows_by_action(dialog, window_name="Main window"):
    """action → (keys, menu or place) of the rows shown for one window."""
    model = dialog.proxy
    return {
        model.index(r, 0).data(): (model.index(r, 1).data(), model.index(r, 2).data())
        for r in range(model.rowCount())
        if model.index(r, 3).data() == window_name
    }


def test_the_help_menu_offers_shortcuts_the_guide_and_about(window):
    (help_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&Help"]
    assert [a.text() for a in help_menu.actions() if not a.isSeparator()] == [
        "&Keyboard shortcuts",
        "&User guide",
        "&About Annotator",
    ]


def test_the_shortcuts_list_holds_every_menu_item_and_widget_key_of_the_main_window(window, qtbot, qtmodeltester):
    dialog = help_of(window).show_shortcuts()
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    rows = rows_by_action(dialog)
    assert rows["Undo"] == ("Ctrl+Z", "Edit")
    assert rows["Quit"] == ("Ctrl+Q", "File")
    assert rows["Next document"][0] == "PgDown, Alt+Down"
    assert rows["Quote"] == ("1", "Labels")  # the schema's labels, with their keys
    assert rows["Tag all occurrences as Quote…"] == ("Shift+1", "Article")  # only on the text view
    assert rows["Link to…"] == ("L", "Annotations list, Article")
    assert rows["Mark document done"] == ("Ctrl+D", "Review")
    assert rows["Keyboard shortcuts"] == ("Ctrl+/", "Help")
    # every action of every menu is there, read from the menus themselves
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if not action.isSeparator() and action.menu() is None and action.isVisible():
                text = action.text().split("\t")[0].replace("&", "").split("  [")[0]
                assert text in rows, text


def test_a_new_action_appears_in_the_list_without_anything_else_to_update(window, qtbot):
    action = QAction("Jump to the moon", window)
    action.setShortcut(QKeySequence("Ctrl+Alt+M"))
    window.addAction(action)
    dialog = help_of(window).show_shortcuts()
    qtbot.addWidget(dialog)
    assert rows_by_action(dialog)["Jump to the moon"] == ("Ctrl+Alt+M", "Anywhere in the window")


def test_the_compare_windows_keys_are_listed_too(window, qtbot):
    dialog = help_of(window).show_shortcuts()
    qtbot.addWidget(dialog)
    compare = {action: keys for action, (keys, _) in rows_by_action(dialog, "Compare window").items()}
    assert compare["Take A"] == "A" and compare["Take B"] == "B" and compare["Reject"] == "X"
    assert compare["Next difference"] == "N" and compare["Accept agreement"] == "Return, Enter"


def test_typing_in_the_search_box_narrows_the_list(window, qtbot):
    dialog = help_of(window).show_shortcuts()
    qtbot.addWidget(dialog)
    total = dialog.proxy.rowCount()
    qtbot.keyClicks(dialog.search, "ctrl+shift")
    keys = [dialog.proxy.index(r, 1).data() for r in range(dialog.proxy.rowCount())]
    assert 0 < len(keys) < total and all("ctrl+shift" in k.lower() for k in keys)
    assert dialog.count.text() == f"{len(keys)} of {total} actions"
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "compare window")  # the window column matches too
    assert {dialog.proxy.index(r, 3).data() for r in range(dialog.proxy.rowCount())} == {"Compare window"}


def test_the_user_guide_shows_the_guide_from_docs_with_its_screenshots(window, qtbot):
    guide = help_of(window).show_guide()
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    for heading in ("Annotating", "Linking", "Tagging faster", "Searching", "Reviewing", "Agreement", "Claims"):
        assert heading in text, heading
    images = guide.image_names()
    assert "screenshot.png" in images and "compare.png" in images
    for name in images:
        resource = guide.browser.loadResource(2, guide.browser.document().baseUrl().resolved(name))  # 2: an image
        assert not resource.isNull(), name  # found relative to docs/


def test_a_missing_guide_is_said_so_in_the_window(qtbot, tmp_path):
    guide = GuideWindow(folder=tmp_path)
    qtbot.addWidget(guide)
    assert guide.browser.toPlainText().startswith("The user guide could not be read:")


def test_about_names_the_versions_the_project_and_the_folders(window, qtbot, db_path):
    about = help_of(window).show_about()
    qtbot.addWidget(about)
    shown = {name: label.text() for name, label in about.values.items()}
    facts = about_facts(str(db_path))
    assert shown["Version"] == __version__
    assert shown["Qt"].startswith(qVersion())
    assert shown["Project"] == str(db_path)
    assert shown["Data folder"] == str(facts.data_folder)
    assert shown["Backup folder"] == str(facts.backup_folder) and facts.backup_folder is not None


def test_a_server_project_is_shown_without_its_password():
    url = "postgresql+psycopg://olena:s3cr%40t@db.example.org:5432/corpus?password=other"
    shown = shown_location(url)
    assert "s3cr" not in shown and "other" not in shown
    assert shown == "postgresql+psycopg://olena:***@db.example.org:5432/corpus?password=***"
    assert about_facts(url).backup_folder is None
    assert project_name(url) == "corpus on db.example.org"


def test_the_window_title_names_the_article_and_the_project(window):
    assert window.windowTitle() == f"{window.view.current_document.title} — project.sqlite — Annotator"


def test_an_empty_project_is_named_in_the_title(qtbot, tmp_path, settings):
    empty = Project.open(tmp_path / "fresh corpus.sqlite", analyst="olena", settings=settings)
    try:
        window = shown_window(qtbot, empty)
        assert window.windowTitle() == "fresh corpus.sqlite — Annotator"
    finally:
        empty.close()


def test_model_parent_rows_are_empty(window, qtbot):
    dialog = help_of(window).show_shortcuts()
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount(dialog.model.index(0, 0)) == 0 and dialog.model.rowCount(QModelIndex()) > 10
