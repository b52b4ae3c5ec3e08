#!/usr/bin/python3
"""Writes the image fixtures for tests/core/image_test.cpp: the same 4x3 picture with known pixel values
in every format convstep opens. Run by hand with Debian's python3-pil; the outputs are committed.

    /usr/bin/python3 tests/data/images/make_images.py
"""
import os

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))

# 4 columns x 3 rows; image_test.cpp holds the same table.
PIXELS = [
    [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)],
    [(0, 0, 0), (128, 128, 128), (10, 20, 30), (200, 100, 50)],
    [(255, 255, 0), (0, 255, 255), (255, 0, 255), (1, 2, 3)],
]
ALPHA = [[255, 128, 0, 255], [64, 255, 255, 255], [255, 255, 1, 200]]
GREY = [[0, 50, 100, 150], [200, 250, 255, 1], [2, 3, 4, 5]]


def rgb_image():
    img = Image.new("RGB", (4, 3))
    img.putdata([p for row in PIXELS for p in row])
    return img


def palette_image(pixels):
    """A palette image holding exactly these colours, so GIF stores them without quantizing."""
    colours = []
    for row in pixels:
        for p in row:
            if p not in colours:
                colours.append(p)
    img = Image.new("P", (4, 3))
    img.putpalette([c for p in colours for c in p] + [0] * 3 * (256 - len(colours)))
    img.putdata([colours.index(p) for row in pixels for p in row])
    return img


def out(name):
    return os.path.join(HERE, name)


def main():
    rgb = rgb_image()
    rgb.save(out("rgb_4x3.png"))
    rgb.save(out("rgb_4x3.bmp"))
    rgb.save(out("rgb_4x3.tga"), compression=None)
    rgb.save(out("rgb_4x3_rle.tga"), compression="tga_rle")
    # 4:4:4 chroma and top quality keep a 4x3 picture of saturated colours within a few levels.
    rgb.save(out("rgb_4x3.jpg"), quality=100, subsampling=0)
    palette_image(PIXELS).save(out("rgb_4x3.gif"))

    # An animation whose second frame is different: only the first may be shown.
    inverted = [[tuple(255 - c for c in p) for p in row] for row in PIXELS]
    first, second = palette_image(PIXELS).convert("RGB"), palette_image(inverted).convert("RGB")
    first.save(out("animated_4x3.gif"), save_all=True, append_images=[second], duration=100, loop=0)

    rgba = rgb.convert("RGBA")
    rgba.putalpha(Image.frombytes("L", (4, 3), bytes(a for row in ALPHA for a in row)))
    rgba.save(out("rgba_4x3.png"))

    grey = Image.frombytes("L", (4, 3), bytes(v for row in GREY for v in row))
    grey.save(out("grey_4x3.png"))

    with open(out("not_an_image.txt"), "w") as f:
        f.write("This is a text file, not an image.\n")


if __name__ == "__main__":
    main()
