#!/usr/bin/env bash
# biunzip upload to Azure Blob Storage (azurite from npm, on a loopback port) with an account
# SAS token made here with openssl: block blobs (one Put Blob, or Put Block + Put Block List
# above --part-size), an interrupted folder upload resumes, a blob overwritten in the store is
# detected and replaced, the SAS token never reaches stderr or custody.log.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/upload/lib.sh"
npm_server_bin azurite-blob
azurite=$server_bin

port=$(free_port)
mkdir azdata
"$azurite" --blobHost 127.0.0.1 --blobPort "$port" --location "$PWD/azdata" --silent --loose \
  --skipApiVersionCheck --disableProductStyleUrl >azurite.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$TEST_TMP"' EXIT
wait_port "$port"

# Azurite's well-known development account; an account SAS as the Azure documentation defines it.
account=devstoreaccount1
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
sv=2021-08-06 se=2030-01-01T00:00:00Z
# String to sign: account, permissions, services, resource types, start, expiry, IP, protocols,
# version, encryption scope, each followed by a newline.
sig=$(printf '%s\n' "$account" racwdl b sco "" "$se" "" "https,http" "$sv" "" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(base64 -d <<<"$key" | od -An -tx1 | tr -d ' \n')" -binary | base64 -w0)
sig_q=$(jq -rn --arg s "$sig" '$s | @uri')
printf 'sv=%s&ss=b&srt=sco&sp=racwdl&se=%s&spr=https%%2Chttp&sig=%s\n' "$sv" "${se//:/%3A}" "$sig_q" >sas.txt
base="http://127.0.0.1:$port/$account"
curl -sf -X PUT -H "x-ms-version: $sv" "$base/evidence?restype=container&$(cat sas.txt)" >/dev/null ||
  fail "azurite refused the SAS token made here: $(curl -s -X PUT -H "x-ms-version: $sv" "$base/evidence2?restype=container&$(cat sas.txt)")"
az=(--endpoint "http://127.0.0.1:$port" --sas-file sas.txt)
blob() { curl -sf -H "x-ms-version: $sv" "$base/evidence/$1?$(cat sas.txt)"; }
make_upload_inputs

expect_exit 0 "$BIUNZIP" upload pkgdir/case.ppc --to "azure://$account/evidence/cases" "${az[@]}"
contains "$ERR" "2 objects (2 uploaded)"
eq "$(blob cases/case.ppc | sha256sum | cut -d' ' -f1)" "$(sha pkgdir/case.ppc)" "package blob"
ok "a package and its sidecar become block blobs under the prefix"

expect_exit 0 "$BIUNZIP" upload folder --to "azure://$account/evidence/f" "${az[@]}" --part-size 1MiB --jobs 2
eq "$(blob f/big.bin | sha256sum | cut -d' ' -f1)" "$(sha folder/big.bin)" "big.bin in blocks"
ok "a file above --part-size goes up as blocks and a block list"

curl -sf -X DELETE -H "x-ms-version: $sv" "$base/evidence/f/big.bin?$(cat sas.txt)" >/dev/null
expect_exit 0 "$BIUNZIP" upload folder --to "azure://$account/evidence/f" "${az[@]}" --part-size 1MiB
contains "$ERR" "1 uploaded"
contains "$ERR" "1 present"
ok "resuming sends only the blobs missing"

# Someone overwrites the blob with other bytes of the same size.
head -c 3145728 /dev/zero >zeros
curl -sf -X PUT -H "x-ms-version: $sv" -H "x-ms-blob-type: BlockBlob" --data-binary @zeros \
  "$base/evidence/f/big.bin?$(cat sas.txt)" >/dev/null
expect_exit 0 "$BIUNZIP" upload folder --to "azure://$account/evidence/f" "${az[@]}" --part-size 1MiB
contains "$ERR" "big.bin: remote SHA-256"
eq "$(blob f/big.bin | sha256sum | cut -d' ' -f1)" "$(sha folder/big.bin)" "big.bin replaced"
ok "a blob changed in the store is detected and replaced"

grep -q "$sig" folder/custody.log && fail "the SAS signature is in custody.log"
grep -q "$sig_q" folder/custody.log && fail "the SAS signature is in custody.log"
printf 'sv=2021-08-06&sig=forged\n' >bad.txt
expect_exit 14 "$BIUNZIP" upload folder --to "azure://$account/evidence/h" --endpoint "http://127.0.0.1:$port" --sas-file bad.txt
[[ $ERR != *forged* ]] || fail "the SAS token on stderr: $ERR"
expect_exit 2 "$BIUNZIP" upload folder --to "azure://$account/evidence/h" --endpoint "http://127.0.0.1:$port"
contains "$ERR" "--sas-file"
ok "a bad token is refused without being printed; a missing one is a usage error"
echo "biunzip_upload_azure: $pass_count ok"
