#!/usr/bin/env bash
# Installs every build and test dependency from Debian 12 packages (run as root).
# Idempotent: does nothing when every package is already installed.
set -euo pipefail

packages=(
  # toolchain (clang and its runtime libraries: the libFuzzer targets, scripts/fuzz)
  g++ cmake ninja-build ccache pkg-config file git clang libclang-rt-14-dev
  # scripts/format.sh (the tree follows .clang-format as clang-format 14 reads it)
  clang-format
  # the card's libraries
  libarchive-dev libzstd-dev libssl-dev libsqlite3-dev libyara-dev libcli11-dev
  libyaml-cpp-dev nlohmann-json3-dev libgtest-dev
  # static archives that libarchive.a and libyara.a need
  nettle-dev libacl1-dev libattr1-dev liblzma-dev liblz4-dev libbz2-dev zlib1g-dev
  libxml2-dev libicu-dev libmagic-dev libjansson-dev
  # tools the tests drive for real
  yara zstd openssl tar sqlite3 jq coreutils util-linux procps
  # FAT32 and exFAT case drives, mounted from image files through FUSE (tests/cli/usb_volumes.sh)
  fusefat exfat-fuse dosfstools exfatprogs
  # biunzip report tests render the HTML in a headless browser
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages (${missing[*]}); run this script as root" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
