"""When the first start greets the user: the bundled app with no settings and no --db, or --first-run."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.services.first_run import remember_choice, remembered_project, should_greet
from annotator.services.user_settings import UserSettings


def test_only_the_bundled_apps_first_start_without_a_project_greets(tmp_path):
    settings = UserSettings(tmp_path / "config" / "settings.json")
    assert should_greet(None, settings, frozen=True)
    assert not should_greet(None, settings, frozen=False)  # scripts/start.sh, pip: as before
    assert not should_greet(tmp_path / "p.sqlite", settings, frozen=True)  # a project asked for by --db
    assert should_greet(tmp_path / "p.sqlite", settings, forced=True, frozen=False)  # --first-run
    settings.set("zoom", 1)  # any saved setting: not a first start any more
    assert not should_greet(None, settings, frozen=True)


def test_the_choice_is_saved_for_the_next_start(tmp_path):
    path = tmp_path / "settings.json"
    remember_choice(UserSettings(path), "  Ольга 🌻 ", tmp_path / "corpus.sqlite")
    again = UserSettings(path)
    assert again.get("analyst") == "Ольга 🌻"
    assert remembered_project(again) == str(tmp_path / "corpus.sqlite")
    remember_choice(again, "olena", None)  # the sample article: the default project
    assert remembered_project(UserSettings(path)) is None


def test_a_blank_or_control_character_name_is_refused_and_nothing_saved(tmp_path):
    path = tmp_path / "settings.json"
    for name in ("   ", "ol\x1b[2Jena"):
        with pytest.raises(AnnotatorError):
            remember_choice(UserSettings(path), name, None)
    assert not path.exists()
