#!/usr/bin/env bash
# Debian's Chromium for the browser tests (apps/web/src/browser.test.ts) and `alexnet bench --browser`:
# driven headless by playwright-core at /usr/bin/chromium (playwright's own browser downloads are
# not reachable here). Idempotent; optional: without it the browser tests are skipped with the reason.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi
locked() { if command -v flock >/dev/null 2>&1; then flock /tmp/apt.lock "$@"; else "$@"; fi; }
locked apt-get update -qq
locked env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "install-browser: $(/usr/bin/chromium --version)"
