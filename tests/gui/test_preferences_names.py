"""Preferences: an analyst name with control characters (an ESC sequence), or a blank one, is refused in the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from annotator.services.user_settings import UserSettings


def _ok(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


@pytest.mark.parametrize(
    "name, reason",
    [
        ("\x1b[31mmykola", "holds a control character"),
        ("   ", "is blank"),
        ("", "is blank"),
        ("myk\u202eola", "holds a control character"),
    ],
)
def test_the_preferences_refuse_an_unprintable_or_blank_analyst_name(
    window, settings, qtbot, monkeypatch, name, reason
):
    from annotator.gui.annotate import file_actions

    seen = {}

    class Typing(file_actions.PreferencesDialog):
        def exec(self):  # the user types the name and presses OK, then Cancel once told why
            self.show()
            self.analyst_edit.setText(name)
            qtbot.mouseClick(_ok(self), Qt.MouseButton.LeftButton)
            seen["open"], seen["problem"] = self.isVisible(), self.problem.text() if self.problem.isVisible() else ""
            self.reject()
            return self.result()

    monkeypatch.setattr(file_actions, "PreferencesDialog", Typing)
    window.file_actions.show_preferences()
    assert seen["open"] and reason in seen["problem"]
    assert window.project.analyst == "olena"
    assert UserSettings(settings.path).get("analyst") is None


def test_a_plain_name_is_accepted(qtbot):
    from annotator.gui.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog("olena")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.analyst_edit.setText("  Mykola Petrenko ")
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.analyst == "Mykola Petrenko"
