#!/usr/bin/env bash
# Runs the benchmark (see bench/README.md): bench/run.sh --size small|large [options]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/setup.sh"
PYTHONDONTWRITEBYTECODE=1 exec python3 "$here/run.py" "$@"
