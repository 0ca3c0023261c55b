#!/usr/bin/env bash
# Install Annotator with its test and benchmark extras, then run the benchmarks of issue 6 offscreen.
# Prints pytest-benchmark's timing table and, at the end, the ratios against the baselines of this run.
# Extra arguments go to pytest, e.g. `bash scripts/bench.sh -k gui`. Takes about 5 minutes on 2 cores.
# See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,bench]'
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest tests/bench -m bench -p no:cacheprovider \
    --benchmark-only --benchmark-columns=min,median,max,rounds \
    --benchmark-sort=name --benchmark-name=short -q "$@"
