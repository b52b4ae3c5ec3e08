#!/usr/bin/env bash
# Measures convstep's speed: installs what the benchmarks need (Google Benchmark, and OpenCV for the
# side-by-side comparison), builds Release and runs the OpenCV comparison, the window's budgets (frame
# time, start-up to the first frame, playground latency) and then the engine benchmarks.
# Usage: scripts/bench.sh [BUILD_DIR]   (default: build)
# Numbers are noisy on a busy machine: check `uptime` first; the comparison times thread CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --packages-only
scripts/install_packages.sh libopencv-dev libbenchmark-dev

BUILD_DIR="${1:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" --parallel "$(nproc)" --target convstep_opencv_compare convstep_bench \
  convstep convstep_frame_bench convstep_playground_bench

echo "== load: $(uptime)"
echo "== convstep vs OpenCV ($BUILD_DIR/bench/convstep_opencv_compare)"
"$BUILD_DIR/bench/convstep_opencv_compare"
echo
echo "== frame budget ($BUILD_DIR/bench/convstep_frame_bench; goal: at most 2 ms)"
"$BUILD_DIR/bench/convstep_frame_bench"
echo
# Without a GPU the window renders through Mesa's software rasterizer, under a virtual X server.
XVFB=(xvfb-run -a -s "-screen 0 1280x800x24")
export LIBGL_ALWAYS_SOFTWARE=1
echo "== start-up to the first frame: convstep --frames 1 wall time, 7 runs (goal: at most 0.3 s)"
"${XVFB[@]}" bash -c '
  times=()
  for i in 1 2 3 4 5 6 7; do
    start=$(date +%s%N)
    "$0/app/convstep" --no-settings --frames 1 >/dev/null
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000000 ))")
  done
  sorted=$(printf "%s\n" "${times[@]}" | sort -n | tr "\n" " ")
  median=$(printf "%s\n" "${times[@]}" | sort -n | sed -n 4p)
  echo "runs (ms, sorted): $sorted"
  echo "median: $median ms"' "$BUILD_DIR"
echo
echo "== playground latency after a kernel edit ($BUILD_DIR/bench/convstep_playground_bench)"
"${XVFB[@]}" "$BUILD_DIR/bench/convstep_playground_bench"
echo
echo "== engine and stepper ($BUILD_DIR/bench/convstep_bench)"
"$BUILD_DIR/bench/convstep_bench"
