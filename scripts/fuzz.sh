#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz (clang, AddressSanitizer + UndefinedBehaviorSanitizer) and runs
# each for SECONDS (default 60), starting from its committed seed corpus. A crash stops with a non-zero exit and
# leaves its reproducer in build-fuzz/artifacts/NAME/; copy it into tests/fuzz/regressions/NAME/ once fixed,
# where the replay tests of the normal suite keep checking it.
# Usage: scripts/fuzz.sh [SECONDS] [NAME...]   (NAME: npy, lesson, image, scene_edit, ...; default all)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${1:-60}"
shift || true
scripts/ci_tools.sh
scripts/setup.sh --packages-only

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

if (($# == 0)); then
  mapfile -t names < <(cd tests/fuzz && ls fuzz_*.cpp | sed -e 's/^fuzz_//' -e 's/\.cpp$//')
else
  names=("$@")
fi

export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for name in "${names[@]}"; do
  work="build-fuzz/corpus/$name"
  artifacts="build-fuzz/artifacts/$name"
  mkdir -p "$work" "$artifacts"
  log="build-fuzz/fuzz_$name.log"
  printf 'fuzz %-12s %ss ... ' "$name" "$SECONDS_EACH"
  if build-fuzz/tests/fuzz/fuzz_"$name" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=20 \
      -artifact_prefix="$artifacts/" -print_final_stats=1 "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "ok, $runs executions, no crash"
  else
    status=1
    echo "FAILED: see $log and $artifacts/"
    grep -E 'ERROR|SUMMARY|invariant' "$log" | head -5 || true
  fi
done
exit $status
