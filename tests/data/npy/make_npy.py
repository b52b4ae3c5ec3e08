#!/usr/bin/python3
# Writes the small .npy files that tests/core/npy_test.cpp reads: one per supported dtype and format
# version, written by NumPy itself, plus files NumPy can write but convstep must refuse.
# Run by hand from anywhere: /usr/bin/python3 tests/data/npy/make_npy.py (CI only reads the output).
import os

import numpy as np
from numpy.lib import format as npformat

HERE = os.path.dirname(os.path.abspath(__file__))
# Values every dtype can hold exactly, so the test can compare with ==.
VALUES = [[0, 1, 2], [3, 100, 127]]


def save(name, array, version=None):
    with open(os.path.join(HERE, name), "wb") as f:
        npformat.write_array(f, array, version=version, allow_pickle=True)


def main():
    for dtype in ["<f4", "<f8", "<i4", "<i8", "|u1", "|i1"]:
        save("dtype_%s.npy" % dtype[1:], np.array(VALUES, dtype=dtype))
    save("negative_i8.npy", np.array([-5, -1, 0, 7], dtype="<i8"))
    save("fractions_f8.npy", np.array([0.5, -0.25, 1e-3, 3.0e38, -1e300], dtype="<f8"))
    save("version_2.npy", np.arange(6, dtype="<f4").reshape(2, 3), version=(2, 0))
    save("version_3.npy", np.arange(6, dtype="<f4").reshape(2, 3), version=(3, 0))
    save("scalar.npy", np.array(2.5, dtype="<f4"))
    save("four_dims.npy", np.arange(24, dtype="<f4").reshape(1, 2, 3, 4))
    save("empty.npy", np.zeros((0, 3), dtype="<f4"))
    save("fortran_order.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
    save("big_endian.npy", np.arange(3, dtype=">f4"))
    save("complex.npy", np.arange(3, dtype="<c8"))
    save("unicode.npy", np.array(["abc", "de"], dtype="<U3"))
    save("object.npy", np.array([1, "x"], dtype=object))
    save("structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
    save("five_dims.npy", np.zeros((1, 1, 1, 1, 2), dtype="<f4"))


if __name__ == "__main__":
    main()
