#!/usr/bin/env bash
# Unreadable sectors during --image: a FUSE file system serves a file whose chosen sectors fail
# with EIO. The image goes on to the end (exit 3, a package that verifies); exactly those
# sectors are zeros in the image, each range is listed in image_errors with errno 5, and every
# other byte is the source's. Needs root, /dev/fuse and the eio_fuse helper; skips otherwise.
source "$TEST_HELPERS"

if [[ $(id -u) != 0 || ! -c /dev/fuse || -z ${EIO_FUSE:-} || ! -x ${EIO_FUSE:-} ]]; then
  echo "SKIP: needs root, /dev/fuse and tests/helpers/eio_fuse (libfuse3-dev)"
  exit 0
fi

head -c $((6 * 1024 * 1024)) /dev/urandom >source.bin
mkdir mnt
# Sectors 100-107 (one 4 KiB run), 2049 alone, and 12000-12001 (the last block is partial).
"$EIO_FUSE" "$TEST_TMP/source.bin" 512 100-107,2049,12000-12001 "$TEST_TMP/mnt" -f &
fuse_pid=$!
cleanup() { fusermount3 -u "$TEST_TMP/mnt" 2>/dev/null || umount -l "$TEST_TMP/mnt" 2>/dev/null || true
  kill "$fuse_pid" 2>/dev/null || true; wait "$fuse_pid" 2>/dev/null || true; rm -rf "$TEST_TMP"; }
trap cleanup EXIT
for _ in $(seq 50); do [[ -e mnt/disk ]] && break; sleep 0.1; done
[[ -e mnt/disk ]] || fail "the FUSE file system did not come up"
if dd if=mnt/disk of=/dev/null bs=512 skip=100 count=1 2>/dev/null; then
  fail "the FUSE file serves sector 100"
fi

expect_exit 3 "$COLLECTOR" --profile none --image "$TEST_TMP/mnt/disk" --no-encrypt --case-dir cases
"$BIUNZIP" -q verify "$(only_pkg cases)" >/dev/null || fail "the package does not verify"
unpack "$(only_pkg cases)" x
ok "unreadable sectors: the image finishes, exit 3, the package verifies"

eq "$(sqlite3 -separator ' ' x/case.db 'SELECT offset, length, errno FROM image_errors ORDER BY offset' | tr '\n' ';')" \
  "51200 4096 5;1049088 512 5;6144000 1024 5;" "image_errors"
eq "$(sqlite3 -separator ' ' x/case.db 'SELECT read_errors, error_bytes, bytes_read, status FROM images')" \
  "3 5632 6291456 complete" "images row"
ok "exactly the failing sectors are listed (offset, length, errno 5)"

cp source.bin expected.bin
zero() { dd if=/dev/zero of=expected.bin bs=512 seek="$1" count="$2" conv=notrunc status=none; }
zero 100 8
zero 2049 1
zero 12000 2
cmp x/images/disk.raw expected.bin || fail "the image is not the source with exactly those sectors zeroed"
eq "$(sqlite3 x/case.db 'SELECT sha256 FROM images')" "$(sha256sum <expected.bin | cut -d' ' -f1)" \
  "recorded sha256 (of the image as stored)"
ok "those sectors are zeros, every other byte is the source's"

expect_exit 0 "$BIUNZIP" image x disk --format e01 -o e01/disk
if command -v ewfverify >/dev/null; then
  expect_exit 0 ewfverify -q e01/disk.E01
  ewf=$(ewfinfo e01/disk.E01)
  contains "$ewf" "total number: 3"
  contains "$ewf" "at sector(s): 100 - 107 number: 8"
  contains "$ewf" "at sector(s): 2049 - 2049 number: 1"
  contains "$ewf" "at sector(s): 12000 - 12001 number: 2"
  ok "the E01 verifies and lists the acquiry errors"
fi
echo "$pass_count checks passed"
