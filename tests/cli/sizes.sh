#!/usr/bin/env bash
# One size grammar for both tools (formats/include/ppc/units.hpp, docs/USAGE.md "Sizes"): the
# collector's options, a profile's max_file_size and biunzip's --max-size read a size the same
# way; K/M/G/T are powers of 1024, KB/MB/GB/TB powers of 1000, units in any case; a sign, a
# fraction or a value over 64 bits is a usage error (exit 2), never a huge or tiny limit.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

mkdir -p asset/data
head -c 5000 /dev/urandom >asset/data/big.bin

# stored_size ARGS...: the bytes of /data/big.bin the collector stores with ARGS (profile none
# unless ARGS name one).
stored_size() {
  rm -rf c x
  [[ " $* " == *" --profile "* ]] || set -- --profile none "$@"
  expect_exit 0 collect --no-encrypt --root asset --collect /data/big.bin \
    --case-dir c -q "$@"
  unpack "$(only_pkg c)" x
  stat -c %s x/files/data/big.bin
}

# --- the collector: decimal and binary units, any case ---------------------------------------
eq "$(stored_size --max-file-size 2KB)" 2000 "--max-file-size 2KB"
eq "$(stored_size --max-file-size 2kb)" 2000 "--max-file-size 2kb"
eq "$(stored_size --max-file-size 2k)" 2048 "--max-file-size 2k"
eq "$(stored_size --max-file-size '2 KiB')" 2048 "--max-file-size '2 KiB'"
eq "$(stored_size --max-file-size 100b)" 100 "--max-file-size 100b"
printf 'max-file-size: 3kib\n' >sizes.yaml
eq "$(stored_size --config sizes.yaml)" 3072 "max-file-size: 3kib in collector.yaml"
ok "collector sizes: KB = 1000, K = KiB = 1024, units in any case, from flags and collector.yaml"

for bad in -1 1.5G 18446744073709551616 99999999999TiB 1PiB; do
  expect_exit 2 collect --profile none --no-encrypt --case-dir c-bad --max-file-size "$bad"
  contains "$ERR" "--max-file-size: '$bad' is not a size"
  [[ ! -e c-bad ]] || fail "a bad size created the case directory"
done
ok "collector: -1, 1.5G, 2^64 and 99999999999TiB are refused (exit 2) naming the option"

# --- a profile's max_file_size -------------------------------------------------------------------
printf 'name: sized\ndescription: d\nmax_file_size: 1 kb\n' >sized.yaml
eq "$(stored_size --profile ./sized.yaml)" 1000 "max_file_size: 1 kb in a profile"
printf 'name: sized\ndescription: d\nmax_file_size: -1\n' >negative.yaml
expect_exit 2 collect --profile ./negative.yaml --no-encrypt --case-dir c-neg
contains "$ERR" "negative.yaml:3: max_file_size: '-1' is not a size"
ok "profile max_file_size follows the same grammar (1 kb = 1000; -1 refused with file:line)"

# --- biunzip --max-size --------------------------------------------------------------------------
expect_exit 0 collect --profile none --no-encrypt --root asset --collect /data/big.bin --case-dir p -q
pkg=$(only_pkg p)
expect_exit 0 "$BIUNZIP" -q extract "$pkg" -o out-mb --no-report --max-size 5MB
cmp asset/data/big.bin out-mb/files/data/big.bin || fail "--max-size 5MB changed the file"
expect_exit 13 "$BIUNZIP" -q extract "$pkg" -o out-small --no-report --max-size 4kb
for bad in -1 1.5G 18446744073709551616 2PiB; do
  expect_exit 2 "$BIUNZIP" extract "$pkg" -o out-bad --no-report --max-size "$bad"
  contains "$ERR" "--max-size: '$bad' is not a size"
done
ok "biunzip --max-size: 5MB extracts, 4kb (4000 bytes) is a limit, -1 / 1.5G / 2^64 are usage errors"

echo "sizes: $pass_count checks passed"
