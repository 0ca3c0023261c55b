#!/usr/bin/env bash
# Put Annotator in the desktop menu of the current Linux user (freedesktop menu and icon folders).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
install -Dm644 "$here/annotator.desktop" "$data/applications/annotator.desktop"
install -Dm644 "$here/../resources/icon.svg" "$data/icons/hicolor/scalable/apps/annotator.svg"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Annotator added to your applications menu."
