#!/usr/bin/env bash
# Sparse evidence stays sparse: a file with holes, collected by the real collector, comes back
# from `biunzip extract` byte-identical and without its holes allocated (st_blocks, du).
source "${TEST_HELPERS:?set by ctest}"
: "${BIUNZIP:?set by ctest}" "${COLLECTOR:?set by ctest}"

mkdir src
truncate -s 64M src/holes.img                       # 64 MiB of hole...
printf 'start' | dd of=src/holes.img conv=notrunc status=none
printf 'middle' | dd of=src/holes.img bs=1M seek=32 conv=notrunc status=none
printf 'end' | dd of=src/holes.img bs=1 seek=$((64 * 1048576 - 3)) conv=notrunc status=none
(( $(stat -c %b src/holes.img) * 512 < 1048576 )) || echo "note: this file system fills holes" >&2
"$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/src/holes.img" --case-dir cases -q \
  </dev/null >/dev/null
pkg=$(only_pkg cases)
expect_exit 0 "$BIUNZIP" extract "$pkg" -o out --no-report
got="out/files$TEST_TMP/src/holes.img"
eq "$(sha256sum <"$got")" "$(sha256sum <src/holes.img)" "content"
eq "$(stat -c %s "$got")" $((64 * 1048576)) "size"
allocated=$(( $(stat -c %b "$got") * $(stat -c %B "$got") ))
(( allocated < 1048576 )) || fail "holes filled on extract: $allocated bytes allocated ($(du -h "$got"))"
ok "a sparse file keeps its holes ($allocated bytes allocated of 64 MiB)"

# A file ending in zeros keeps its full length (the last hole has no data after it).
truncate -s 1M src/tail.bin
printf 'head' | dd of=src/tail.bin conv=notrunc status=none
"$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/src/tail.bin" --case-dir cases2 -q \
  </dev/null >/dev/null
expect_exit 0 "$BIUNZIP" extract "$(only_pkg cases2)" -o out2 --no-report
eq "$(stat -c %s "out2/files$TEST_TMP/src/tail.bin")" 1048576 "size of a file ending in a hole"
eq "$(sha256sum <"out2/files$TEST_TMP/src/tail.bin")" "$(sha256sum <src/tail.bin)" "tail content"
ok "trailing hole"

# A GNU sparse tar (tar -S) records its holes: they come back as holes, the bytes identical.
tar -C src -S -cf sparse.tar holes.img
expect_exit 0 "$BIUNZIP" extract sparse.tar -o out3 --no-report
eq "$(sha256sum <out3/holes.img)" "$(sha256sum <src/holes.img)" "sparse tar content"
(( $(stat -c %b out3/holes.img) * 512 < 1048576 )) || fail "sparse tar: holes filled"
ok "a GNU sparse tar keeps its holes"

echo "biunzip_sparse: $pass_count ok"
