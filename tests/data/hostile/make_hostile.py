#!/usr/bin/python3
"""Writes the hostile reproducers the app and CLI tests open (tests/app/hostile_open_test.cpp and
tests/app/cli/hostile_write_test.cpp): files that once crashed convstep or made it misbehave, each small.
Run by hand with the standard library only; the outputs are committed.

    /usr/bin/python3 tests/data/hostile/make_hostile.py
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
LESSON = os.path.join(HERE, "..", "..", "..", "assets", "lessons", "article-5x5.json")


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def jpeg(scan_tables=0x00, bad_table=b""):
    """One 8x8 grey block, baseline, as tests/core/image_decode_test.cpp builds it."""
    j = b"\xff\xd8" + b"\xff\xdb\x00\x43\x00" + b"\x01" * 64
    j += b"\xff\xc0\x00\x0b\x08\x00\x08\x00\x08\x01\x01\x11\x00"
    if bad_table:
        j += b"\xff\xc4" + struct.pack(">H", len(bad_table) + 2) + bad_table
    for table_class in (0x00, 0x10):
        j += b"\xff\xc4\x00\x14" + bytes([table_class, 1]) + b"\x00" * 15 + b"\x00"
    j += b"\xff\xda\x00\x08\x01\x01" + bytes([scan_tables]) + b"\x00\x3f\x00"
    return j + b"\x3f" + b"\xff\xd9"


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_2x2():
    raw = b"\x00\xff\x00\x00\x00\xff\x00" + b"\x00\x00\x00\xff\x0a\x14\x1e"
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) +
            png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b""))


# A DHT segment declaring 16 x 20 = 320 codes: stb_image wrote past size[257] before refusing it.
write("many_codes.jpg", jpeg(bad_table=b"\x00" + bytes([20] * 16) + b"\x00" * 20))
# A scan using DC and AC table 2, never defined: stb_image read uninitialised memory, and crashed on
# the second such file in one process.
write("undefined_table.jpg", jpeg(scan_tables=0x22))

# A 2x2 RGB PNG whose IHDR CRC is wrong (its last byte flipped).
png = bytearray(png_2x2())
png[8 + 8 + 13 + 3] ^= 0xFF
write("bad_crc.png", bytes(png))

with open(LESSON, "rb") as f:
    lesson = f.read()
# A number past double's range: nlohmann-json threw out_of_range, which ended the app.
write("huge_number.json", lesson.replace(b"[[[1, 1, 1, 0, 0]", b"[[[1e400, 1, 1, 0, 0]", 1))
# 10000 nested lists: past the reader's depth limit long before memory matters.
write("deep.json", b'{"name": "deep", "op": "conv2d", "input": ' + b"[" * 10000 + b"]" * 10000 + b"}\n")
# The default lesson cut off in the middle of its input.
write("truncated.json", lesson[: lesson.index(b"[0, 0, 1, 1, 1]")])
