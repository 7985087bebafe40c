#!/usr/bin/env bash
# An image stopped by a limit (--max-package-size): the run still finishes a package that
# verifies (exit 3), the entry keeps its full size with zeros past the stop, and the images row
# and custody.json say how far it got and why. An image file needs no root.
source "$TEST_HELPERS"

head -c $((48 << 20)) /dev/urandom >big.bin
expect_exit 3 "$COLLECTOR" -q --profile none --image "$TEST_TMP/big.bin" --no-encrypt \
  --case-dir cases --max-package-size 16MiB
pkg=$(only_pkg cases)
"$BIUNZIP" -q verify "$pkg" >/dev/null || fail "the package of a stopped image does not verify"
(($(stat -c %s "$pkg") < 24 << 20)) || fail "the package grew past the limit: $(stat -c %s "$pkg")"
unpack "$pkg" x
IFS='|' read -r size got status note sha < <(sqlite3 x/case.db \
  'SELECT size, bytes_read, status, note, sha256 FROM images')
eq "$size" $((48 << 20)) "images.size"
eq "$status" "stopped" "images.status"
((got > 0 && got < size && got % (4 << 20) == 0)) || fail "bytes_read $got: not a block boundary below the size"
contains "$note" "stopped at byte $got"
contains "$note" "--max-package-size"
eq "$(stat -c %s x/images/big.bin.raw)" "$size" "entry size"
cmp -n "$got" x/images/big.bin.raw big.bin || fail "the bytes read differ from the source"
eq "$(tail -c +$((got + 1)) x/images/big.bin.raw | tr -d '\0' | wc -c)" "0" "bytes past the stop"
eq "$sha" "$(sha256sum <x/images/big.bin.raw | cut -d' ' -f1)" "recorded sha256 (of the entry)"
eq "$(jq -r '.images[0].status + " " + (.images[0].bytes_read | tostring)' x/custody.json)" \
  "stopped $got" "custody.json images"
contains "$(jq -r .stopped_early x/custody.json)" "--max-package-size"
ok "an image stopped by --max-package-size: exit 3, package verifies, row says where and why"
echo "$pass_count checks passed"
