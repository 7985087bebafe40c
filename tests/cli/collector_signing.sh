#!/usr/bin/env bash
# --sign-key: the collector signs the package with an Ed25519 key made by openssl, biunzip's
# --verify-key accepts the matching public key and refuses another; custody.json names the
# signing key and every recipient by fingerprint (docs/FORMAT.md, "The custody record").
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

mkdir -p asset/etc
printf 'signhost\n' >asset/etc/hostname
printf 'evidence bytes\n' >asset/etc/motd
openssl genpkey -algorithm ed25519 -out sign.pem 2>/dev/null
openssl pkey -in sign.pem -pubout -out sign.pub.pem
openssl genpkey -algorithm ed25519 2>/dev/null | openssl pkey -pubout -out other.pub.pem
openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.pem -out rsa.crt -subj '/CN=ppc-test/O=Case Lab' \
  -days 2 2>/dev/null
expect_exit 0 "$BIUNZIP" keygen -o analyst.key
recipient=$(grep -oE '^ppc1[0-9a-z]+$' <<<"$OUT")

expect_exit 0 collect --profile none --root asset --collect /etc/motd --case-dir cases -q \
  --sign-key sign.pem --recipient "$recipient" --recipient-file rsa.crt
pkg=$(only_pkg cases)

# --- the signature ------------------------------------------------------------------------------
expect_exit 0 "$BIUNZIP" verify "$pkg" -i analyst.key --verify-key sign.pub.pem
contains "$OUT" "verify: OK"
expect_exit 11 "$BIUNZIP" verify "$pkg" -i analyst.key --verify-key other.pub.pem
contains "$OUT$ERR" "signature"
ok "--sign-key: verify --verify-key succeeds with its public key (openssl pkey -pubout), fails with another"

# --- custody.json: the signing key's id and each recipient's fingerprint ------------------------------
unpack "$pkg" out -i analyst.key
# key id: the first 16 hex digits of SHA-256 of the raw public key (the last 32 bytes of its DER).
key_id=$(openssl pkey -pubin -in sign.pub.pem -outform DER | tail -c 32 | sha256sum | cut -c1-16)
eq "$(jq -r .package.signing_key_id out/custody.json)" "$key_id" "custody signing_key_id"
x25519_sha=$(python3 -c 'import base64, hashlib, sys
s = sys.argv[1][4:].upper()
raw = base64.b32decode(s + "=" * (-len(s) % 8))
print(hashlib.sha256(raw[:32]).hexdigest())' "$recipient")
cert_sha=$(openssl x509 -in rsa.crt -outform DER | sha256sum | cut -c1-64)
eq "$(jq -c '.package.recipients' out/custody.json)" \
  "[{\"sha256\":\"$x25519_sha\",\"type\":\"x25519\"},{\"sha256\":\"$cert_sha\",\"subject\":\"O=Case Lab,CN=ppc-test\",\"type\":\"rsa-oaep\"}]" \
  "custody recipients"
ok "custody.json: signing_key_id and the recipients' fingerprints (x25519 key, certificate subject + SHA-256)"

# --- unsigned runs say so; a key that is not Ed25519 is a usage error before anything is written ----
make_password_file pass.txt
expect_exit 0 collect --profile none --root asset --collect /etc/motd --case-dir plain -q --password-file pass.txt
unpack "$(only_pkg plain)" out-plain --password-file pass.txt
eq "$(jq -c '[.package.signing_key_id, .package.recipients]' out-plain/custody.json)" \
  '["",[{"sha256":"","type":"passphrase"}]]' "unsigned, passphrase-only custody"
expect_exit 11 "$BIUNZIP" verify "$(only_pkg plain)" --password-file pass.txt --verify-key sign.pub.pem
expect_exit 2 collect --profile none --root asset --collect /etc/motd --case-dir bad -q --no-encrypt --sign-key rsa.pem
[[ ! -e bad ]] || fail "a case directory was written despite an unusable signing key"
ok "unsigned package: empty signing_key_id, refused by --verify-key; an RSA key as --sign-key: exit 2"
echo "collector_signing: $pass_count checks passed"
