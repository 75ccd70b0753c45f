#!/usr/bin/env bash
# Screening benchmark (docs/performance.md): zwgk.screening vs Microsoft Presidio in the same run.
# Presidio lives in its own virtualenv bench/.venv; it is never a dependency of zwgk itself.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/python" -m pip install --quiet "presidio-analyzer==2.2.366" "pyahocorasick==2.3.1"
fi
exec "$here/.venv/bin/python" "$here/screening_bench.py" "$@"
