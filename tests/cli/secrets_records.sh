#!/usr/bin/env bash
# A passphrase never lands in a record. The collector, encrypting with --password-file, writes
# it into none of custody.json and collection.log (inside the package), the .log and .sha256
# sidecars, stdout or stderr; biunzip, given it with --password, writes it into nothing under
# its output directory (custody.log, report, manifest) nor on its output.
source "$TEST_HELPERS"

secret='tulip-Orbit-9142-quasar-secret'  # distinctive: any occurrence is a leak
printf '%s\n' "$secret" >pass.txt
mkdir -p asset/etc
printf 'secrets-host\n' >asset/etc/hostname
printf 'evidence bytes\n' >asset/etc/motd

# no_secret WHAT FILE...: none of the files (or directories, recursively) holds the secret.
no_secret() {
  local what=$1
  shift
  if grep -r -a -l -F -- "$secret" "$@" >leaks.txt 2>/dev/null; then
    fail "$what holds the passphrase: $(tr '\n' ' ' <leaks.txt)"
  fi
}

expect_exit 0 "$COLLECTOR" --profile none --root asset --collect /etc/motd --case-dir cases \
  --case-id SECRETS --examiner tester --password-file pass.txt --scrypt-work-factor 15 </dev/null
printf '%s\n%s\n' "$OUT" "$ERR" >collector-output.txt
no_secret "the collector's stdout or stderr" collector-output.txt
pkgs=(cases/*.ppc)
[[ ${#pkgs[@]} == 1 && -f ${pkgs[0]} ]] || fail "expected one package, found: ${pkgs[*]}"
pkg=${pkgs[0]}
[[ -f ${pkg%.ppc}.log && -f $pkg.sha256 ]] || fail "sidecars missing beside $pkg"
no_secret "the case directory (package and sidecars)" cases
ok "collector: no passphrase on its output, in the package file or its sidecars"

expect_exit 0 "$BIUNZIP" -q extract "$pkg" -o out --password-file pass.txt
for f in custody.json collection.log files/etc/motd; do [[ -f out/$f ]] || fail "out/$f missing"; done
no_secret "the extracted package (custody.json, collection.log, case.db...)" out
jq -e '.command_line | index("--password-file") != null' out/custody.json >/dev/null ||
  fail "custody.json should record the command line (with the password file's name)"
ok "collector: custody.json and collection.log inside the package hold no passphrase"

expect_exit 0 "$BIUNZIP" extract "$pkg" -o out2 --password "$secret"
printf '%s\n%s\n' "$OUT" "$ERR" >biunzip-output.txt
no_secret "biunzip's stdout or stderr" biunzip-output.txt
[[ -f out2/custody.log ]] || fail "biunzip wrote no custody.log"
no_secret "biunzip's output directory (custody.log, report, manifest)" out2
ok "biunzip --password: nothing it writes holds the passphrase"
echo "$pass_count passed, 0 failed"
