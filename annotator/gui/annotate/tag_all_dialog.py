"""The preview before tagging all occurrences: where (this article or the whole corpus), whether case
counts, and how many places that finds and how many are still untagged."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the services load after the window first paints
    from annotator.services.tag_all import Preview

MAX_QUOTED = 60

Counter = Callable[[bool, bool], "Preview"]  # (whole corpus, match case) -> what tagging would do


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class TagAllDialog(QDialog):
    """Asks before tagging; `preview` is what the chosen scope and case switch find (counted on each change)."""

    def __init__(self, needle: str, label_name: str, count: Counter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tag all occurrences")
        self._count = count
        quoted = needle if len(needle) <= MAX_QUOTED else needle[: MAX_QUOTED - 1] + "…"
        intro = QLabel(f"Tag every whole-word occurrence of <b>“{quoted}”</b> as <b>{label_name}</b>:")
        intro.setWordWrap(True)
        self.article = QRadioButton("in this &article")
        self.corpus = QRadioButton("in the whole &corpus")
        self.article.setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self.article)
        scope.addButton(self.corpus)
        self.match_case = QCheckBox("&Match case")
        self.match_case.setChecked(True)
        self.summary = QLabel()
        self.summary.setObjectName("tagAllSummary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.article, self.corpus, self.match_case, self.summary, self.buttons):
            layout.addWidget(widget)
        self.preview: Preview | None = None
        self.article.toggled.connect(self.recount)
        self.match_case.toggled.connect(self.recount)
        self.recount()
        self.setMinimumWidth(420)

    def recount(self) -> None:
        self.preview = preview = self._count(self.corpus.isChecked(), self.match_case.isChecked())
        where = f" in {_plural(preview.articles, 'article')}" if self.corpus.isChecked() else ""
        already = preview.found - preview.to_tag
        self.summary.setText(
            f"{_plural(preview.found, 'place')} found{where}; "
            + (f"{_plural(preview.to_tag, 'new annotation')}" if preview.to_tag else "nothing new to tag")
            + (f" ({already:,} already tagged, skipped)" if already else "")
            + "."
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Tag {preview.to_tag:,}" if preview.to_tag else "Tag")
        ok.setEnabled(preview.to_tag > 0)
