#!/usr/bin/env bash
# Opens the HTML report in headless Chromium and checks that the page loads
# without script errors and that selecting a finding (the #finding-N address
# the report's links set) highlights its route in the drawing.
#
# usage: browser_test.sh IVRSCOPE_BINARY SOURCE_DIR
# Exits 77 (ctest: skipped) when Chromium is not installed.
set -euo pipefail

ivrscope=$1
source_dir=$2
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIPPED: Chromium is not installed (tools/setup.sh installs Debian's chromium)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report=$work/report.html
data=$source_dir/tests/data/visual
set +e
"$ivrscope" check "$data/acme.ivrflow" "$data/cards.ivrflow" "$data/hostile.ivrflow" \
  --format html --output "$report"
status=$?
set -e
if [ "$status" -ne 1 ]; then
  echo "FAIL: ivrscope check --format html exited $status (expected 1: findings)"
  exit 1
fi

# Loads the page at an address, prints the DOM after the scripts ran.
# Flags: no sandbox (root in CI), no GPU, and no background traffic, which a
# closed network refuses; a fresh profile each time.
dump() {
  local profile
  profile=$(mktemp -d "$work/profile.XXXX")
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --virtual-time-budget=5000 --dump-dom "$1" 2>"$work/console.log"
}

fail() {
  echo "FAIL: $*"
  echo "--- chromium log:"
  grep -v "dbus" "$work/console.log" | tail -20 || true
  exit 1
}

# The finding whose route has the most steps, in the acme flow's drawing.
finding=$(grep -o 'id="finding-[0-9]*" data-drawing="drawing-0" data-route="[^"]*"' \
  "$report" | awk -F'"' '{ print gsub(/ /, " ", $6), $2 }' | sort -n | tail -1 |
  cut -d' ' -f2)
[ -n "$finding" ] || fail "no finding with a route in the report"
route=$(grep -o "id=\"$finding\" data-drawing=\"drawing-0\" data-route=\"[^\"]*\"" \
  "$report" | sed 's/.*data-route="//; s/"$//')

# 1. Nothing selected: the page loads, the script ran, nothing is marked.
dom=$(dump "file://$report")
grep -q 'data-ready="yes"' <<<"$dom" || fail "the report's script did not finish"
grep -q 'data-script-error="' <<<"$dom" && fail "script error: $(grep -o 'data-script-error="[^"]*"' <<<"$dom")"
grep -qi 'Uncaught\|Refused to' "$work/console.log" && fail "console reports a script error or a blocked load"
grep -q 'class="[^"]*\bhl\b' <<<"$dom" && fail "something is highlighted with no finding selected"
# The hostile prompts stayed text: the report's script is the only one.
scripts=$(grep -o '<script' <<<"$dom" | wc -l)
[ "$scripts" -eq 1 ] || fail "$scripts script elements in the page (expected 1)"

# 2. A finding selected: every element of its route is highlighted, and only
# those.
dom=$(dump "file://$report#$finding")
grep -q 'data-ready="yes"' <<<"$dom" || fail "the report's script did not finish"
grep -q 'data-script-error="' <<<"$dom" && fail "script error after selecting $finding"
grep -q "id=\"$finding\"[^>]*class=\"[^\"]*selected" <<<"$dom" ||
  grep -q "class=\"[^\"]*selected[^\"]*\" id=\"$finding\"" <<<"$dom" ||
  fail "$finding is not marked selected"
for id in $route; do
  grep -q "id=\"$id\" class=\"[^\"]*\bhl\b" <<<"$dom" ||
    fail "$id (on the route of $finding) is not highlighted"
done
expected=$(wc -w <<<"$route")
marked=$(grep -o 'data-highlighted="[0-9]*"' <<<"$dom" | grep -o '[0-9]*')
[ "$marked" = "$expected" ] || fail "$marked elements highlighted, expected $expected"
highlighted=$(grep -o 'class="\(node\|edge\) hl"' <<<"$dom" | wc -l)
[ "$highlighted" -eq "$expected" ] || fail "$highlighted drawing elements highlighted, expected $expected"
echo "OK: report loads without script errors; $finding highlights its $expected route elements"
