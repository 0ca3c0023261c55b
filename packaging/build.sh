#!/usr/bin/env bash
# Build the bundled application (no Python needed to run it) with PyInstaller, from a clean virtual environment:
# dist/Annotator/annotator (annotator.exe on Windows, dist/Annotator.app on macOS). See packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=build/packaging-venv
rm -rf "$VENV" build/pyinstaller build/icons dist/Annotator dist/Annotator.app
"$PYTHON" -m venv "$VENV"
BIN="$VENV/bin"
[ -d "$VENV/Scripts" ] && BIN="$VENV/Scripts"  # Windows (Git Bash)
"$BIN/python" -m pip install --quiet --upgrade pip
# installed from a wheel, not editable: the bundle gets the package as a user's install has it;
# the server extra brings psycopg, so the app opens projects on a PostgreSQL server too
"$BIN/python" -m pip install --quiet '.[packaging,server]'
"$BIN/python" packaging/make_icons.py build/icons
ANNOTATOR_ICONS=build/icons "$BIN/pyinstaller" --noconfirm --clean --log-level ERROR \
    --workpath build/pyinstaller --distpath dist packaging/annotator.spec
echo "dist/Annotator: $(du -sh dist/Annotator | cut -f1)"
