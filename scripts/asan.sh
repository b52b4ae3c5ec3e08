#!/usr/bin/env bash
# Builds everything (app included) with clang + AddressSanitizer + UndefinedBehaviorSanitizer (the asan preset)
# and runs the whole test suite under it, GUI tests under Xvfb, with leak checking on. Fails on any failed test
# and on any sanitizer report, including one from an app process a test started and then judged only by its
# exit code: every report is also written to build-asan/sanitizer-logs/, which must stay empty.
# Suppressions (tests/sanitizers/) cover only what is not convstep's; each says why.
# Usage: scripts/asan.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ci_tools.sh
scripts/setup.sh --packages-only

cmake --preset asan >/dev/null
nice cmake --build --preset asan

logs="$PWD/build-asan/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
supp="$PWD/tests/sanitizers"
# libGL unloads Mesa's driver before the leak check at exit, which then reports the driver's still-referenced
# objects as leaks of "<unknown module>"; keeping /dri/ drivers mapped lets LeakSanitizer see them (see the file).
keep_drivers="$PWD/build-asan/keep_gl_drivers_loaded.so"
cc -O2 -shared -fPIC -o "$keep_drivers" "$supp/keep_gl_drivers_loaded.c" -ldl
# Children (the app binary a GUI or CLI test starts) inherit these. log_path gives one file per reporting
# process (NAME.PID); exitcode 86 tells a sanitizer stop apart from the app's own exit codes.
# intercept_tls_get_addr=0: clang 14's LeakSanitizer records dynamic-TLS ranges from __tls_get_addr that
# Debian 12's glibc does not lay out as it expects, and its leak check at exit then reads a bogus range
# ("DTLS 25 at 0x2a28-...", "Tracer caught signal 11", "LeakSanitizer has encountered a fatal error") in
# some app runs. Without the interception the blocks are still found, through the thread's DTV on the heap.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=86:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:intercept_tls_get_addr=0:log_path=$logs/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86:log_path=$logs/ubsan"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=1"
export LD_PRELOAD="$keep_drivers${LD_PRELOAD:+:$LD_PRELOAD}"
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer || true)}"

run_ctest=(ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" --timeout 900)
# A test that fails is run once more: the stage still fails on any sanitizer report (below, from either run),
# so a second run forgives only a failure with no report, such as LeakSanitizer's own "fatal error" when it
# cannot stop a loaded process's threads for the leak check. Each such test is named in the output.
status=0
if [[ -z "${DISPLAY:-}" ]]; then
  export LIBGL_ALWAYS_SOFTWARE=1
  run_ctest=(xvfb-run -a -s "-screen 0 1280x800x24" "${run_ctest[@]}")
fi
if ! "${run_ctest[@]}"; then
  echo "asan: running the failed tests once more:"
  "${run_ctest[@]}" --rerun-failed || status=1
  if ((status == 0)); then echo "asan: the failed tests passed when run again (their output is above)"; fi
fi

# A report file holds a real report, only LeakSanitizer's list of the suppressions it used, or a note from the
# sanitizer about itself (printed, and not counted: its test failed or passed on its own exit code).
reports=0
for f in "$logs"/*; do
  [[ -e "$f" ]] || continue
  if grep -qE 'ERROR: |runtime error:|SUMMARY: ' "$f"; then
    reports=$((reports + 1))
    echo "asan: sanitizer report in $f:"
    sed -n '1,60p' "$f"
  elif grep -qvE '^-+$|^Suppressions used:|^ *count +bytes +template|^ *[0-9]+ +[0-9]+ +[^ ]+$|^$' "$f"; then
    echo "asan: a note from the sanitizer in $f:"
    sed -n '1,30p' "$f"
  fi
done
if ((reports > 0)); then
  echo "asan: $reports process(es) reported; FAILED"
  exit 1
fi
if ((status != 0)); then
  echo "asan: tests failed; FAILED"
  exit 1
fi
echo "asan: whole suite passed with no sanitizer report"
