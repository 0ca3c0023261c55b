#!/usr/bin/env bash
# Create a virtual environment, install Annotator with its test and lint extras, run the checks (ruff, mypy,
# import-linter: configured in pyproject.toml), then the whole test suite offscreen.
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
exec .venv/bin/python -m pytest "$@"
