#!/usr/bin/env bash
# Smoke test of the bundled application as a colleague's machine runs it: an empty environment (no virtual
# environment, no Python on PATH, a fresh home), the window offscreen. Usage: bash packaging/smoke.sh [BINARY]
# (default dist/Annotator/annotator). Checks --version, the default project with the sample article, an import
# into a new project, the window tagging a span (annotator --smoke), and an export to every format.
set -euo pipefail
cd "$(dirname "$0")/.."
APP=${1:-dist/Annotator/annotator}
APP="$(cd "$(dirname "$APP")" && pwd)/$(basename "$APP")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$WORK/tmp" "$WORK/empty-path" "$WORK/out"
SAMPLE_ID=000_846610f6cf9f79d3

app() {  # the binary with nothing from this shell: PATH holds an empty folder, so no python can be found
    env -i HOME="$WORK/home" TMPDIR="$WORK/tmp" PATH="$WORK/empty-path" LC_ALL=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen ${ANNOTATOR_SMOKE_SCREENSHOT:+ANNOTATOR_SMOKE_SCREENSHOT="$ANNOTATOR_SMOKE_SCREENSHOT"} "$APP" "$@"
}
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

version=$(app --version) || fail "--version"
[[ $version == "annotator "* ]] || fail "--version printed '$version'"
echo "smoke: $version"

# the default project of a first start holds the sample article shipped inside the bundle
app documents | grep -q "$SAMPLE_ID" || fail "the default project has no sample article"
echo "smoke: default project holds the sample article"

# the sample, as the bundle ships it, imported into a new project
sample=$(find "$(dirname "$APP")" -path "*seeds/$SAMPLE_ID.txt" | head -n 1)
[ -n "$sample" ] || fail "no seeds/$SAMPLE_ID.txt in the bundle"
project="$WORK/project.sqlite"
app import "$sample" --db "$project" --analyst smoke > /dev/null || fail "import of the sample"

# Help → User guide reads the guide shipped inside the bundle
[ -n "$(find "$(dirname "$APP")" -path "*docs/user-guide.md" | head -n 1)" ] || fail "no docs/user-guide.md in the bundle"

# the window, offscreen: open the project, tag the first word through the services, quit
# (ANNOTATOR_SMOKE_SCREENSHOT=FILE keeps a picture of the window)
app --smoke --db "$project" --analyst smoke 2> "$WORK/smoke.err" | grep "^smoke: " || {
    cat "$WORK/smoke.err" >&2
    fail "the window did not tag a span"
}
app documents --db "$project" | awk -F'\t' -v id="$SAMPLE_ID" '$2 == id && $3 == 1 { found = 1 } END { exit !found }' ||
    fail "the tagged span is not in the project"

# every export format the app knows (it lists them when asked for one it does not)
formats=$( (app export --format '?' --out "$WORK/out/none" --db "$project" 2>&1 || true) | sed -n 's/.*known formats: //p' | tr -d ',')
[ -n "$formats" ] || fail "no format list"
for format in $formats; do
    out="$WORK/out/$format"
    app export --format "$format" --out "$out" --db "$project" --analyst smoke > /dev/null 2> "$WORK/export.err" || {
        cat "$WORK/export.err" >&2
        fail "export to $format"
    }
    [ -n "$(find "$out" -type f -size +0 2> /dev/null | head -n 1)" ] || fail "export to $format wrote nothing"
    echo "smoke: exported to $format"
done
echo "smoke: passed"
