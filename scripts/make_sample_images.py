#!/usr/bin/python3
"""Writes the sample images in assets/images/ (see ATTRIBUTION.md there): three CC0 photos from
Debian's python3-skimage, and images convstep makes itself: hand-drawn 8x8 digits, a checkerboard,
circles, a step edge and a word in a home-made pixel font. Run by hand; the outputs are committed.

    sudo apt-get install python3-skimage python3-pil python3-numpy
    /usr/bin/python3 scripts/make_sample_images.py
"""
import os
import shutil

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "assets", "images")
SKIMAGE_DATA = "/usr/lib/python3/dist-packages/skimage/data"
MAX_SIDE = 512


def save(img, name):
    img.save(os.path.join(OUT, name), optimize=True)


def skimage_photos():
    """camera and chelsea unchanged (both within 512 px); the horse, a silhouette with transparent
    background, flattened onto white so every pixel has a value worth filtering."""
    for name in ("camera.png", "chelsea.png"):
        img = Image.open(os.path.join(SKIMAGE_DATA, name))
        assert max(img.size) <= MAX_SIDE, name
        shutil.copyfile(os.path.join(SKIMAGE_DATA, name), os.path.join(OUT, name))
    horse = Image.open(os.path.join(SKIMAGE_DATA, "horse.png")).convert("RGBA")
    white = Image.new("RGBA", horse.size, (255, 255, 255, 255))
    save(Image.alpha_composite(white, horse).convert("L"), "horse.png")


# 8x8 digits drawn by hand in the style of the UCI handwritten digits: ink 0-16, here as
# ' ' 0, '.' 4, ':' 8, '+' 12, '#' 16, scaled to 0-255 when saved.
DIGITS = {
    0: ["  .##:  ",
        " :#++#. ",
        " #:  +# ",
        ".#    #.",
        ".#    #:",
        " #.  .#.",
        " :#++#: ",
        "  :##.  "],
    1: ["   .#.  ",
        "  :##.  ",
        " .+##.  ",
        "   ##.  ",
        "   ##   ",
        "   +#   ",
        "   +#.  ",
        "  :###: "],
    3: [" .###+. ",
        " :. .#+ ",
        "     #: ",
        "  .+#:  ",
        "   .:#+ ",
        "     .# ",
        " :. .+# ",
        " .+##+. "],
    7: [" +#####:",
        "     .#:",
        "     +# ",
        "    .#: ",
        "  :+##+.",
        "   +#.  ",
        "  .#:   ",
        "  :#.   "],
}
INK = {" ": 0, ".": 4, ":": 8, "+": 12, "#": 16}


def digits():
    for digit, rows in DIGITS.items():
        assert len(rows) == 8 and all(len(r) == 8 for r in rows), digit
        ink = np.array([[INK[ch] for ch in row] for row in rows], dtype=np.float64)
        save(Image.fromarray(np.round(ink * 255 / 16).astype(np.uint8), "L"), f"digit_{digit}_8x8.png")


def checkerboard():
    y, x = np.mgrid[0:64, 0:64]
    board = ((y // 8 + x // 8) % 2) * 255
    save(Image.fromarray(board.astype(np.uint8), "L"), "checkerboard_64.png")


def circles():
    """Filled circles of three sizes and colours on grey, anti-aliased by 4x4 supersampling."""
    size, ss = 128, 4
    y, x = (np.mgrid[0 : size * ss, 0 : size * ss] + 0.5) / ss
    img = np.full((size * ss, size * ss, 3), 96.0)
    for (cy, cx, r, colour) in [(40, 44, 28, (230, 60, 40)), (84, 86, 34, (40, 120, 230)), (96, 30, 18, (250, 220, 60))]:
        inside = (y - cy) ** 2 + (x - cx) ** 2 <= r * r
        img[inside] = colour
    img = img.reshape(size, ss, size, ss, 3).mean(axis=(1, 3))
    save(Image.fromarray(np.round(img).astype(np.uint8), "RGB"), "circles_128.png")


def step_edge():
    """A vertical edge (dark left, bright right) and, below it, a horizontal one: edge detectors
    answer with a positive line on one side and a negative line on the other."""
    img = np.full((64, 64), 40, dtype=np.uint8)
    img[:32, 32:] = 210
    img[32:48, :] = 40
    img[48:, :] = 210
    save(Image.fromarray(img, "L"), "step_edge_64.png")


# A 5x7 pixel font for the letters needed, drawn for this project.
GLYPHS = {
    "C": [" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "],
    "O": [" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
    "N": ["#   #", "##  #", "# # #", "#  ##", "#   #", "#   #", "#   #"],
    "V": ["#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  "],
    "S": [" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "],
    "T": ["#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "],
    "E": ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"],
    "P": ["#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "],
}


def text():
    word, scale, margin = "CONVSTEP", 4, 8
    cell = 6  # 5 columns of glyph and 1 of space
    width = margin * 2 + (len(word) * cell - 1) * scale
    height = margin * 2 + 7 * scale
    img = np.full((height, width), 255, dtype=np.uint8)
    for i, letter in enumerate(word):
        for row, line in enumerate(GLYPHS[letter]):
            for col, ch in enumerate(line):
                if ch == "#":
                    y0 = margin + row * scale
                    x0 = margin + (i * cell + col) * scale
                    img[y0 : y0 + scale, x0 : x0 + scale] = 0
    save(Image.fromarray(img, "L"), "text_convstep.png")


def main():
    os.makedirs(OUT, exist_ok=True)
    skimage_photos()
    digits()
    checkerboard()
    circles()
    step_edge()
    text()


if __name__ == "__main__":
    main()
