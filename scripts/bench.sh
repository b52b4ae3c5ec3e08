#!/usr/bin/env bash
# Measures convstep's speed: installs what the benchmarks need (Google Benchmark, and OpenCV for the
# side-by-side comparison), builds Release and runs the OpenCV comparison, then the engine benchmarks.
# Usage: scripts/bench.sh [BUILD_DIR]   (default: build)
# Numbers are noisy on a busy machine: check `uptime` first; the comparison times thread CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --packages-only
scripts/install_packages.sh libopencv-dev libbenchmark-dev

BUILD_DIR="${1:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" --parallel "$(nproc)" --target convstep_opencv_compare convstep_bench

echo "== load: $(uptime)"
echo "== convstep vs OpenCV ($BUILD_DIR/bench/convstep_opencv_compare)"
"$BUILD_DIR/bench/convstep_opencv_compare"
echo
echo "== engine and stepper ($BUILD_DIR/bench/convstep_bench)"
"$BUILD_DIR/bench/convstep_bench"
