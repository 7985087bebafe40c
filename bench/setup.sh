#!/usr/bin/env bash
# Installs what the benchmark needs from Debian packages (run as root). Idempotent: does nothing
# when everything is installed. Peak RSS and CPU come from wait4(2) in run.py, so GNU time is
# only a convenience for measuring by hand.
set -euo pipefail

packages=(python3 tar gzip zstd openssl yara gcc libc6-dev binutils coreutils time)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "bench/setup.sh: missing packages (${missing[*]}); run it as root" >&2
  exit 1
fi
echo "bench/setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
