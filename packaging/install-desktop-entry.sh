#!/usr/bin/env bash
# Put Annotator in the desktop menu of the current Linux user: the desktop entry, the icons (48, 128, 256 px and
# the SVG) and the AppStream metadata, in the freedesktop folders under ${XDG_DATA_HOME:-~/.local/share}.
#   bash packaging/install-desktop-entry.sh                      the `annotator` command found on PATH
#   bash packaging/install-desktop-entry.sh dist/Annotator       a bundled app (its folder or its binary)
# The entry starts the program by its absolute path: a menu's PATH often lacks ~/.local/bin or a virtualenv.
# bash packaging/uninstall-desktop-entry.sh removes all of it again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
linux="$here/linux"
id=org.example.Annotator
data="${XDG_DATA_HOME:-$HOME/.local/share}"

if [ "$#" -gt 1 ]; then
    echo "usage: bash packaging/install-desktop-entry.sh [BUNDLE_FOLDER_OR_BINARY]" >&2
    exit 2
fi
if [ "$#" -eq 1 ]; then
    program="$1"
    [ -d "$program" ] && program="$program/annotator"
    if [ ! -x "$program" ] || [ -d "$program" ]; then
        echo "install-desktop-entry: error: $1: no annotator program there (give dist/Annotator or its binary)" >&2
        exit 1
    fi
    program="$(cd "$(dirname "$program")" && pwd)/$(basename "$program")"
else
    if ! program="$(command -v annotator)"; then
        echo "install-desktop-entry: error: no annotator command on PATH; install Annotator first, or give the bundle's folder" >&2
        exit 1
    fi
fi

# the desktop entry spec's quoting: inside double quotes, \ " ` $ are escaped with a backslash, and each
# backslash once more because the value is itself a string with escapes
quoted="$(printf '%s' "$program" | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g')"
entry="$data/applications/$id.desktop"
mkdir -p "$data/applications"
sed -e "s|^Exec=.*|Exec=\"$quoted\"|" -e "s|^TryExec=.*|TryExec=$(printf '%s' "$program" | sed 's/\\/\\\\/g')|" \
    "$linux/$id.desktop" > "$entry.tmp"
chmod 644 "$entry.tmp"
mv "$entry.tmp" "$entry"
for size in 48 128 256; do
    install -Dm644 "$linux/icons/annotator-$size.png" "$data/icons/hicolor/${size}x${size}/apps/annotator.png"
done
install -Dm644 "$here/../resources/icon.svg" "$data/icons/hicolor/scalable/apps/annotator.svg"
install -Dm644 "$linux/$id.metainfo.xml" "$data/metainfo/$id.metainfo.xml"
rm -f "$data/applications/annotator.desktop"  # the entry's name before it followed the AppStream id
# menus and icon themes pick the files up by themselves; these only make it quicker where the tools exist
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" 2>/dev/null || true
touch "$data/icons/hicolor" 2>/dev/null || true  # a newer folder tells icon caches to look again
echo "Annotator added to your applications menu (it starts $program)."
