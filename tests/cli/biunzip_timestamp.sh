#!/usr/bin/env bash
# biunzip and RFC 3161: a response made by a throw-away TSA (openssl ts) over the package's
# SHA-256 verifies (with and without --ca-file); over another file it fails with exit 15;
# `verify` picks PKG.tsr up by itself.
set -euo pipefail
: "${BIUNZIP:?set by ctest}" "${PPC_BINARY_DIR:?set by ctest}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect_code() {
  local want=$1; shift
  set +e; "$@" >out.txt 2>err.txt; local got=$?; set -e
  [[ $got == "$want" ]] || fail "$* exited $got, expected $want: $(cat out.txt err.txt)"
}

fixtures="$PPC_BINARY_DIR/tests/biunzip_tests"
[[ -x $fixtures ]] || fail "$fixtures is not built (ninja biunzip_tests)"
BIUNZIP_FIXTURE_DIR="$work" "$fixtures" --gtest_filter='ScriptFixtures.*' >/dev/null

# A CA and a TSA certificate with the timeStamping extended key usage.
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj /CN=biunzip-test-ca \
  -days 2 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout tsa.key -out tsa.csr -subj /CN=biunzip-test-tsa 2>/dev/null
printf 'extendedKeyUsage=critical,timeStamping\nbasicConstraints=CA:FALSE\n' >tsa.ext
openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out tsa.pem -days 2 \
  -extfile tsa.ext 2>/dev/null
cat >tsa.cnf <<CNF
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = $work/tsa.serial
crypto_device = builtin
signer_cert = $work/tsa.pem
certs = $work/ca.pem
signer_key = $work/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
echo 01 >tsa.serial
stamp() {  # stamp FILE RESPONSE
  openssl ts -query -data "$1" -sha256 -cert -out "$1.tsq" 2>/dev/null
  openssl ts -reply -config tsa.cnf -queryfile "$1.tsq" -out "$2" 2>/dev/null
}

stamp sample.ppc sample.ppc.tsr
expect_code 0 "$BIUNZIP" timestamp verify sample.ppc sample.ppc.tsr
grep -q '^OK' out.txt || fail "no OK line: $(cat out.txt)"
expect_code 0 "$BIUNZIP" timestamp verify sample.ppc sample.ppc.tsr --ca-file ca.pem

# verify finds PKG.tsr beside the package.
expect_code 0 "$BIUNZIP" verify sample.ppc --password-file passphrase.txt
grep -q '^OK *timestamp' out.txt || fail "verify did not check the .tsr: $(cat out.txt)"

# A response over another file does not cover this package.
stamp hostile.ppc other.tsr
expect_code 15 "$BIUNZIP" timestamp verify sample.ppc other.tsr
grep -q '^FAIL' out.txt || fail "no FAIL line: $(cat out.txt)"
grep -q 'covers a different digest' out.txt || fail "other.tsr: $(cat out.txt)"
cp other.tsr sample.ppc.tsr
expect_code 15 "$BIUNZIP" verify sample.ppc --password-file passphrase.txt
grep -q '^FAIL *timestamp' out.txt || fail "verify did not fail the timestamp: $(cat out.txt)"

# Not a TimeStampResp at all.
echo garbage >garbage.tsr
expect_code 15 "$BIUNZIP" timestamp verify sample.ppc garbage.tsr
grep -q 'garbage.tsr cannot be parsed' out.txt || fail "garbage.tsr: $(cat out.txt)"
grep -q 'different digest' out.txt && fail "garbage.tsr said to cover a digest: $(cat out.txt)"
# A response cut short, found by verify beside the package.
head -c 100 other.tsr >sample.ppc.tsr
expect_code 15 "$BIUNZIP" verify sample.ppc --password-file passphrase.txt
grep -q '^FAIL *timestamp .*cannot be parsed' out.txt || fail "truncated .tsr: $(cat out.txt)"
grep -q 'different digest' out.txt && fail "a truncated .tsr said to cover a digest: $(cat out.txt)"
echo "biunzip_timestamp: ok"
