#!/usr/bin/env bash
# Renders the README's and the issue's screenshots into docs/ with a headless window (xvfb-run), from
# an already built convstep: nothing is built here. Usage:
#   docs/screenshots.sh BUILD_DIR/app/convstep [OUT_DIR]     (OUT_DIR defaults to this script's folder)
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 PATH/TO/convstep [OUT_DIR]" >&2
  exit 2
fi
binary=$1
out_dir=${2:-$(cd "$(dirname "$0")" && pwd)}
if [[ ! -x $binary ]]; then
  echo "$0: $binary is not an executable convstep (build it first: scripts/setup.sh)" >&2
  exit 2
fi
if ! command -v xvfb-run > /dev/null; then
  echo "$0: xvfb-run not found (apt-get install xvfb)" >&2
  exit 2
fi
mkdir -p "$out_dir"
# Read once: `--help | grep -q` would stop reading early, and under pipefail the cut-off binary fails the test.
help=$("$binary" --help 2>&1 || true)
has_option() { [[ $help == *"$1"* ]]; }

# Enough frames for fonts and layout to settle; --step is a cut, so nothing is mid-slide.
size=1280x800
frames=12

# shot NAME ARGS...: one PNG per call, written next to the others as NAME.png.
shot() {
  local name=$1
  shift
  echo "docs: $name.png ($*)"
  xvfb-run -a -s "-screen 0 ${size}x24" "$binary" --size "$size" --frames "$frames" \
    --screenshot "$out_dir/$name.png" "$@"
}

shot article-5x5 --lesson article-5x5 --step 4
shot conv2d-3-channel --lesson conv2d-3-channel --step 4
shot conv1d-two-channels --lesson input-2d-k3-s1 --step 1
shot reflect-padding --lesson reflect-padding --step 5
shot max-pool --lesson max-pool --step 1
# Tap by tap: only when this build's command line can start in tap mode.
if has_option '--tap'; then
  shot article-5x5-tap --lesson article-5x5 --step 4 --tap 3
fi
shot playground "$(cd "$(dirname "$0")/.." && pwd)/assets/images/chelsea.png"
# The projector's sizes: the normal view at 1024×768 and presentation mode there and at 1920×1080.
if has_option '--present'; then
  size=1024x768
  shot article-5x5-1024x768 --lesson article-5x5 --step 4 --no-settings
  shot conv2d-3-channel-1024x768 --lesson conv2d-3-channel --step 4 --no-settings
  shot depthwise-1024x768 --lesson depthwise --step 4 --no-settings
  shot present-1024x768 --lesson article-5x5 --step 4 --present --no-settings
  shot gaussian-blur-1024x768 --lesson gaussian-blur --step 5 --no-settings
  shot refused-setting-1024x768 --lesson article-5x5 --set kernel_size=7,3 --no-settings || true  # exits 1: refused
  size=1920x1080
  shot present-1920x1080 --lesson conv2d-3-channel --step 4 --present --no-settings
fi
# Quiz mode at the projector's size: the value asked hidden, then a wrong answer with its slip located.
if has_option '--quiz-answer'; then
  size=1024x768
  shot quiz-1024x768 --lesson article-5x5 --step 4 --quiz --no-settings
  shot quiz-wrong-answer --lesson article-5x5 --step 4 --quiz --quiz-answer 3 --no-settings
fi

# Transposed convolution: the DCGAN lesson by stamping (overlap counts) and as its direct convolution.
if has_option '--direct'; then
  size=1024x768
  shot transpose-dcgan-stamping --lesson transpose-dcgan --step 9 --no-settings
  shot transpose-dcgan-direct --lesson transpose-dcgan --step 27 --direct --no-settings
  shot transpose-output-padding-direct --lesson transpose-strides-output-padding --step 14 --direct --no-settings
fi

# The Network view of a stack of layers, at a projector's size.
if has_option '--view'; then
  size=1024x768
  shot network-resnet-stem-1024x768 --lesson layers-resnet-stem --no-settings
  shot network-dilated-1d-1024x768 --lesson layers-dilated-1d --no-settings
  shot network-down-and-up-1024x768 --lesson layers-down-and-up --no-settings
  shot network-present-1024x768 --lesson layers-resnet-stem --no-settings --present
fi
