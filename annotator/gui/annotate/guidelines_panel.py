"""The Guidelines panel (F1): the guideline of the label under the caret or of the selected annotation, and of its values."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QTextBrowser, QWidget

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation
from annotator.gui.annotate.document_view import DocumentView
from annotator.gui.annotate.guideline_html import guideline_html

_HINT = "<p>Put the caret in a tagged span, or select an annotation, to see its label's guideline.</p>"


class GuidelinesPanel(QDockWidget):
    """A dock that follows the caret and the selection; `toggle_action` (F1) shows or hides it."""

    def __init__(self, view: DocumentView, schema: Callable[[], LabelSchema | None], parent: QWidget) -> None:
        super().__init__("Guidelines", parent)
        self.setObjectName("guidelinesPanel")
        self._view, self._schema = view, schema
        self._selected: Annotation | None = None
        self.browser = QTextBrowser()
        self.browser.setObjectName("guidelinesText")
        self.browser.setOpenLinks(False)
        self.setWidget(self.browser)
        self.toggle_action: QAction = self.toggleViewAction()
        self.toggle_action.setText("&Guidelines")
        self.toggle_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.toggle_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        parent.addAction(self.toggle_action)
        self.visibilityChanged.connect(lambda visible: self.refresh() if visible else None)
        view.cursorPositionChanged.connect(self._caret_moved)
        self.hide()  # shown on F1
        self.browser.setHtml(_HINT)

    def menu_action(self, menu: QMenu) -> QAction:
        """A fresh menu entry for `menu` (rebuilt at each schema change); F1 itself stays on `toggle_action`."""
        action = QAction("&Guidelines\tF1", menu)
        action.setCheckable(True)
        action.setChecked(self.isVisible())
        action.triggered.connect(self.toggle_action.trigger)
        return action

    def show_annotation(self, annotation: Annotation | None) -> None:
        """The selected annotation (or none): its label and attribute values win over the caret."""
        self._selected = annotation
        self.refresh()

    def refresh(self) -> None:
        if not self.isVisible():
            return  # drawn when shown: moving the caret costs nothing while the panel is hidden
        annotation = self._selected or self._under_caret()
        schema = self._schema()
        label = schema.get(annotation.label) if schema is not None and annotation is not None else None
        if label is None or annotation is None:
            self.browser.setHtml(_HINT)
            return
        parts = [guideline_html(label.guideline, f"{label.name}  [{label.shortcut}]" if label.shortcut else label.name)]
        if not label.guideline:
            parts.append("<p><i>No guideline yet: write one in Labels → Edit labels…</i></p>")
        for attribute in label.attributes:
            value = annotation.attributes.get(attribute.name)
            found = attribute.guideline_of(str(value)) if value is not None else None
            if found:
                parts.append(guideline_html(found, f"{attribute.name} = {value}"))
        self.browser.setHtml("".join(parts))

    def _caret_moved(self) -> None:
        if self._selected is None and self.isVisible():
            self.refresh()

    def _under_caret(self) -> Annotation | None:
        document = self._view.current_document
        if document is None:
            return None
        offset = self._view.utf16_map.to_code_point(self._view.textCursor().position())
        found = self._view.annotations_at(offset) or (self._view.annotations_at(offset - 1) if offset else [])
        return min(found, key=lambda a: a.end - a.start) if found else None  # the innermost span
