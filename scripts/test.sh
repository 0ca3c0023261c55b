#!/usr/bin/env bash
# Create a virtual environment, install Annotator with its test and lint extras, run the checks (ruff, mypy,
# import-linter: configured in pyproject.toml), then the whole test suite offscreen, with a throwaway PostgreSQL
# (scripts/postgres.sh) for the tests that run on a server too.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,lint]'
echo "ruff check, ruff format --check, mypy, lint-imports"
.venv/bin/ruff check --quiet annotator tests scripts
.venv/bin/ruff format --check --quiet annotator tests scripts
.venv/bin/mypy
.venv/bin/lint-imports --no-cache > /dev/null || .venv/bin/lint-imports --no-cache  # the report only when a contract breaks
export QT_QPA_PLATFORM=offscreen
# a throwaway PostgreSQL for the tests that run on both SQLite and a server; a server that cannot start fails the run
POSTGRES_DIR=$(mktemp -d)
trap 'bash scripts/postgres.sh stop "$POSTGRES_DIR"' EXIT
ANNOTATOR_TEST_POSTGRES=$(bash scripts/postgres.sh start "$POSTGRES_DIR")
export ANNOTATOR_TEST_POSTGRES
.venv/bin/python -m pytest "$@"
# the bundled application (about 35 s on two cores): built by PyInstaller from a clean environment, then run with
# nothing of this one (packaging/README.md); on a full run only, not when the tests are narrowed by arguments
if [ "$#" -eq 0 ]; then
    bash packaging/build.sh
    bash packaging/smoke.sh
fi
