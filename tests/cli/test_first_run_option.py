"""`annotator --first-run`: the command line offers the bundled app's greeting to any install."""

from __future__ import annotations

from tests.cli.helpers import Cli


def test_the_help_lists_first_run(tmp_path):
    result = Cli(tmp_path).ok("--help")
    assert "--first-run" in result.stdout and "bundled app does when first started" in " ".join(result.stdout.split())
