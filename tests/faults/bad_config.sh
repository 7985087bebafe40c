#!/usr/bin/env bash
# A profile, rule file or collector.yaml that does not parse, or a bad option value: exit 2 and
# one line on stderr naming FILE:LINE (the line of the mistake), nothing collected: no package
# and no sidecar in the case directory, which is not even created.
set -euo pipefail
: "${TEST_HELPERS:?run by ctest (tests/CMakeLists.txt sets TEST_HELPERS, COLLECTOR, BIUNZIP)}"
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/faults/fault_lib.bash"

mkdir -p scanme existing-cases
printf 'nothing to see\n' >scanme/file.txt
printf 'rule fine { condition: filesize > 0 }\n' >good.yar

# refused WANT_PREFIX ARGS...: exit 2, exactly one stderr line starting with WANT_PREFIX, no
# case directory, nothing written into the existing one.
refused() {
  local want=$1
  shift
  rm -rf cases
  expect_exit 2 collect "$@" --case-dir cases --no-encrypt
  eq "$(printf '%s\n' "$ERR" | wc -l)" 1 "stderr lines of: $*"
  [[ $ERR == "collector: $want"* ]] || fail "stderr does not start with 'collector: $want': $ERR"
  [[ -z $OUT ]] || fail "stdout is not empty: $OUT"
  [[ ! -e cases ]] || fail "the case directory was created"
  expect_exit 2 collect "$@" --case-dir existing-cases --no-encrypt
  eq "$(ls -A existing-cases)" "" "files written into an existing case directory"
}

# --- profiles ---------------------------------------------------------------------------------
printf 'name: broken\ndescription: a: b\nartifacts: [users]\n' >syntax.yaml
refused "./syntax.yaml:2: YAML syntax" --profile ./syntax.yaml
printf 'name: broken\ndescription: bad indentation\nartifacts:\n  - users\n - groups\n' >indent.yaml
refused "./indent.yaml:5: YAML syntax" --profile ./indent.yaml
printf 'name: broken\ndescription: unknown artifact\nartifacts:\n  - users\n  - no_such_artifact\n' >unknown.yaml
refused "./unknown.yaml:5: " --profile ./unknown.yaml
contains "$ERR" "no_such_artifact"
printf 'name: broken\ndescription: bad size\nartifacts: [users]\nmax_file_size: lots\n' >size.yaml
refused "./size.yaml:4: " --profile ./size.yaml
ok "profiles with a syntax error, a bad indentation, an unknown artifact, a bad size: exit 2, FILE:LINE"

# --- YARA rules (a file, and a file inside a rules directory) --------------------------------
printf 'rule fine { condition: true }\n\nrule broken {\n  strings: $a = "x"\n  condition: $b }\n' >broken.yar
refused "broken.yar:5: " --profile none --rules broken.yar --scan "$TEST_TMP/scanme"
contains "$ERR" '$b'
mkdir -p rules.d
cp good.yar rules.d/a.yar
printf 'rule syntax {\n  condition: true and\n}\n' >rules.d/b.yar
refused "rules.d/b.yar:3: " --profile none --rules rules.d --scan "$TEST_TMP/scanme"
ok "YARA rule files that do not compile: exit 2, FILE:LINE, before anything is written"

# --- collector.yaml ---------------------------------------------------------------------------
printf 'examiner: jdoe\ncase-id: [IR-1\n' >unclosed.yaml
refused "unclosed.yaml:" --config unclosed.yaml --profile none
[[ $ERR =~ ^collector:\ unclosed\.yaml:[23]:\  ]] || fail "line of the unclosed list: $ERR"
printf 'examiner: jdoe\nno-such-option: 1\n' >unknown-option.yaml
refused "unknown-option.yaml:2: unknown option 'no-such-option'" --config unknown-option.yaml --profile none
printf 'examiner: jdoe\ntimeout: soon\n' >bad-value.yaml
refused "bad-value.yaml:2: --timeout: " --config bad-value.yaml --profile none
printf 'examiner: jdoe\nmax-file-size: lots\n' >bad-size.yaml
refused "bad-size.yaml:2: --max-file-size: 'lots' is not a size" --config bad-size.yaml --profile none
ok "collector.yaml with a syntax error, an unknown option, bad values: exit 2, one line (FILE:LINE)"

# --- option values ----------------------------------------------------------------------------
refused "--max-file-size: 'lots' is not a size" --profile none --max-file-size lots
refused "--cpu-limit: " --profile none --cpu-limit 0
refused "--cpu-limit: " --profile none --cpu-limit 101
refused "--io-nice: " --profile none --io-nice realtime
refused "--artifact-timeout: " --profile none --artifact-timeout -1
refused "--timeout: " --profile none --timeout -5
ok "bad limit values: exit 2, one line naming the option"

echo "bad_config: $pass_count checks passed"
