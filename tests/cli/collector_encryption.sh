#!/usr/bin/env bash
# Encryption: --recipient (biunzip keygen), --recipient-file (the key's public line, an RSA
# certificate from openssl req -x509), --password-file and --scrypt-work-factor. Each package
# opens with its own key and with no other one.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

mkdir -p asset/etc
printf 'cryptohost\n' >asset/etc/hostname
printf 'evidence bytes\n' >asset/etc/motd
run_to() {  # run_to CASE_DIR ARGS...: a minimal collection into CASE_DIR
  local dir=$1
  shift
  expect_exit 0 collect --profile none --root asset --collect /etc/motd --case-dir "$dir" -q "$@"
  only_pkg "$dir"
}
opens() {  # opens PKG KEY-OPTIONS...: verifies and extracts with the key, checks the evidence
  local pkg=$1
  shift
  expect_exit 0 "$BIUNZIP" verify "$pkg" "$@"
  contains "$OUT" "verify: OK"
  rm -rf opened
  unpack "$pkg" opened "$@"
  cmp asset/etc/motd opened/files/etc/motd || fail "evidence differs after decryption"
}
refuses() {  # refuses PKG KEY-OPTIONS...: the wrong key gets exit 10 and no plaintext
  local pkg=$1
  shift
  expect_exit 10 "$BIUNZIP" verify "$pkg" "$@"
  rm -rf refused
  expect_exit 10 "$BIUNZIP" extract "$pkg" -o refused --no-report "$@"
  [[ ! -e refused ]] || fail "a wrong key left an output directory"
}

expect_exit 0 "$BIUNZIP" keygen -o analyst.key
recipient=$(grep -oE '^ppc1[0-9a-z]+$' <<<"$OUT") || fail "keygen printed no recipient: $OUT"
expect_exit 0 "$BIUNZIP" keygen -o other.key
grep -q "^# public key: $recipient$" analyst.key || fail "the identity file lacks its public line"
openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.pem -out rsa.crt -subj /CN=ppc-test -days 2 2>/dev/null
cp "$PPC_SOURCE_DIR/tests/vectors/rsa.pem" other-rsa.pem  # some other RSA key
make_password_file pass.txt
printf 'a different passphrase\n' >wrong.txt

# --- X25519 ----------------------------------------------------------------------------------------
pkg=$(run_to c-x25519 --recipient "$recipient")
eq "$("$BIUNZIP" info "$pkg" --json | jq -r '.recipients | join(",")')" x25519 "recipient types"
opens "$pkg" -i analyst.key
refuses "$pkg" -i other.key
refuses "$pkg" --password-file pass.txt
unpack "$pkg" x-x25519 -i analyst.key
eq "$(jq -r '.package.encrypted, (.package.recipient_types | join(","))' x-x25519/custody.json | tr '\n' ' ')" \
  "true x25519 " "custody package"
ok "--recipient ppc1...: opens with the keygen identity only"

# --- --recipient-file: the public line; comments and blank lines allowed ----------------------------
printf '# the analyst team\n\n%s\n' "$recipient" >recipients.txt
pkg=$(run_to c-rfile --recipient-file recipients.txt)
opens "$pkg" -i analyst.key
refuses "$pkg" -i other.key
ok "--recipient-file with the public line: opens with the identity only"

# --- --recipient-file: an RSA certificate --------------------------------------------------------------
pkg=$(run_to c-rsa --recipient-file rsa.crt)
eq "$("$BIUNZIP" info "$pkg" --json | jq -r '.recipients | join(",")')" rsa-oaep "recipient types"
opens "$pkg" --key rsa.pem
refuses "$pkg" --key other-rsa.pem
refuses "$pkg" -i analyst.key
ok "--recipient-file CERT.pem (openssl req -x509): opens with the RSA private key only"

# --- --password-file ------------------------------------------------------------------------------------
pkg=$(run_to c-pass --password-file pass.txt)
eq "$("$BIUNZIP" info "$pkg" --json | jq -r '.recipients | join(",")')" passphrase "recipient types"
opens "$pkg" --password-file pass.txt
refuses "$pkg" --password-file wrong.txt
refuses "$pkg" -i analyst.key
ok "--password-file: opens with the passphrase only"

# --- several recipients: each one opens the package --------------------------------------------------
pkg=$(run_to c-multi --recipient "$recipient" --recipient-file rsa.crt --password-file pass.txt)
opens "$pkg" -i analyst.key
opens "$pkg" --key rsa.pem
opens "$pkg" --password-file pass.txt
refuses "$pkg" -i other.key
ok "x25519 + RSA + passphrase in one package: each key opens it"

# --- --scrypt-work-factor ---------------------------------------------------------------------------------
pkg=$(run_to c-scrypt --password-file pass.txt --scrypt-work-factor 16)
expect_exit 0 "$BIUNZIP" info "$pkg"
contains "$OUT" "log2 N = 16"
expect_exit 10 "$BIUNZIP" verify "$pkg" --password-file pass.txt --max-scrypt 15
opens "$pkg" --password-file pass.txt
pkg=$(run_to c-scrypt-default --password-file pass.txt)
expect_exit 0 "$BIUNZIP" info "$pkg"
contains "$OUT" "log2 N = 15"
ok "--scrypt-work-factor 16 is recorded in the header (default 15); a reader capped at 15 refuses it"

# --- --no-encrypt: integrity only ---------------------------------------------------------------------------
pkg=$(run_to c-plain --no-encrypt)
eq "$("$BIUNZIP" info "$pkg" --json | jq -r '.recipients | join(",")')" plaintext-key "recipient types"
opens "$pkg"
ok "--no-encrypt: any reader opens it without a key"

echo "collector_encryption: $pass_count checks passed"
