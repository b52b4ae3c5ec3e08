#!/usr/bin/env bash
# Sets up and builds convstep (scripts/setup.sh), then runs every test through CTest.
# GUI tests need a display: without one, the whole run goes under a virtual X server (Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build

run_ctest=(ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 600)
if [[ -n "${DISPLAY:-}" ]]; then
  "${run_ctest[@]}"
else
  export LIBGL_ALWAYS_SOFTWARE=1
  xvfb-run -a -s "-screen 0 1280x800x24" "${run_ctest[@]}"
fi
