#!/usr/bin/env bash
# The biunzip binary end to end: one exit code per failure class, hostile packages, the
# commercial tool's --file and --dir --csv, keygen, info. Packages come from the real writer
# (tests/unit/biunzip/script_fixture_test.cpp).
set -euo pipefail
: "${BIUNZIP:?set by ctest}" "${PPC_BINARY_DIR:?set by ctest}" "${PPC_SOURCE_DIR:?set by ctest}"
work=$(mktemp -d)
trap 'chmod -R u+rwX "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
# run WANT_CODE cmd...: runs, keeps stdout/stderr in out.txt/err.txt, checks the exit code.
run() {
  local want=$1; shift
  set +e; "$@" >out.txt 2>err.txt; local got=$?; set -e
  [[ $got == "$want" ]] || fail "$* exited $got, expected $want
--- stdout
$(cat out.txt)
--- stderr
$(cat err.txt)"
}
has() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2
$(cat "$1")"; }

fixtures="$PPC_BINARY_DIR/tests/biunzip_tests"
[[ -x $fixtures ]] || fail "$fixtures is not built (ninja biunzip_tests)"
BIUNZIP_FIXTURE_DIR="$work" "$fixtures" --gtest_filter='ScriptFixtures.*' >/dev/null
pw=(--password-file passphrase.txt)

# --- help, version, usage -------------------------------------------------------------------
run 0 "$BIUNZIP" --help
for code in 10 11 12 13 14 15 16; do has out.txt "  $code  "; done
run 0 "$BIUNZIP" --version
has out.txt "OpenSSL"; has out.txt "libarchive"; has out.txt "zstd"; has out.txt "SQLite"
run 2 "$BIUNZIP"
run 2 "$BIUNZIP" extract
run 2 "$BIUNZIP" frobnicate

# --- info needs no key ------------------------------------------------------------------------
run 0 "$BIUNZIP" info sample.ppc
has out.txt "format       PPC 1.0"
has out.txt "cipher       AES-256-GCM"
has out.txt "recipients   passphrase"
has out.txt "sidecar      match"
run 0 "$BIUNZIP" info sample.ppc --json
[[ $(jq -r .sidecar out.txt) == match ]] || fail "info --json sidecar"

# --- verify: one code per class ---------------------------------------------------------------
run 0 "$BIUNZIP" verify sample.ppc "${pw[@]}"
has out.txt "verify: OK"
run 10 "$BIUNZIP" verify sample.ppc --password "not the passphrase"
has err.txt "visible to other users"
header=$(jq -r .header_bytes <("$BIUNZIP" info sample.ppc --json))
cp sample.ppc flipped.ppc
printf '\x5a' | dd of=flipped.ppc bs=1 seek=$((header + 64)) conv=notrunc status=none
run 11 "$BIUNZIP" verify flipped.ppc "${pw[@]}"
has out.txt "FAIL    chunks"
head -c $(( $(stat -c %s sample.ppc) - 100 )) sample.ppc >short.ppc
run 12 "$BIUNZIP" verify short.ppc "${pw[@]}"
echo "not a package" >text.ppc
run 1 "$BIUNZIP" verify text.ppc "${pw[@]}"
run 14 "$BIUNZIP" verify absent.ppc "${pw[@]}"
# -q verify: silent when all is well, only the failed check otherwise.
run 0 "$BIUNZIP" -q verify sample.ppc "${pw[@]}"
[[ ! -s out.txt && ! -s err.txt ]] || fail "-q verify printed: $(cat out.txt err.txt)"
run 11 "$BIUNZIP" -q verify flipped.ppc "${pw[@]}"
has out.txt "FAIL    chunks"
grep -q '^OK' out.txt && fail "-q verify printed passing checks: $(cat out.txt)"
# Failed extractions: no success-style summary, the package named once.
run 14 "$BIUNZIP" extract absent.ppc "${pw[@]}"
[[ ! -s out.txt ]] || fail "a missing package got a summary: $(cat out.txt)"
[[ $(grep -o 'absent.ppc' err.txt | wc -l) == 1 ]] || fail "path doubled: $(cat err.txt)"
run 1 "$BIUNZIP" extract text.ppc "${pw[@]}"
[[ $(grep -o 'text.ppc' err.txt | wc -l) == 1 ]] || fail "path doubled: $(cat err.txt)"
vectors="$PPC_SOURCE_DIR/tests/vectors"
cp "$vectors/truncated-mid-chunk.ppc" cut.ppc
run 12 "$BIUNZIP" extract cut.ppc --password-file "$vectors/pass.txt"
has out.txt "cut.ppc: extraction incomplete (exit 12, truncated):"
[[ $(grep -o 'cut.ppc' err.txt | wc -l) == 1 ]] || fail "path doubled: $(cat err.txt)"

# --- extract ----------------------------------------------------------------------------------
umask 022
run 0 "$BIUNZIP" extract sample.ppc "${pw[@]}"
for f in files/etc/passwd case.db custody.json collection.log report.html manifest.jsonl custody.log \
         live/processes/processes.jsonl; do
  [[ -f sample/$f ]] || fail "sample/$f missing"
