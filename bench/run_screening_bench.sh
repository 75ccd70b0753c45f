#!/usr/bin/env bash
# Screening benchmark (docs/performance.md): zwgk.screening vs Microsoft Presidio in the same run.
# Presidio lives in its own virtualenv here; it is never a dependency of zwgk itself.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv-presidio/bin/python ]; then
  python3 -m venv .venv-presidio
  .venv-presidio/bin/pip install --quiet "presidio-analyzer==2.2.366" "pyahocorasick==2.3.1"
fi
exec .venv-presidio/bin/python screening_bench.py "$@"
