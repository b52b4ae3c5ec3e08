#!/usr/bin/env bash
# Makes the vector-export examples in docs/: a step as SVG (and a PNG of it, by rsvg-convert, to view on
# pages that do not show SVG), and a worksheet PDF with its pages as PNG (pdftoppm). No display needed.
# Usage: docs/print_examples.sh [path/to/convstep]   (default build/app/convstep)
set -euo pipefail
cd "$(dirname "$0")/.."
convstep="${1:-build/app/convstep}"

"$convstep" svg --lesson article-5x5 --step 4 --out docs/step-article-5x5.svg --force
"$convstep" svg --lesson conv2d-3-channel --step 2 --tap 4 --size 1024x768 --out docs/step-3-channel-tap.svg --force
for svg in docs/step-article-5x5.svg docs/step-3-channel-tap.svg; do
  rsvg-convert "$svg" -o "${svg%.svg}.png"
done
"$convstep" worksheet --seed 7 --count 4 --difficulty medium --pdf docs/worksheet-seed-7.pdf --force
rm -f docs/worksheet-seed-7-page-*.png
pdftoppm -r 60 -png docs/worksheet-seed-7.pdf docs/worksheet-seed-7-page
