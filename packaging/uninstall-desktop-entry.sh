#!/usr/bin/env bash
# Take Annotator out of the current user's desktop menu: everything install-desktop-entry.sh put there.
# The app, its projects and settings stay.
set -euo pipefail
id=org.example.Annotator
data="${XDG_DATA_HOME:-$HOME/.local/share}"
rm -f "$data/applications/$id.desktop" "$data/applications/annotator.desktop" "$data/metainfo/$id.metainfo.xml" \
    "$data/icons/hicolor/scalable/apps/annotator.svg"
for size in 48 128 256; do
    rm -f "$data/icons/hicolor/${size}x${size}/apps/annotator.png"
done
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" 2>/dev/null || true
touch "$data/icons/hicolor" 2>/dev/null || true  # a newer folder tells icon caches to look again
echo "Annotator removed from your applications menu."
