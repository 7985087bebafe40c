#!/usr/bin/env bash
# One collection and what it leaves in the case directory: the package name, the sidecars
# (.sha256, .tsq, .log), the console (--quiet, --log-format json), the custody record, the
# digests (--hash), --max-file-size, and presets from collector.yaml / --config.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

# A tiny asset: --root gives a known host name; --profile none keeps the run short.
mkdir -p asset/etc asset/data
printf 'web 01.example/prod\n' >asset/etc/hostname
printf 'alpha\n' >asset/data/a.txt
printf 'bravo bravo\n' >asset/data/b.txt
head -c 70000 /dev/urandom >asset/data/big.bin

# --- package name, case directory, alias --------------------------------------------------------
before=$(date -u +%Y%m%dT%H%M%SZ)
expect_exit 0 collect --profile none --no-encrypt --root asset --collect '/data/*' \
  --case-id 'IR 2041:ä' --case-dir deep/er/cases --quiet
after=$(date -u +%Y%m%dT%H%M%SZ)
[[ -d deep/er/cases ]] || fail "--case-dir was not created with its parents"
pkg=$(only_pkg deep/er/cases)
name=$(basename "$pkg")
host=$(sanitized 'web 01.example/prod')
case_id=$(sanitized 'IR 2041:ä')
eq "$host" "web-01.example-prod" "sanitised host name"
[[ $name =~ ^${case_id}_${host}_([0-9]{8}T[0-9]{6}Z)\.ppc$ ]] || fail "package name $name"
stamp=${BASH_REMATCH[1]}
[[ ! $stamp < $before && ! $stamp > $after ]] || fail "time $stamp not within $before..$after"
[[ $name =~ ^[A-Za-z0-9._-]+$ ]] || fail "unsafe characters in $name"
eq "$OUT" "$pkg" "stdout of --quiet"
eq "$ERR" "" "stderr of --quiet"
ok "package $name: <case-id>_<hostname>_<UTC>.ppc, sanitised, in a created --case-dir; --quiet prints only it"

expect_exit 0 collect --profile none --no-encrypt --root asset --case-base-dir alias-dir -q
only_pkg alias-dir >/dev/null
ok "--case-base-dir is an alias of --case-dir"

# --- sidecars -----------------------------------------------------------------------------------
base=${pkg%.ppc}
for f in "$pkg.sha256" "$pkg.tsq" "$base.log"; do [[ -s $f ]] || fail "missing sidecar $f"; done
eq "$(ls deep/er/cases | wc -l)" 4 "files in the case directory (package + 3 sidecars)"
(cd deep/er/cases && sha256sum -c --strict "$name.sha256" >/dev/null) || fail "sha256sum -c failed"
pkg_sha=$(sha256sum "$pkg" | cut -d' ' -f1)
ts=$(openssl ts -query -in "$pkg.tsq" -text 2>/dev/null)
contains "$ts" "Hash Algorithm: sha256"
digest=$(sed -n '/Message data:/,/Policy OID/p' <<<"$ts" | grep -E '^ +[0-9a-f]{4} - ' |
  sed -E 's/^ +[0-9a-f]{4} - //; s/   .*//; s/[ -]//g' | tr -d '\n')
eq "$digest" "$pkg_sha" "digest in the .tsq"
jq -e . "$base.log" >/dev/null || fail "$base.log is not JSON"
eq "$(jq -r .package_sha256 "$base.log")" "$pkg_sha" ".log package_sha256"
eq "$(jq -r .package_bytes "$base.log")" "$(stat -c %s "$pkg")" ".log package_bytes"
eq "$(jq -r .package "$base.log")" "$name" ".log package"
eq "$(jq -r .case_id "$base.log")" 'IR 2041:ä' ".log case_id"
ok "sidecars: .sha256 passes sha256sum -c, .tsq asks for the package's SHA-256, .log records it"

