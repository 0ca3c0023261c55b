"""Help → User guide: docs/user-guide.md shown with its screenshots, from the files shipped with the app."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImageReader, QTextCursor, QTextImageFormat
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout

from annotator.core.shipped import docs_folder

GUIDE = "user-guide.md"
IMAGE_WIDTH = 760  # screenshots are 1,400 px wide: shown at a width that fits the window, sharp when enlarged


class GuideWindow(QDialog):
    """A non-modal reader: the guide stays open beside the window while the user tries what it says."""

    def __init__(self, parent=None, folder: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle("User guide — Annotator")
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideText")
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDocumentMargin(16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.resize(900, 760)
        self.load(folder)

    def load(self, folder: Path | None = None) -> None:
        try:
            folder = folder or docs_folder()
            text = (folder / GUIDE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:  # a damaged install: say so in the window
            self.browser.setPlainText(f"The user guide could not be read: {exc}")
            return
        self.browser.setSearchPaths([str(folder)])  # the guide's images are named relative to docs/
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(f"{folder}/"))
        self.browser.setMarkdown(text)
        self.browser.document().setDocumentMargin(16)  # setMarkdown lays the page out anew, margins included
        self._fit_images(folder)

    def _fit_images(self, folder: Path) -> None:
        """Give every wide screenshot a width that fits the page (Markdown cannot say one)."""
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                image = fragment.charFormat().toImageFormat()
                if fragment.isValid() and image.isValid():
                    size = QImageReader(str(folder / image.name())).size()  # the header only, not the pixels
                    if size.width() > IMAGE_WIDTH:
                        shrunk = QTextImageFormat(image)
                        shrunk.setWidth(IMAGE_WIDTH)
                        shrunk.setHeight(IMAGE_WIDTH * size.height() / size.width())
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(shrunk)
                iterator += 1
            block = block.next()

    def image_names(self) -> list[str]:
        """The images the shown guide holds, as written in it."""
        names = []
        block = self.browser.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                image = iterator.fragment().charFormat().toImageFormat()
                if image.isValid():
                    names.append(image.name())
                iterator += 1
            block = block.next()
        return names
