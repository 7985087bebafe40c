#!/usr/bin/env bash
# Split packages and USB file systems: --split-size volumes read back by every biunzip command,
# salvage of a missing or truncated volume, and case directories on FAT32 (fusefat) and exFAT
# (exfat-fuse on a loop device) mounted from image files. fusefat writes at about 3 MB/s here,
# so the 4 GiB threshold is checked in the log, not by writing 4 GiB (docs/USAGE.md).
source "${TEST_HELPERS:?set by ctest}"
: "${BIUNZIP:?set by ctest}" "${COLLECTOR:?set by ctest}"

mkdir src
for i in 1 2 3 4 5 6; do head -c 700000 /dev/urandom >"src/f$i.bin"; done

# --- volumes on a plain directory -------------------------------------------------------------
expect_exit 2 "$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/src/*" --case-dir c0 \
  --split-size 512KiB
contains "$ERR" "at least 1MiB"
"$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/src/*" --case-dir cases -q \
  --split-size 1MiB </dev/null >/dev/null
pkg=$(only_pkg cases)
[[ -f $pkg.002 && -f $pkg.003 && -f $pkg.004 ]] || fail "no volumes: $(ls cases)"
eq "$(stat -c %s "$pkg")" 1048576 "size of volume 1"
eq "$(stat -c %s "$pkg.003")" 1048576 "size of volume 3"
(cd cases && sha256sum -c --quiet ./*.ppc.sha256) || fail "sha256sum -c of the volumes"
eq "$(jq -r '.volumes | length' "${pkg%.ppc}.log")" "$(ls "$pkg"* | grep -c '\.ppc\(\.[0-9]*\)\?$')" \
  "volumes in NAME.log"
ok "--split-size 1MiB: $(ls "$pkg"* | grep -c '\.ppc\(\.[0-9]*\)\?$') volumes, sha256sum -c passes"

expect_exit 0 "$BIUNZIP" info "$pkg"
contains "$OUT" "(split package)"
contains "$OUT" "sidecar      match"
expect_exit 0 "$BIUNZIP" verify "$pkg"
contains "$OUT" "matches each of the"
expect_exit 0 "$BIUNZIP" list "$pkg"
contains "$OUT" "src/f6.bin"
unpack "$pkg" out
for i in 1 2 3 4 5 6; do
  cmp -s "src/f$i.bin" "out/files$TEST_TMP/src/f$i.bin" || fail "f$i.bin differs after extract"
done
ok "info, verify, list and extract read the volumes as one package"

# A missing volume: verify names it; salvage keeps what precedes it and names it.
cp -r cases broken
bpkg=broken/$(basename "$pkg")
rm "$bpkg.004"
expect_exit 12 "$BIUNZIP" verify "$bpkg"
contains "$OUT" ".ppc.004 is missing"
expect_exit 11 "$BIUNZIP" salvage "$bpkg" -o salv --no-report
contains "$ERR" ".ppc.004 is missing (volume 4"
eq "$(jq -r '.volumes.problems[0].volume' salv/salvage.json)" 4 "missing volume in salvage.json"
eq "$(jq -r '.volumes.problems[0].state' salv/salvage.json)" missing "its state"
cmp -s src/f1.bin "salv/files$TEST_TMP/src/f1.bin" || fail "f1.bin (before the gap) not salvaged"
ok "a missing volume: verify exit 12 naming it, salvage keeps what precedes it"

# A truncated volume.
cp -r cases short
spkg=short/$(basename "$pkg")
truncate -s 300000 "$spkg.003"
expect_exit 12 "$BIUNZIP" verify "$spkg"
contains "$OUT" ".ppc.003 is truncated"
expect_exit 11 "$BIUNZIP" salvage "$spkg" -o salv2 --no-report
contains "$ERR" "300000 of 1048576 bytes present"
eq "$(jq -r '.volumes.problems[0].state' salv2/salvage.json)" truncated "truncated state"
cmp -s src/f1.bin "salv2/files$TEST_TMP/src/f1.bin" || fail "f1.bin not salvaged"
ok "a truncated volume: verify exit 12 naming it, salvage keeps what precedes it"

# --- FAT32 and exFAT through FUSE ----------------------------------------------------------------
if [[ $(id -u) != 0 || ! -c /dev/fuse ]] || ! command -v fusefat mkfs.vfat >/dev/null; then
  echo "skip: FAT32/exFAT tests need root, /dev/fuse, fusefat and dosfstools (scripts/install-deps.sh)"
  exit 0
fi
mounts=() loops=()
cleanup() {
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null || true; done
  rm -rf "$TEST_TMP"
}
trap cleanup EXIT

truncate -s 64M fat.img
mkfs.vfat -F 32 fat.img >/dev/null
mkdir fat
fusefat -o rw+ fat.img fat >/dev/null 2>&1
mounts+=("$TEST_TMP/fat")
grep -q " $TEST_TMP/fat .* fuse.fusefat " /proc/self/mountinfo || fail "fusefat did not mount"
expect_exit 0 "$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/src/f1.bin" \
  --collect /etc/os-release --case-dir fat/case --case-id "case:7*a" --log-format json
contains "$ERR" '"event":"package_split"'
contains "$ERR" '"volume_bytes":4293918720'
contains "$ERR" '"file_system":"fuse.fusefat"'
fpkg=$(only_pkg fat/case)
[[ $(basename "$fpkg") == case-7-a_* ]] || fail "package name outside FAT's characters: $fpkg"
expect_exit 0 "$BIUNZIP" verify "$fpkg"
unpack "$fpkg" fat/out
cmp -s src/f1.bin "fat/out/files$TEST_TMP/src/f1.bin" || fail "f1.bin differs (FAT32)"
ok "FAT32 (fusefat): volumes of 4095 MiB chosen, the package verifies and extracts onto FAT"

expect_exit 0 "$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/src/f[1-3].bin" \
  --case-dir fat/split --split-size 1MiB -q
spkg=$(only_pkg fat/split)
[[ -f $spkg.002 ]] || fail "no second volume on FAT32"
expect_exit 0 "$BIUNZIP" verify "$spkg"
ok "FAT32 (fusefat): a split package verifies"

if command -v mount.exfat-fuse mkfs.exfat >/dev/null && loop=$(losetup -f --show exfat.img 2>/dev/null ||
  { truncate -s 64M exfat.img && mkfs.exfat exfat.img >/dev/null && losetup -f --show exfat.img; }); then
  loops+=("$loop")
  mkdir exfat
  mount.exfat-fuse "$loop" exfat >/dev/null 2>&1 || fail "exfat-fuse did not mount"
  mounts+=("$TEST_TMP/exfat")
  expect_exit 0 "$COLLECTOR" --profile none --no-encrypt --collect "$TEST_TMP/src/f1.bin" \
    --case-dir exfat/case --log-format json
  [[ $ERR != *package_split* ]] || fail "split on exFAT, which has no 4 GiB cap"
  xpkg=$(only_pkg exfat/case)
  expect_exit 0 "$BIUNZIP" verify "$xpkg"
  unpack "$xpkg" exfat/out
  cmp -s src/f1.bin "exfat/out/files$TEST_TMP/src/f1.bin" || fail "f1.bin differs (exFAT)"
  ok "exFAT (exfat-fuse): not split, verifies and extracts onto exFAT"
else
  echo "skip: exFAT needs exfat-fuse, exfatprogs and a loop device"
fi
