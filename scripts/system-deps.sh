#!/usr/bin/env bash
# Install the Debian packages that the test suite needs, when we can (root with apt-get).
# Tests that need a missing package skip with a reason, so a machine without them still passes.
set -euo pipefail
PKGS=()
need() { command -v "$1" >/dev/null 2>&1 || PKGS+=("$2"); }
# (areas add their needs here: PostgreSQL server, Chromium)
# PostgreSQL server for the store tests (pg_ctl is not on PATH: it lives in /usr/lib/postgresql/N/bin;
# the tests start their own throwaway server on loopback, so the packaged service is not used).
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || PKGS+=("postgresql")
# Chromium for the web UI's end-to-end tests (tests/web/test_e2e_web.py drive /usr/bin/chromium with
# Python Playwright; Playwright never downloads a browser).
[ -x /usr/bin/chromium ] || PKGS+=("chromium")
if [ ${#PKGS[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: cannot install ${PKGS[*]} (not root or no apt-get); the tests that need them will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${PKGS[@]}"