# --- the console: text by default, JSON lines with --log-format json ---------------------------------
expect_exit 0 collect --profile none --no-encrypt --root asset --collect /data/a.txt --case-dir c-text
pkg=$(only_pkg c-text)
eq "$OUT" "$pkg" "stdout of a normal run"
contains "$ERR" "package $pkg"
contains "$ERR" "sha256  $(sha256sum "$pkg" | cut -d' ' -f1)"
expect_exit 0 collect --profile none --no-encrypt --root asset --collect /data/a.txt --case-dir c-json \
  --log-format json
pkg=$(only_pkg c-json)
eq "$OUT" "$pkg" "stdout with --log-format json"
[[ -n $ERR ]] || fail "--log-format json printed nothing on stderr"
while IFS= read -r line; do
  jq -e 'type == "object" and has("event")' <<<"$line" >/dev/null || fail "not a JSON event line: $line"
done <<<"$ERR"
summary=$(grep '"event":"summary"' <<<"$ERR") || fail "no summary event: $ERR"
eq "$(jq -r .sha256 <<<"$summary")" "$(sha256sum "$pkg" | cut -d' ' -f1)" "summary sha256"
grep -q '"event":"collection_started"' <<<"$ERR" || fail "no collection_started event"
ok "--log-format json: every stderr line is a JSON event, the summary has the package hash"

# --- custody record: case fields, command line, asset -------------------------------------------
args=(--profile none --no-encrypt --root asset --collect /data/b.txt --case-dir c-custody -q
  --case-id CASE-7 --examiner 'Jane Doe' --organization 'ACME CSIRT' --note 'line one; "quoted"')
expect_exit 0 collect "${args[@]}"
unpack "$(only_pkg c-custody)" x-custody
c=x-custody/custody.json
eq "$(jq -r .case.case_id $c)" CASE-7 "custody case_id"
eq "$(jq -r .case.examiner $c)" "Jane Doe" "custody examiner"
eq "$(jq -r .case.organization $c)" "ACME CSIRT" "custody organization"
eq "$(jq -r .case.note $c)" 'line one; "quoted"' "custody note"
eq "$(jq -c .command_line $c)" "$(printf '%s\n' "$COLLECTOR" "${args[@]}" | jq -R . | jq -sc .)" "command_line"
eq "$(jq -r .asset.hostname $c)" "web 01.example/prod" "asset hostname"
eq "$(jq -r .profile.name $c)" none "custody profile"
eq "$(jq -r .package.encrypted $c)" false "custody package.encrypted"
eq "$(jq -r .tool.version $c)" "$(collect --version | head -1 | cut -d' ' -f2)" "custody tool version"
started=$(sql x-custody/case.db "select detail from custody where event='collection_started'")
eq "$(jq -r .case_id <<<"$started")" CASE-7 "custody table case_id"
eq "$(jq -r .examiner <<<"$started")" "Jane Doe" "custody table examiner"
sql x-custody/case.db "select event from custody" | grep -qx collection_finished ||
  fail "custody table lacks collection_finished"
ok "custody.json holds case id, examiner, organization, note, the exact command line and the asset"

# --- --hash: every selected digest, equal to the coreutils ones ---------------------------------------
expect_exit 0 collect --profile none --no-encrypt --root asset --collect '/data/*' --case-dir c-hash -q \
  --hash sha256,md5,sha1
unpack "$(only_pkg c-hash)" x-hash
eq "$(sql x-hash/case.db "select count(*) from files where status='complete'")" 3 "files stored"
for f in a.txt b.txt big.bin; do
  row=$(sql x-hash/case.db "select sha256, md5, sha1 from files where path='/data/$f'")
  want="$(sha256sum asset/data/$f | cut -d' ' -f1)|$(md5sum asset/data/$f | cut -d' ' -f1)|$(sha1sum asset/data/$f | cut -d' ' -f1)"
  eq "$row" "$want" "digests of /data/$f"
