#!/usr/bin/env bash
# The demo: extract the bundled example articles and print the readable summary.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/rasd extract examples/ --format table
