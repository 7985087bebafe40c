#!/usr/bin/env bash
# collector.yaml goes through the same option table as the command line (issue #13): a value in
# the file gets exactly the checks and conversions of the same flag, and an error names the
# file, the line and the flag (exit 2, one line, nothing written); the command line wins over
# the file. Also the case id and --artifact checks of issue #22.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

mkdir -p asset/data
head -c 5000 /dev/urandom >asset/data/big.bin
printf 'alpha\n' >asset/data/a.txt

# refused_config WANT YAML: the file holding YAML is refused with one line starting with WANT.
refused_config() {
  local want=$1
  printf '%b' "$2" >c.yaml
  rm -rf cases
  expect_exit 2 collect --config c.yaml --profile none --no-encrypt --case-dir cases
  eq "$(wc -l <<<"$ERR")" 1 "stderr lines for: $2"
  [[ $ERR == "collector: $want"* ]] || fail "want 'collector: $want...', got: $ERR"
  [[ ! -e cases ]] || fail "a refused configuration created the case directory"
}

# --- the four values issue #13 found accepted -------------------------------------------------
refused_config "c.yaml:3: --scrypt-work-factor: " 'examiner: jdoe\nnote: x\nscrypt-work-factor: 10\n'
contains "$ERR" "not in range 15 to 22"
refused_config "c.yaml:1: --cpu-limit: " 'cpu-limit: 500\n'
refused_config "c.yaml:2: --threads: " 'examiner: jdoe\nthreads: -3\n'
refused_config "c.yaml:1: --log-format: " 'log-format: xml\n'
ok "scrypt-work-factor: 10, cpu-limit: 500, threads: -3, log-format: xml: exit 2 with file:line and the flag"

# The package is never written with the refused work factor (it used to have log2 N = 10).
make_password_file pass.txt
printf 'scrypt-work-factor: 10\npassword-file: pass.txt\nprofile: none\n' >weak.yaml
expect_exit 2 collect --config weak.yaml --case-dir weak-cases
[[ ! -e weak-cases ]] || fail "a package was written with scrypt-work-factor: 10"

# Every check of the flags applies to the file: sizes, members, paths, case ids, artifacts.
refused_config "c.yaml:1: --max-file-size: 'lots' is not a size" 'max-file-size: lots\n'
refused_config "c.yaml:1: --scan-max-size: '-1' is not a size" 'scan-max-size: -1\n'
refused_config "c.yaml:1: --io-nice: " 'io-nice: realtime\n'
refused_config "c.yaml:1: --collect: " 'collect: [/ok, relative/path]\n'
refused_config "c.yaml:2: --case-id: " 'examiner: x\ncase-id: ../up\n'
refused_config "c.yaml:1: --artifact: unknown artifact 'nosuch'" 'artifact: nosuch\n'
refused_config "c.yaml:1: --root: " 'root: ./no-such-dir\n'
refused_config "c.yaml:1: --hash: " 'hash: sha256,sha512\n'
refused_config "c.yaml:1: --timeout: " 'timeout: -5\n'
refused_config "c.yaml:1: " 'quiet: maybe\n'
contains "$ERR" "--quiet"
refused_config "c.yaml:1: --note: " 'note:\n'
refused_config "c.yaml:2: 'dry-run' cannot be set" 'examiner: x\ndry-run: true\n'
refused_config "c.yaml:1: 'config' cannot be set" 'config: other.yaml\n'
refused_config "c.yaml:1: unknown option 'no-such'" 'no-such: 1\n'
ok "collector.yaml values get the flags' checks: sizes, members, paths, case id, artifact, booleans"

# --- a valid file applies, with the flags' conversions ------------------------------------------
cat >good.yaml <<EOF
case-dir: $TEST_TMP/cfg-cases
case-id: CFG-1
examiner: cfg examiner
no-encrypt: yes
profile: none
root: $TEST_TMP/asset
collect:
  - /data/big.bin
  - /data/a.txt
max-file-size: 1 kib
cpu-limit: 50
artifact-timeout: 7
scan-max-depth: -1
EOF
expect_exit 0 collect --config good.yaml -q
pkg=$(only_pkg cfg-cases)
[[ $(basename "$pkg") == CFG-1_* ]] || fail "case-id from the file: $pkg"
unpack "$pkg" x-good
eq "$(jq -r .config_file x-good/custody.json)" good.yaml "custody config_file"
eq "$(jq -c '[.limits.max_file_size, .limits.cpu_limit_percent, .limits.artifact_timeout_seconds]' \
  x-good/custody.json)" "[1024,50,7]" "limits from the file"
