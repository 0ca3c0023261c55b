"""`annotator --smoke` (the bundled app's self-check): the window opens offscreen, tags one span, and quits."""

from __future__ import annotations

from tests.cli.helpers import Cli


def test_smoke_tags_the_first_word_of_the_sample_article_in_the_default_project(tmp_path):
    cli = Cli(tmp_path)
    result = cli.ok("--smoke", "--analyst", "olena")
    assert result.stdout.startswith("smoke: "), result.stdout
    assert "tagged 'Some' as quote [0, 4)" in result.stdout
    (row,) = cli.documents()
    assert row[1] == "000_846610f6cf9f79d3"
    assert row[2] == "1"  # the annotation was saved, not only shown


def test_smoke_on_an_empty_project_fails_with_one_line(tmp_path):
    cli = Cli(tmp_path)
    empty = tmp_path / "empty.sqlite"
    cli.ok("documents", "--db", empty)
    result = cli("--smoke", "--db", empty)
    assert result.returncode == 1
    # (before it, Qt's offscreen platform may note what it cannot do)
    assert result.err_lines[-1] == "annotator: error: the window opened no article (is the project empty?)"
