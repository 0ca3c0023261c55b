"""Sessions of the app on a team project: the login is the analyst, and what the database lets each role do."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.services import Project
from annotator.services.user_settings import UserSettings
from tests.server.conftest import TEXT, Team


@pytest.fixture
def settings(tmp_path) -> UserSettings:
    return UserSettings(tmp_path / "settings.json")


def test_an_analysts_session_is_their_login_and_sees_and_edits_only_their_own(team: Team, settings):
    alice = Project.open(team.url(team.alice), settings=settings)
    try:
        assert (alice.analyst, alice.reviewer) == (team.alice, False)
        assert {a.analyst for a in alice.annotations(1)} == {team.alice}
        added = alice.add_annotation(1, "actor", TEXT.index("NATO"), TEXT.index("NATO") + 4)
        assert added.analyst == team.alice
        alice.review.set_status(1, "done")
        alice.delete_annotation(added.id)
        bob_span = team.rows(
            f"SELECT n.id FROM annotations n JOIN analysts a ON a.id = n.analyst_id WHERE a.name = '{team.bob}'"
        )[0][0]
        with pytest.raises(AnnotatorError):
            alice.delete_annotation(bob_span)
        with pytest.raises(AnnotatorError):
            alice.set_blind(False)
    finally:
        alice.close()
    assert team.rows("SELECT count(*) FROM annotations") == [(5,)]
    assert team.rows(
        f"SELECT s.status FROM document_status s JOIN analysts a ON a.id = s.analyst_id WHERE a.name = '{team.alice}'"
    ) == [("done",)]
    assert team.rows("SELECT value FROM settings WHERE key = 'blind_mode'") == [("true",)]


def test_a_session_cannot_name_another_analyst_or_claim_the_reviewer_role(team: Team, settings):
    with pytest.raises(AnnotatorError, match=f"you annotate as your login, {team.alice}"):
        Project.open(team.url(team.alice), analyst=team.bob, settings=settings)
    with pytest.raises(AnnotatorError, match="is not a reviewer of this project"):
        Project.open(team.url(team.alice), reviewer=True, settings=settings)
    settings.set("reviewer", True)  # a saved preference does not make a reviewer either: the server's role decides
    alice = Project.open(team.url(team.alice), settings=settings)
    assert not alice.reviewer and {a.analyst for a in alice.annotations(1)} == {team.alice}
    alice.close()


def test_a_reviewers_session_sees_both_analysts_and_writes_the_gold_set(team: Team, settings):
    rita = Project.open(team.url(team.rita), settings=settings)
    try:
        assert (rita.analyst, rita.reviewer) == (team.rita, True)
        assert {a.analyst for a in rita.annotations(1)} >= {team.alice, team.bob}
        decisions = rita.review.accept_all(1, team.alice, team.bob, rationale="agreed")
        assert decisions and all(d.reviewer == team.rita for d in decisions)
        rita.set_blind(False)
    finally:
        rita.close()
    assert team.rows("SELECT count(*) FROM decisions WHERE reviewer = current_user")[0][0] == 0  # rita's, not admin's
    assert team.rows("SELECT count(*) FROM decisions")[0][0] == 1 + len(decisions)
