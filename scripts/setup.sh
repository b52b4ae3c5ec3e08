#!/usr/bin/env bash
# Installs the Debian 12 packages convstep needs (only those missing), then configures and builds.
# Usage: scripts/setup.sh [BUILD_DIR]      (default: build; build type Release)
#        scripts/setup.sh --packages-only  (install the packages, build nothing)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libglfw3-dev libimgui-dev libcairo2-dev libstb-dev libjpeg62-turbo-dev libpng-dev python3-glad python3-jinja2 libgl-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev googletest libbenchmark-dev
  xvfb xauth libgl1-mesa-dri libegl-mesa0 mesa-utils fonts-dejavu-core desktop-file-utils
  poppler-utils libxml2-utils librsvg2-bin
  libgif-dev libavcodec-dev libavformat-dev libswscale-dev libegl-dev
)

scripts/install_packages.sh "${PACKAGES[@]}"
if [[ "${1:-}" == "--packages-only" ]]; then exit 0; fi

BUILD_DIR="${1:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" --parallel "$(nproc)"
