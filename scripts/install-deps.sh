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
  # biunzip image --format e01; ewfverify, fls and dc3dd for
  # the imaging tests and bench/
  libewf-dev ewf-tools sleuthkit dc3dd
  # tests/faults/image_read_errors.sh: a FUSE file with unreadable sectors (tests/helpers/eio_fuse.c)
  libfuse3-dev fuse3
  # biunzip upload (libcurl with libssh2 for SFTP)
  libcurl4-openssl-dev
  # static archives that libarchive.a and libyara.a need
  nettle-dev libacl1-dev libattr1-dev liblzma-dev liblz4-dev libbz2-dev zlib1g-dev
  libxml2-dev libicu-dev libmagic-dev libjansson-dev
  # tools the tests drive for real
  yara zstd openssl tar sqlite3 jq coreutils util-linux procps
  # FAT32 and exFAT case drives, mounted from image files through FUSE (tests/cli/usb_volumes.sh)
  fusefat exfat-fuse dosfstools exfatprogs
  # biunzip report tests render the HTML in a headless browser
  chromium
  # biunzip timeline's test reads the bodyfile with mactime
  sleuthkit
  # biunzip upload's SFTP test starts its own sshd; its S3 and Azure tests install s3rver and
  # azurite with npm (Node.js, Debian's or another) and skip when npm is missing or offline
  openssh-server openssh-client
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