done
# Evidence is private whatever the umask: folders 0700, files 0600 (set-uid bit gone too).
[[ $(stat -c %a sample/files/usr/bin/sudo) == 600 ]] || fail "sudo: $(stat -c %a sample/files/usr/bin/sudo)"
open_to_others=$(find sample -perm /077 -printf '%m %p\n')
[[ -z $open_to_others ]] || fail "readable by others under umask 022: $open_to_others"
[[ $(stat -c %a sample) == 700 && $(stat -c %a sample/files/etc) == 700 ]] || fail "folder modes"
[[ $(stat -c %a sample/case.db) == 600 && $(stat -c %a sample/custody.log) == 600 ]] ||
  fail "case.db / custody.log modes"
run 0 "$BIUNZIP" extract sample.ppc "${pw[@]}" -o shared --keep-modes
[[ $(stat -c %a shared/files/usr/bin/sudo) == 755 ]] || fail "--keep-modes: set-uid bit kept or mode lost"
[[ $(stat -c %a shared/files/etc/passwd) == 644 && $(stat -c %a shared/custody.log) == 644 ]] ||
  fail "--keep-modes: modes not kept"
[[ ! -e sample/ppc ]] || fail "internal entries extracted"
[[ $(jq -r .result sample/custody.log) == ok ]] || fail "custody.log result"
# Everything exists already: one line and its own code, not one refusal per entry.
run 16 "$BIUNZIP" extract sample.ppc "${pw[@]}"
[[ $(wc -l <err.txt) == 1 ]] || fail "re-extract: more than one line: $(cat err.txt)"
has err.txt "sample: the output directory already holds files"
[[ ! -s out.txt ]] || fail "re-extract printed a summary: $(cat out.txt)"
[[ $(wc -l <sample/custody.log) == 1 ]] || fail "a refused re-extract was recorded"
run 0 "$BIUNZIP" extract sample.ppc "${pw[@]}" --force
[[ $(wc -l <sample/custody.log) == 2 ]] || fail "custody.log should hold two records (the refused re-extract wrote none)"

# --- hostile package --------------------------------------------------------------------------
mkdir -p deep/er
cp hostile.ppc deep/er/
run 13 "$BIUNZIP" extract deep/er/hostile.ppc "${pw[@]}"
[[ ! -e deep/escape.txt && ! -e escape.txt ]] || fail "../ escaped"
[[ ! -e /tmp/biunzip-absolute-escape.txt ]] || fail "absolute path escaped"
[[ -f deep/er/hostile/files/etc/passwd ]] || fail "the safe entries were not extracted"
has err.txt "../escape.txt: refused"
grep -q forged deep/er/hostile/custody.log && fail "a package entry forged custody.log"

# --- the commercial tool's interface ----------------------------------------------------------
mkdir batch
cp sample.ppc batch/one.ppc
cp sample.ppc batch/two.ppc
printf '%s\r\n' '"File Name","Zip Password"' "one.ppc,\"$(cat passphrase.txt)\"" \
  "two.ppc,wrong" "three.ppc,x" "one.ppc,dup" >batch/list.csv
run 10 "$BIUNZIP" --dir batch --csv batch/list.csv --jobs 2
[[ -f batch/one/files/etc/passwd ]] || fail "--dir did not extract one.ppc"
[[ ! -e batch/two ]] || fail "a wrong password left a directory"
has err.txt "three.ppc: no such file"
has err.txt "duplicate file name"
has out.txt "3 packages listed, 1 extracted, 2 failed"
run 2 "$BIUNZIP" --dir batch --csv batch/no-such-list.csv
[[ $(wc -l <err.txt) == 1 ]] || fail "missing --csv: $(cat err.txt)"
has err.txt "--csv: "
# A list without a header row: its first row is a package, not a header to skip.
mkdir nohead
cp sample.ppc nohead/first.ppc
cp sample.ppc nohead/second.ppc
printf '%s\n' "first.ppc,$(cat passphrase.txt)" "second.ppc,$(cat passphrase.txt)" >nohead/list.csv
run 0 "$BIUNZIP" --dir nohead --csv nohead/list.csv --jobs 1
has out.txt "2 packages listed, 2 extracted, 0 failed"
has err.txt "no header row"
[[ -f nohead/first/files/etc/passwd ]] || fail "the first row of a headerless list was skipped"
run 0 "$BIUNZIP" --file batch/two.ppc --password "$(cat passphrase.txt)"
[[ -f batch/two/files/etc/passwd ]] || fail "--file did not extract"

# --- keygen -----------------------------------------------------------------------------------
run 0 "$BIUNZIP" keygen -o id.key
[[ $(stat -c %a id.key) == 600 ]] || fail "identity file mode"
grep -q '^ppc1' out.txt || fail "keygen printed no recipient"
run 14 "$BIUNZIP" keygen -o id.key
# A signing key pair OpenSSL reads as Ed25519, its .pub the public half of the private key.
run 0 "$BIUNZIP" keygen --signing -o sign.pem
[[ $(stat -c %a sign.pem) == 600 ]] || fail "signing key mode"
openssl pkey -in sign.pem -noout -text | grep -q 'ED25519 Private-Key' || fail "not an Ed25519 key"
[[ $(openssl pkey -in sign.pem -pubout) == "$(cat sign.pem.pub)" ]] || fail "sign.pem.pub mismatch"
# The signed test vector verifies only against its own key.
run 11 "$BIUNZIP" verify "$vectors/signed.ppc" --password-file "$vectors/pass.txt" --verify-key sign.pem.pub
has out.txt "FAIL    signature"
echo "biunzip_cli: ok"
