#!/usr/bin/env bash
# biunzip on zip and tar archives made by the real `zip` and `tar`: an archive cannot forge
# biunzip's own records (custody.log, manifest.jsonl, report.html), and `tar -C dir .` archives
# (whose first entry is "./") extract cleanly.
source "${TEST_HELPERS:?set by ctest}"
: "${BIUNZIP:?set by ctest}"

# --- reserved names in a zip are refused; biunzip's custody.log stays its own ----------------
mkdir forged
printf '{"FORGED_RECORD":true}\n' >forged/custody.log
printf '{"name":"FORGED_RECORD"}\n' >forged/manifest.jsonl
printf '<p>FORGED_RECORD</p>\n' >forged/report.html
printf 'evidence\n' >forged/evidence.txt
(cd forged && zip -q ../forged.zip custody.log manifest.jsonl report.html evidence.txt)
expect_exit 13 "$BIUNZIP" extract forged.zip -o out
contains "$ERR" "custody.log: refused, the name is reserved"
contains "$ERR" "manifest.jsonl: refused, the name is reserved"
contains "$ERR" "report.html: refused, the name is reserved"
eq "$(cat out/evidence.txt)" evidence "the ordinary entry"
eq "$(wc -l <out/custody.log)" 1 "custody.log lines"
eq "$(jq -r .action out/custody.log)" extract "custody.log's only record"
grep -q FORGED_RECORD out/custody.log out/manifest.jsonl out/report.html && fail "a zip entry forged a record"
ok "zip entries named like biunzip's records are refused"

# A directory of that name would block custody.log just as well.
mkdir -p dirforge/custody.log && printf 'x\n' >dirforge/custody.log/x
(cd dirforge && zip -q -r ../dirforge.zip custody.log)
expect_exit 13 "$BIUNZIP" --file dirforge.zip -o dout
[[ -f dout/custody.log ]] || fail "biunzip's custody.log was not written"
eq "$(jq -r .action dout/custody.log)" extract "custody.log record"
ok "a zip directory named custody.log is refused"

# --- "./" is the output directory itself --------------------------------------------------------
mkdir -p tree/sub && printf 'one\n' >tree/a.txt && printf 'two\n' >tree/sub/b.txt
tar -C tree -cf dot.tar .
[[ $(tar -tf dot.tar | head -n 1) == ./ ]] || fail "tar did not store ./ first"
expect_exit 0 "$BIUNZIP" --file dot.tar -o dot
[[ -z $ERR ]] || fail "stderr not empty: $ERR"
eq "$(cat dot/a.txt)" one "a.txt"
eq "$(cat dot/sub/b.txt)" two "sub/b.txt"
expect_exit 0 "$BIUNZIP" extract dot.tar -o dot2
ok "a ./ entry is skipped silently"

# --- a wrong zip password leaves no folder behind -----------------------------------------------
mkdir -p locked/sub && printf 'hidden\n' >locked/sub/s.txt && printf 'more\n' >locked/t.txt
(cd locked && zip -q -r -P right-password ../secret.zip sub t.txt)
expect_exit 10 "$BIUNZIP" --file secret.zip --password wrong-password
[[ ! -e secret ]] || fail "a wrong password left a folder: $(find secret)"
[[ $OUT == "" ]] || fail "a wrong password printed a summary: $OUT"
expect_exit 0 "$BIUNZIP" extract secret.zip --password right-password -o opened
eq "$(cat opened/sub/s.txt)" hidden "the right password opens it"
ok "a wrong zip password leaves nothing behind"

# --- info, list and verify read zip archives as extract does ------------------------------------
mkdir -p plain/d && printf 'alpha\n' >plain/a.txt && printf 'beta\n' >plain/d/b.txt
(cd plain && zip -q -r ../plain.zip a.txt d)
sha256sum plain.zip >plain.zip.sha256
expect_exit 0 "$BIUNZIP" info plain.zip --json
eq "$(jq -r .files <<<"$OUT")" 2 "info: files"
eq "$(jq -r .sidecar <<<"$OUT")" match "info: sidecar"
expect_exit 0 "$BIUNZIP" list plain.zip --json
eq "$(jq -r '.[] | select(.name == "d/b.txt") | .sha256' <<<"$OUT")" \
  "$(sha256sum <plain/d/b.txt | cut -d' ' -f1)" "list: sha256 of d/b.txt"
expect_exit 0 "$BIUNZIP" verify plain.zip
contains "$OUT" "verify: OK"
contains "$OUT" "2 files (11 B), 1 directories, 0 symlinks"
expect_exit 0 "$BIUNZIP" verify secret.zip --password right-password
contains "$OUT" "2 encrypted entries opened"
expect_exit 10 "$BIUNZIP" verify secret.zip --password wrong-password
contains "$OUT" "FAIL    key"
expect_exit 10 "$BIUNZIP" list secret.zip --password wrong-password
# A flipped byte in a stored (uncompressed) entry fails its CRC.
(cd plain && zip -q -0 ../stored.zip a.txt)
offset=$(grep -abo alpha stored.zip | head -n 1 | cut -d: -f1)
printf 'X' | dd of=stored.zip bs=1 seek="$offset" conv=notrunc status=none
expect_exit 11 "$BIUNZIP" verify stored.zip
contains "$OUT" "FAIL    entries"
ok "info, list and verify read zip archives"

echo "biunzip_archives: $pass_count ok"
