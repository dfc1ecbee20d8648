#!/usr/bin/env bash
# System packages and the native headless-gl build for the software-GPU backends (gpu.js and
# TensorFlow.js on WebGL and WebGPU), on Debian 12. Idempotent; a few seconds when all is in place.
#
# - apt: the build tools and headers for the native `gl` module, Xvfb with GLX (Mesa llvmpipe) for
#   an X display, and SwiftShader (from chromium-common) as a software Vulkan driver for Dawn.
# - gl@8.1.6 has no prebuilt binary we can fetch (its install script asks GitHub, which is not
#   reachable), so it is built from source once (~3 minutes on 2 cores) and the binary is stored
#   where its install script (prebuild-install) looks first: the npm cache's _prebuilds folder.
#   Every later `npm ci` then unpacks it in a second instead of rebuilding.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

packages=(build-essential python3 pkg-config libx11-dev libxext-dev libxi-dev libgl1-mesa-dev
  xvfb xauth libgl1-mesa-dri libglx-mesa0 libvulkan1 chromium-common)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
locked() { if command -v flock >/dev/null 2>&1; then flock /tmp/apt.lock "$@"; else "$@"; fi; }
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-gpu: apt-get install ${missing[*]}"
  locked apt-get update -qq
  locked env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The file name and cache path prebuild-install computes for gl's binary on this Node.
gl_version=8.1.6
binary_name="gl-v${gl_version}-node-v$(node -p process.versions.modules)-$(node -p process.platform)-$(node -p process.arch).tar.gz"
url="https://github.com/stackgl/headless-gl/releases/download/v${gl_version}/${binary_name}"
digest=$(node -e 'console.log(require("crypto").createHash("sha512").update(process.argv[1]).digest("hex").slice(0, 6))' "$url")
cache_folder="$(npm config get cache)/_prebuilds"
cached="${cache_folder}/${digest}-${binary_name}"

store_binary() { # $1: a folder holding a built gl package
  mkdir -p "$cache_folder"
  tar -czf "${cached}.tmp.$$" -C "$1" build/Release/webgl.node
  mv "${cached}.tmp.$$" "$cached"
}

if [ -f "$cached" ]; then
  echo "install-gpu: gl ${gl_version} binary already cached (${cached})"
elif [ -f node_modules/gl/build/Release/webgl.node ] && grep -q "\"version\": \"${gl_version}\"" node_modules/gl/package.json; then
  store_binary node_modules/gl
  echo "install-gpu: cached the gl ${gl_version} binary built in node_modules"
else
  echo "install-gpu: building gl ${gl_version} from source (about 3 minutes)"
  scratch=$(mktemp -d /tmp/install-gpu-gl.XXXXXX)
  trap 'rm -rf "$scratch"' EXIT
  (cd "$scratch" && echo '{"name":"gl-build","private":true}' > package.json &&
    npm install --no-audit --no-fund --no-save --loglevel=error "gl@${gl_version}" >/dev/null)
  [ -f "$scratch/node_modules/gl/build/Release/webgl.node" ] || { echo "install-gpu: the gl build failed"; exit 1; }
  store_binary "$scratch/node_modules/gl"
fi
# A checkout whose gl was skipped earlier (no build tools then) gets the binary now.
if [ -d node_modules/gl ] && [ ! -f node_modules/gl/build/Release/webgl.node ]; then
  tar -xzf "$cached" -C node_modules/gl
fi
echo "install-gpu: done in $(( $(date +%s) - started )) s"
