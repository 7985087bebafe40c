#!/usr/bin/env bash
# biunzip upload to S3 (s3rver from npm, on a loopback port): requests signed with SigV4 by
# libcurl, a file above --part-size sent as a multipart upload, objects already there verified
# and skipped (an interrupted folder upload resumes where it stopped), an object corrupted in
# the store detected and replaced, secrets never printed.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/upload/lib.sh"
npm_server_bin s3rver
s3rver=$server_bin

port=$(free_port)
mkdir s3data
"$s3rver" -d "$PWD/s3data" -a 127.0.0.1 -p "$port" --silent --configure-bucket evidence >s3rver.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$TEST_TMP"' EXIT
wait_port "$port"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
s3=(--endpoint "http://127.0.0.1:$port")
make_upload_inputs
object() { printf '%s\n' "s3data/evidence/$1._S3rver_object"; }

expect_exit 0 "$BIUNZIP" upload pkgdir/case.ppc --to s3://evidence/cases/2024 "${s3[@]}"
contains "$ERR" "2 objects (2 uploaded)"
eq "$(sha "$(object cases/2024/case.ppc)")" "$(sha pkgdir/case.ppc)" "package in the store"
ok "a package and its sidecar are stored under the prefix (SigV4 accepted by the server)"

expect_exit 0 "$BIUNZIP" upload folder --to s3://evidence/f "${s3[@]}" --part-size 1MiB --jobs 3
contains "$ERR" "2 objects (2 uploaded)"
eq "$(sha "$(object f/big.bin)")" "$(sha folder/big.bin)" "multipart big.bin"
ok "a 3 MiB file goes up in 1 MiB parts and reassembles byte for byte"

# An upload interrupted after some objects: the rest are sent, those there are only verified.
rm -f s3data/evidence/f/big.bin._S3rver_*
expect_exit 0 "$BIUNZIP" upload folder --to s3://evidence/f "${s3[@]}" --part-size 1MiB
contains "$ERR" "1 uploaded"
contains "$ERR" "1 present"
eq "$(sha "$(object f/big.bin)")" "$(sha folder/big.bin)" "big.bin after resuming"
ok "resuming sends only the objects missing from the store"

# An object changed in the store (same size) is detected by reading it back.
printf 'X' | dd of="$(object f/big.bin)" bs=1 seek=2000000 conv=notrunc status=none
expect_exit 0 "$BIUNZIP" upload folder --to s3://evidence/f "${s3[@]}" --part-size 1MiB
contains "$ERR" "s3://evidence/f/big.bin: remote SHA-256"
eq "$(sha "$(object f/big.bin)")" "$(sha folder/big.bin)" "big.bin replaced"
eq "$(jq -r 'select(.action == "upload") | .target' folder/custody.log | sort -u)" "s3://evidence/f/" "custody target"
ok "a corrupted object is detected and replaced; custody.log names the target"

# Secrets: never in custody.log or on stderr; missing credentials are named (exit 2). (s3rver
# accepts requests signed with a wrong secret, so a refused signature is not tested here.)
grep -q 'S3RVER' folder/custody.log && fail "a secret in custody.log"
[[ $ERR != *S3RVER* ]] || fail "the secret on stderr"
env -u AWS_ACCESS_KEY_ID "$BIUNZIP" upload folder --to s3://evidence/g "${s3[@]}" 2>err && fail "no credentials accepted"
grep -q "AWS_ACCESS_KEY_ID" err || fail "no credentials: $(cat err)"
# A store that is not there: exit 14, and the failure is recorded in custody.log.
expect_exit 14 "$BIUNZIP" upload folder --to s3://evidence/g --endpoint "http://127.0.0.1:$(free_port)"
eq "$(jq -r 'select(.action == "upload") | .result' folder/custody.log | tail -1)" "io" "failed upload recorded"
ok "no secret is printed or recorded; missing credentials are named; a failed upload is recorded"
echo "biunzip_upload_s3: $pass_count ok"