eq "$(stat -c %s x-good/files/data/big.bin)" 1024 "bytes stored with max-file-size: 1 kib"
[[ -f x-good/files/data/a.txt ]] || fail "the second collect item of the file was not collected"
ok "a valid collector.yaml applies: case id, sizes (1 kib = 1024), numbers, a list, a yes flag"

# --- the command line wins ---------------------------------------------------------------------
expect_exit 0 collect --config good.yaml -q --case-id CLI-2 --case-dir cli-cases \
  --max-file-size 100 --collect /data/a.txt --cpu-limit 100
pkg=$(only_pkg cli-cases)
[[ $(basename "$pkg") == CLI-2_* ]] || fail "--case-id did not override the file: $pkg"
unpack "$pkg" x-cli
eq "$(jq -c '[.limits.max_file_size, .limits.cpu_limit_percent, .case.examiner]' x-cli/custody.json)" \
  '[100,100,"cfg examiner"]' "flags over the file, the file's other values kept"
[[ -f x-cli/files/data/a.txt && ! -e x-cli/files/data/big.bin ]] ||
  fail "--collect on the command line must replace the file's list"
ok "the command line overrides the file (values and lists); the file's other keys still apply"

# --- case ids and --artifact on the command line (issue #22, item 19) --------------------------
long=$(printf 'x%.0s' {1..65})
for bad in a/b ../up .hidden "$long" ""; do
  rm -rf cases
  expect_exit 2 collect --profile none --no-encrypt --case-dir cases --case-id "$bad"
  eq "$(wc -l <<<"$ERR")" 1 "stderr lines for --case-id '$bad'"
  contains "$ERR" "--case-id: "
  [[ ! -e cases ]] || fail "--case-id '$bad' created the case directory"
done
expect_exit 0 collect --profile none --no-encrypt --root asset --case-dir ok-cases -q \
  --case-id "$(printf 'y%.0s' {1..64})"
ok "--case-id with '/', a leading dot, over 64 bytes or empty: exit 2 naming the flag; 64 bytes pass"

expect_exit 2 collect --profile none --no-encrypt --case-dir cases --artifact nosuch
eq "$ERR" "collector: --artifact: unknown artifact 'nosuch' (collector artifacts lists them) (see collector --help)" \
  "--artifact nosuch"
expect_exit 0 collect --profile none --no-encrypt --root asset --case-dir glob-cases -q --artifact 'persistence_*'
ok "--artifact nosuch names the flag and the artifact; a glob is still accepted"

# --- the run says which file preset it, and warns when not root (issue #22, item 19) ------------
expect_exit 0 collect --config good.yaml --case-dir said-cases
eq "$(grep -c 'options preset from' <<<"$ERR")" 1 "lines naming the configuration file"
contains "$ERR" "collector: options preset from good.yaml"
expect_exit 0 collect --config good.yaml --case-dir said-json --log-format json
eq "$(jq -r 'select(.event == "config_applied") | .path' <<<"$ERR")" good.yaml "config_applied event"
expect_exit 0 collect --profile none --no-encrypt --root asset --case-dir no-config-cases
not_contains "$ERR" "preset"
expect_exit 0 collect --config good.yaml --case-dir quiet-cases -q
eq "$ERR" "" "stderr of a quiet run with a configuration file"
ok "a run with collector.yaml says so (one stderr line, a config_applied event); without, nothing"

# not_root_run ARGS...: the collector as an unprivileged user (nobody when the test is root).
not_root_run() {
  if [[ $(id -u) != 0 ]]; then
    expect_exit 0 collect "$@"
  else
    command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed to test a run as nobody"
    chmod 755 "$TEST_TMP"
    mkdir -p -m 777 nobody-out
    expect_exit 0 setpriv --reuid=65534 --regid=65534 --clear-groups "$COLLECTOR" "$@" </dev/null
  fi
}
not_root_run --profile none --no-encrypt --root "$TEST_TMP/asset" --case-dir "$TEST_TMP/nobody-out/c"
eq "$(grep -c '^warning: not_root ' <<<"$ERR")" 1 "not_root warnings of an unprivileged run"
contains "$ERR" "files only root may read will be reported unreadable"
if [[ $(id -u) == 0 ]]; then
  expect_exit 0 collect --profile none --no-encrypt --root asset --case-dir root-cases
  not_contains "$ERR" "not_root"
fi
ok "a run as another user than root warns once (not_root); a root run does not"

echo "collector_config: $pass_count checks passed"
