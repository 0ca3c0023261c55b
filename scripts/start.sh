#!/usr/bin/env bash
# Install Annotator into a virtual environment and start it on your default project (the sample article).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .
exec .venv/bin/annotator "$@"
