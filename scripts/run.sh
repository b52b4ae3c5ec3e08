#!/usr/bin/env bash
# Sets up and builds convstep (scripts/setup.sh), then opens it on the default lesson.
# Extra arguments go to convstep, e.g. scripts/run.sh --lesson max-pool
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
exec build/app/convstep "$@"
