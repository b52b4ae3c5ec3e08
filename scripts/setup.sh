#!/usr/bin/env bash
# Installs the Debian 12 packages convstep needs (only those missing), then configures and builds.
# Usage: scripts/setup.sh [BUILD_DIR]   (default: build; build type Release)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${1:-build}"
PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libglfw3-dev libimgui-dev libstb-dev libjpeg62-turbo-dev libpng-dev python3-glad python3-jinja2 libgl-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev googletest libbenchmark-dev
  xvfb xauth libgl1-mesa-dri libegl-mesa0 mesa-utils fonts-dejavu-core
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "convstep: installing ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then SUDO=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" --parallel "$(nproc)"
