#!/usr/bin/env python3
"""Decode one segstream Mask (the protobuf bytes of a segstream.masks record) with only the
standard library and numpy: no protobuf package, no generated code.

    kcat -b HOST:9092 -t segstream.masks -C -o beginning -c 1 -e \\
         -X isolation.level=read_committed -f '%s' | python3 decode_mask.py

prints the camera, sequence, size and pixels per class, and with --out FILE.npy saves the
class map as a height x width uint8 array. MASK_RLE data is decoded here; an indexed PNG
(MASK_PNG_INDEXED) is saved as FILE.png for any image library to read.
"""
import argparse
import sys

import numpy as np

# Field numbers of segstream.v1.Mask (proto/src/main/proto/segstream/v1/mask.proto).
CAMERA_ID, SEQUENCE, WIDTH, HEIGHT, ENCODING, DATA = 1, 2, 6, 7, 8, 9
MASK_RLE, MASK_PNG_INDEXED = 1, 2


def varint(buf, pos):
    """An unsigned LEB128 varint at buf[pos]: (value, next position)."""
    value, shift = 0, 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def fields(buf):
    """The top-level fields of a protobuf message: {number: value}, last one wins."""
    out, pos = {}, 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            out[number], pos = varint(buf, pos)
        elif wire == 2:
            length, pos = varint(buf, pos)
            out[number] = buf[pos:pos + length]
            pos += length
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        else:
            raise ValueError(f"unsupported wire type {wire} for field {number}")
    return out


def decode_rle(data, width, height):
    """The run-length class map: (class byte, LEB128 run length) pairs over row-major pixels."""
    flat = np.empty(width * height, dtype=np.uint8)
    pos = filled = 0
    while pos < len(data):
        cls = data[pos]
        run, pos = varint(data, pos + 1)
        flat[filled:filled + run] = cls
        filled += run
    if filled != width * height:
        raise ValueError(f"runs cover {filled} of {width * height} pixels")
    return flat.reshape(height, width)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", help="save the class map (.npy for RLE masks, .png for PNG masks)")
    args = parser.parse_args()
    mask = fields(sys.stdin.buffer.read())
    width, height = mask.get(WIDTH, 0), mask.get(HEIGHT, 0)
    encoding, data = mask.get(ENCODING, 0), bytes(mask.get(DATA, b""))
    print(f"camera {bytes(mask.get(CAMERA_ID, b'')).decode()} sequence {mask.get(SEQUENCE, 0)} "
          f"{width}x{height} encoding {encoding}")
    if encoding == MASK_PNG_INDEXED:
        if args.out:
            with open(args.out, "wb") as f:
                f.write(data)
        return
    classes = decode_rle(data, width, height)
    for cls, count in zip(*np.unique(classes, return_counts=True)):
        print(f"class {cls} pixels {count}")
    if args.out:
        np.save(args.out, classes)


if __name__ == "__main__":
    main()
