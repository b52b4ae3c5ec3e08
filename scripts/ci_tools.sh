#!/usr/bin/env bash
# Installs the tools CI uses beyond scripts/setup.sh's build set: clang 14 with its sanitizer and libFuzzer
# runtimes, llvm-symbolizer for readable sanitizer reports, and clang-format.
set -euo pipefail
exec "$(dirname "$0")/install_packages.sh" clang clang-format libclang-rt-14-dev llvm
