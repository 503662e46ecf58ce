#!/usr/bin/env python3
"""Decode a PNG with nothing but zlib and struct, and compare it with raw RGB bytes.

Usage: check_png.py FILE.png FILE.rgb WIDTH HEIGHT. Checks the signature, every
chunk's CRC-32, IHDR (8-bit RGB, no interlace), undoes the row filters (all five
types) and compares the pixels. If PIL is installed, it must read the same pixels.
Exit 0 when the image matches.
"""
import struct
import sys
import zlib


def decode(data: bytes):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("bad signature")
    pos, idat, ihdr, ended = 8, b"", None, False
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise ValueError(f"bad CRC in chunk {kind!r}")
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            ended = True
        pos += 12 + n
    if not ended or ihdr is None:
        raise ValueError("missing IHDR or IEND")
    w, h, depth, ctype, _, _, interlace = ihdr
    if (depth, ctype, interlace) != (8, 2, 0):
        raise ValueError(f"unsupported IHDR {ihdr}")
    raw = zlib.decompress(idat)
    stride, bpp = w * 3, 3
    out, prev = bytearray(), bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        out += line
        prev = line
    return w, h, bytes(out)


def main() -> int:
    png, raw, w, h = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    data = open(png, "rb").read()
    want = open(raw, "rb").read()
    gw, gh, pixels = decode(data)
    if (gw, gh) != (w, h) or pixels != want:
        print(f"check_png: {png}: {gw}x{gh}, pixels {'match' if pixels == want else 'differ'}")
        return 1
    try:
        from PIL import Image  # optional: an ordinary decoder
        img = Image.open(png).convert("RGB")
        if img.size != (w, h) or img.tobytes() != want:
            print(f"check_png: {png}: PIL reads different pixels")
            return 1
        print(f"check_png: {png}: {w}x{h} OK (zlib/struct decoder and PIL)")
    except ImportError:
        print(f"check_png: {png}: {w}x{h} OK (zlib/struct decoder; PIL not installed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
