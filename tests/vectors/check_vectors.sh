#!/usr/bin/env bash
# Every vector in vectors.txt gives exactly its expected outcome through `biunzip verify`
# (exit code of its class and the class named on stderr), and make_vectors still produces
# the committed bytes (so a format change cannot slip in without new vectors).
source "$TEST_HELPERS"
dir=$PPC_SOURCE_DIR/tests/vectors

# Exit codes by class (docs/USAGE.md, "biunzip exit codes"): the class itself is named in
# the output, the exit code tells its group.
code_of() {
  case $1 in
    success) echo 0 ;;
    no-matching-key | wrong-passphrase | kdf-cost-too-high) echo 10 ;;
    header-mac | chunk-auth | trailing-data | payload-malformed | manifest | signature | header-malformed) echo 11 ;;
    truncated) echo 12 ;;
    not-a-package | unsupported-version) echo 1 ;;
    *) fail "unknown class $1" ;;
  esac
}

"$PPC_BINARY_DIR/tests/make_vectors" "$TEST_TMP" "$dir"
for f in "$dir"/*.ppc; do
  name=$(basename "$f")
  [[ $name == rsa.ppc ]] && continue  # RSA-OAEP draws its own randomness
  cmp -s "$f" "$TEST_TMP/$name" || fail "make_vectors no longer reproduces $name"
done
ok "make_vectors reproduces the committed vectors"

while read -r file key expected; do
  [[ -z $file || $file == \#* ]] && continue
  src=${file#*=}
  args=()
  case $key in
    password:*) args=(--password-file "$dir/${key#password:}") ;;
    identity:*) args=(--identity "$dir/${key#identity:}") ;;
    key:*) args=(--key "$dir/${key#key:}") ;;
    none) ;;
  esac
  cp "$dir/$src" "$TEST_TMP/$src.copy"
  expect_exit "$(code_of "$expected")" "$BIUNZIP" verify "$TEST_TMP/$src.copy" "${args[@]}"
  [[ $expected == success ]] || contains "$OUT$ERR" "$expected"
  ok "${file%%=*}: $expected"
done <"$dir/vectors.txt"

expect_exit 0 "$BIUNZIP" verify "$dir/signed.ppc" --password-file "$dir/pass.txt" --verify-key "$dir/signing.pub"
contains "$OUT$ERR" "signed by"
expect_exit 11 "$BIUNZIP" verify "$dir/passphrase.ppc" --password-file "$dir/pass.txt" --verify-key "$dir/signing.pub"
ok "signature checked against --verify-key"
echo "$pass_count passed, 0 failed"
