#!/usr/bin/env bash
# biunzip report: the page renders in a real (headless) browser, hostile names in the evidence
# stay text and never become elements, and every section is there. Set KEEP_SCREENSHOT=FILE to
# keep the rendered page as a PNG for a look.
set -euo pipefail
: "${BIUNZIP:?set by ctest}" "${PPC_BINARY_DIR:?set by ctest}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# Packages built in-process with the real writer (see tests/unit/biunzip/script_fixture_test.cpp).
fixtures="$PPC_BINARY_DIR/tests/biunzip_tests"
[[ -x $fixtures ]] || fail "$fixtures is not built (ninja biunzip_tests)"
BIUNZIP_FIXTURE_DIR="$work" "$fixtures" --gtest_filter='ScriptFixtures.*' >/dev/null

"$BIUNZIP" extract "$work/sample.ppc" --password-file "$work/passphrase.txt" -q
report="$work/sample/report.html"
[[ -s $report ]] || fail "extract wrote no report.html"

chromium=$(command -v chromium || command -v chromium-browser || true)
[[ -n $chromium ]] || fail "chromium is missing: run scripts/install-deps.sh"
browser() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
    "$@" 2>/dev/null
}
dom=$(browser --dump-dom "file://$report")
[[ -n $dom ]] || fail "chromium rendered nothing"

expect() { grep -qF -- "$1" <<<"$dom" || fail "missing from the DOM: $1"; }
refuse() { ! grep -qiF -- "$1" <<<"$dom" || fail "found in the DOM: $1"; }

# Sections and content.
for id in glance findings custody accounts persistence processes network files errors images events tables; do
  expect "<section id=\"$id\">"
done
expect "web01.example"                  # asset identity from custody.json
expect "IR-2024-0042"                   # case id
expect "jdoe-examiner"                  # custody.json read by name (FORMAT.md): the examiner
expect "<th>Examiner</th>"
expect "rule_critical"                  # a triage hit
expect "ESTABLISHED"                    # a network connection
expect "e787b373a74594b33b77892a903647d7a6cf519d427a0b0790e11be4482696e0"  # /etc/passwd SHA-256
expect "Permission denied"              # an error row
expect "<h3 id=\"history\">"              # the custody history
expect ">extract<"

# Hostile text is text: the browser's DOM holds it escaped, and made no element of it.
expect "&lt;script&gt;alert(1)&lt;/script&gt;"
expect "&lt;img src=x onerror=alert(2)&gt;"
expect '/tmp/bin\xff\xfe.dat'         # bytes that are not UTF-8, shown escaped
[[ $(grep -o '<script' <<<"$dom" | wc -l) == 1 ]] || fail "one <script>: the report's own"
refuse "<script>alert"
refuse "<img"
refuse "<b>bold"

# Self-contained: no external resource of any kind.
refuse "http://"
refuse "https://"
refuse "<link"

browser --window-size=1400,2400 --screenshot="$work/report.png" "file://$report" >/dev/null
[[ $(stat -c %s "$work/report.png") -gt 20000 ]] || fail "the screenshot is (nearly) empty"
if [[ -n ${KEEP_SCREENSHOT:-} ]]; then cp "$work/report.png" "$KEEP_SCREENSHOT"; fi
echo "biunzip_report: ok"
