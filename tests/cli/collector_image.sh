#!/usr/bin/env bash
# --image on a loop device holding a real ext4 file system with known files: the package's
# image equals the device byte for byte (md5sum, sha256sum), case.db and custody.json record
# the digests, Sleuth Kit lists the files in the raw image and in the E01 biunzip writes, and
# ewfverify accepts that E01. A case directory on the imaged device is refused; an image file
# is imaged like a device. Needs root (losetup); skips otherwise.
source "$TEST_HELPERS"

if [[ $(id -u) != 0 ]] || ! command -v losetup >/dev/null || ! command -v mkfs.ext4 >/dev/null; then
  echo "SKIP: needs root, losetup and mkfs.ext4"
  exit 0
fi

# A 24 MiB ext4 file system made from a directory of known files, half of it never written.
mkdir -p content/docs
printf 'hello from the imaged disk\n' >content/hello.txt
head -c 6000000 /dev/urandom >content/docs/random.bin
printf 'evidence\n' >content/docs/note.md
mkfs.ext4 -q -F -d content -L ppcimg fs.img 24M
loop=$(losetup -f --show -r fs.img)
cleanup() { umount mnt 2>/dev/null || true; losetup -d "$loop" 2>/dev/null || true; rm -rf "$TEST_TMP"; }
trap cleanup EXIT
name=$(basename "$loop")

expect_exit 0 "$COLLECTOR" --profile none --image "$loop" --no-encrypt --case-dir cases \
  --case-id IMG-1 --examiner "E. Xaminer" --note "loop test"
pkg=$(only_pkg cases)
want_md5=$(md5sum <"$loop" | cut -d' ' -f1)
want_sha256=$(sha256sum <"$loop" | cut -d' ' -f1)
want_sha1=$(sha1sum <"$loop" | cut -d' ' -f1)
ok "imaging-only run (--profile none --image $loop) exits 0"

unpack "$pkg" x
raw=x/images/$name.raw
[[ -f $raw ]] || fail "no images/$name.raw in the package"
eq "$(md5sum <"$raw" | cut -d' ' -f1)" "$want_md5" "md5 of the extracted image"
eq "$(sha256sum <"$raw" | cut -d' ' -f1)" "$want_sha256" "sha256 of the extracted image"
eq "$(stat -c %s "$raw")" "$(blockdev --getsize64 "$loop")" "image size"
(($(du -k "$raw" | cut -f1) < 20000)) || fail "the extracted image is not sparse: $(du -k "$raw")"
ok "extracted image equals the device (md5sum, sha256sum) and is sparse"

row=$(sqlite3 -separator '|' x/case.db \
  "SELECT name, source, kind, size, bytes_read, md5, sha1, sha256, read_errors, status,
          logical_sector_size FROM images")
eq "$row" "$name|$loop|block-device|25165824|25165824|$want_md5|$want_sha1|$want_sha256|0|complete|512" \
  "images row"
eq "$(sqlite3 x/case.db 'SELECT count(*) FROM image_errors')" "0" "image_errors rows"
eq "$(jq -r '.images[0].sha256 + " " + .images[0].md5 + " " + .images[0].status' x/custody.json)" \
  "$want_sha256 $want_md5 complete" "custody.json images"
ok "case.db images/image_errors and custody.json record the source's digests"

fls -r "$raw" >fls.raw || fail "fls cannot read the raw image"
contains "$(cat fls.raw)" "hello.txt"
contains "$(cat fls.raw)" "random.bin"
ok "fls lists the file system's files in the raw image"

# biunzip image: raw straight from the package, E01 from the extracted directory.
expect_exit 0 "$BIUNZIP" image "$pkg" "$name" --format raw -o out/disk
cmp out/disk.raw "$loop" || fail "biunzip image --format raw differs from the device"
[[ ! -e out/disk.extract ]] || fail "the temporary extraction was left behind"
contains "$OUT" "sha256 $want_sha256"
expect_exit 0 "$BIUNZIP" image x "$name" --format e01 -o out/disk --segment-size 2MiB
[[ -f out/disk.E01 && -f out/disk.E02 ]] || fail "no segmented E01: $(ls out)"
expect_exit 0 ewfverify -q out/disk.E01
contains "$OUT" "$want_md5"
info=$(ewfinfo out/disk.E01)
contains "$info" "IMG-1"
contains "$info" "E. Xaminer"
contains "$info" "$want_md5"
fls -r -i ewf out/disk.E01 >fls.e01 || fail "fls cannot read the E01"
diff fls.raw fls.e01 || fail "fls lists other files in the E01"
ok "biunzip image: raw equals the device; E01 segmented, ewfverify accepts it, fls lists the files"

expect_exit 2 "$BIUNZIP" image x "$name" --format e01 -o out/disk
contains "$ERR" "exists"
expect_exit 2 "$BIUNZIP" image x nosuch --format raw -o out/none
contains "$ERR" "no image named 'nosuch'"
ok "biunzip image refuses to overwrite and names a missing image"

# The case directory on the imaged device: refused before anything is written.
mkdir mnt
mount -o ro "$loop" mnt
expect_exit 2 "$COLLECTOR" --profile none --image "$loop" --no-encrypt --case-dir mnt/docs/cases
contains "$ERR" "is on this device"
umount mnt
ok "a case directory on the imaged device is refused (exit 2)"

expect_exit 2 "$COLLECTOR" --profile none --image "$TEST_TMP/no-such-disk" --no-encrypt --case-dir cases2
contains "$ERR" "--image $TEST_TMP/no-such-disk"
[[ ! -d cases2 ]] || [[ -z $(ls cases2) ]] || fail "a package was written for a missing source"
ok "a missing source is refused (exit 2), no package"

# An image file is imaged like a device, with the quick profile beside it.
expect_exit 0 "$COLLECTOR" --profile none --image "$TEST_TMP/fs.img" --image-hash sha256 \
  --no-encrypt --case-dir cases3 -q
unpack "$(only_pkg cases3)" y
cmp y/images/fs.img.raw fs.img || fail "image file differs"
eq "$(sqlite3 y/case.db 'SELECT kind, sha256 FROM images')" "file|$(sha256sum <fs.img | cut -d' ' -f1)" "file image row"
ok "an image file is imaged as images/fs.img.raw"

# A file that is not a whole number of sectors: raw only (EWF would drop the tail).
head -c 1000 /dev/urandom >odd.bin
expect_exit 0 "$COLLECTOR" --profile none --image "$TEST_TMP/odd.bin" --no-encrypt --case-dir cases4 -q
unpack "$(only_pkg cases4)" z
expect_exit 2 "$BIUNZIP" image z odd.bin --format e01 -o out/odd
contains "$ERR" "not a whole number of 512-byte sectors"
expect_exit 0 "$BIUNZIP" image z odd.bin --format raw -o out/odd
cmp out/odd.raw odd.bin || fail "odd-sized raw image differs"
ok "an image of 1000 bytes: raw only, E01 refused (exit 2)"
echo "$pass_count checks passed"
