#!/usr/bin/env bash
# Run the whole test suite (what `make test` and CI run).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
exec "$PY" -m pytest -q -n 2 --dist loadgroup "$@"
