"""Read a window's keyboard shortcuts off its actions: its menus first, then the actions its widgets carry."""

from __future__ import annotations

import re
from typing import NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

# what the user calls the widgets that carry actions of their own (by object name); others are named by
# their object name in words, and the window itself by its own name
PLACES = {
    "documentView": "Article",
    "annotationTable": "Annotations list",
    "documentList": "Document list",
    "relationTable": "Relations list",
}


class ShortcutRow(NamedTuple):
    window: str  # "Main window", "Compare window"
    where: str  # the menu ("Edit", "Edit › Span boundaries") or the part of the window the keys work in
    action: str
    keys: str


def plain_text(action: QAction) -> tuple[str, str]:
    """The action's text without its mnemonic, and any keys written after a tab in it ("&Guidelines\\tF1")."""
    text, _, written_keys = action.text().partition("\t")
    text = re.sub(r"&(.)", r"\1", text)  # "&&" stays one "&"
    text = re.sub(r"\s+\[[^\]]*\]$", "", text)  # the label palette writes its key in brackets
    return text.strip(), written_keys.strip()


def keys_of(action: QAction) -> str:
    shortcuts = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
    return ", ".join(s for s in shortcuts if s) or plain_text(action)[1]


def _place(widget: QWidget, window: QWidget, window_name: str) -> str:
    if widget is window:
        return "Anywhere in the window"
    name = widget.objectName()
    if name in PLACES:
        return PLACES[name]
    if name:
        return re.sub(r"(?<!^)([A-Z])", r" \1", name).capitalize()
    return window_name


def shortcut_rows(window: QWidget, window_name: str) -> list[ShortcutRow]:
    """Every action of `window` with its keys: the menu bar's items (those without keys too, so the
    list shows what exists), then actions with keys that live only on the window or its widgets."""
    rows: list[ShortcutRow] = []
    seen: set[int] = set()
    listed: set[tuple[str, str]] = set()

    def add(action: QAction, where: str, keys: str) -> None:
        seen.add(id(action))
        text = plain_text(action)[0]
        if not text or (text, keys) in listed:
            return
        listed.add((text, keys))
        rows.append(ShortcutRow(window_name, where, text, keys))

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{path} › {plain_text(action)[0]}")
            else:
                add(action, path, keys_of(action))

    menu_bar = getattr(window, "menuBar", None)
    if callable(menu_bar):
        for action in menu_bar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu):
                walk(menu, plain_text(action)[0])
    # an action a few widgets carry (Delete in the article and the list) is one row naming them all
    places: dict[int, tuple[QAction, list[str]]] = {}
    for widget in [window, *window.findChildren(QWidget)]:
        if isinstance(widget, QMenu) or (widget is not window and widget.window() is not window):
            continue  # menus were walked above; another window's widgets are its own
        for action in widget.actions():
            if id(action) not in seen and keys_of(action) and not action.isSeparator():
                named = places.setdefault(id(action), (action, []))[1]
                place = _place(widget, window, window_name)
                if place not in named:
                    named.append(place)
    for action, named in places.values():
        add(action, ", ".join(named), keys_of(action))
    return rows
