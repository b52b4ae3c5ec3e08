#!/usr/bin/env bash
# Fails when any C++ file in the repository differs from what clang-format (the root .clang-format) makes of it.
# Usage: scripts/check_format.sh [--fix]   (--fix rewrites the files in place instead)
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.cc' '*.hpp')
if ((${#files[@]} == 0)); then
  echo "check_format: no C++ files found" >&2
  exit 1
fi
if [[ "${1:-}" == "--fix" ]]; then
  clang-format -i "${files[@]}"
  echo "check_format: formatted ${#files[@]} files"
else
  clang-format --dry-run -Werror "${files[@]}"
  echo "check_format: ${#files[@]} files match .clang-format"
fi
