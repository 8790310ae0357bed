#!/usr/bin/env bash
# The demo: extract the bundled example articles and print the readable summary.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/rasd extract examples/ --format table
# Then store the examples and serve the web UI on them (until Ctrl-C).
.venv/bin/rasd ingest examples/ --db sqlite:///demo.db --quiet
echo
echo "rasd web UI: http://127.0.0.1:8000/  (incidents, articles, map, timeline, actor graph; Ctrl-C to stop)"
exec .venv/bin/rasd serve --db sqlite:///demo.db --host 127.0.0.1 --port 8000