done
eq "$(jq -r .package.hashes x-hash/custody.json)" "sha256,md5,sha1" "custody hashes"
expect_exit 0 collect --profile none --no-encrypt --root asset --collect /data/a.txt --case-dir c-hash1 -q
unpack "$(only_pkg c-hash1)" x-hash1
eq "$(sql x-hash1/case.db "select coalesce(md5,'')||coalesce(sha1,'') from files where path='/data/a.txt'")" "" \
  "md5/sha1 without --hash"
ok "--hash sha256,md5,sha1 fills all three digests, equal to sha256sum/md5sum/sha1sum"

# --- --max-file-size: the first N bytes, status truncated --------------------------------------------
expect_exit 0 collect --profile none --no-encrypt --root asset --collect /data/big.bin --case-dir c-max -q \
  --max-file-size 1000
unpack "$(only_pkg c-max)" x-max
cmp <(head -c 1000 asset/data/big.bin) x-max/files/data/big.bin || fail "stored bytes are not the first 1000"
row=$(sql x-max/case.db "select size, status, sha256 from files where path='/data/big.bin'")
eq "$row" "1000|truncated|$(head -c 1000 asset/data/big.bin | sha256sum | cut -d' ' -f1)" "files row"
ok "--max-file-size 1000 stores the first 1000 bytes, status truncated"

# --- collector.yaml beside the binary, --config FILE ---------------------------------------------------
mkdir usb
cp "$COLLECTOR" usb/collector
cat >usb/collector.yaml <<EOF
# Preset by the analyst before the drive went out.
case-dir: $TEST_TMP/usb/Cases
case-id: PRESET-1
examiner: preset examiner
no-encrypt: true
profile: none
root: $TEST_TMP/asset
collect: [/data/a.txt, /data/b.txt]
hash: sha256,md5
EOF
expect_exit 0 usb/collector -q </dev/null
pkg=$(only_pkg usb/Cases)
[[ $(basename "$pkg") == PRESET-1_web-01.example-prod_* ]] || fail "preset case id/host not in $pkg"
unpack "$pkg" x-usb
eq "$(jq -r .config_file x-usb/custody.json)" "$TEST_TMP/usb/collector.yaml" "custody config_file"
eq "$(jq -r .case.examiner x-usb/custody.json)" "preset examiner" "preset examiner"
eq "$(sql x-usb/case.db "select count(*) from files where md5 is not null and path like '/data/%'")" 2 \
  "preset --collect and --hash"
# The command line still wins over the preset.
expect_exit 0 usb/collector -q --case-id FROM-CLI </dev/null
compgen -G 'usb/Cases/FROM-CLI_*.ppc' >/dev/null || fail "--case-id did not override the preset"
# --config FILE, for a binary without one beside it.
sed "s|$TEST_TMP/usb/Cases|$TEST_TMP/cfg-cases|; s/PRESET-1/CONFIG-2/" usb/collector.yaml >other.yaml
expect_exit 0 collect --config other.yaml -q
compgen -G 'cfg-cases/CONFIG-2_*.ppc' >/dev/null || fail "--config did not preset the case id"
expect_exit 0 collect --config=other.yaml -q --case-dir cfg-cases2
compgen -G 'cfg-cases2/CONFIG-2_*.ppc' >/dev/null || fail "--config=FILE did not apply"
ok "collector.yaml beside the binary and --config preset options; the command line overrides them"

# An unknown key is a usage error naming file and line (that every option --help lists is a
# valid key is checked in collector_known_bugs.sh).
printf 'case-id: X\nunknown-key: 1\n' >unknown.yaml
expect_exit 2 collect --config unknown.yaml --help
contains "$ERR" "unknown.yaml:2: unknown option 'unknown-key'"
ok "an unknown collector.yaml key: exit 2 with file:line"

echo "collector_package: $pass_count checks passed"
