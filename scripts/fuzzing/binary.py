"""Byte-level mutators for any file: flips, interesting bytes/integers/doubles, truncation, splices."""
import struct

from .values import ODD_DOUBLES, odd_int


def _pos(rng, data, width=1):
    return rng.randrange(0, max(1, len(data) - width + 1))


def flip_bits(data, rng):
    b = bytearray(data)
    if not b:
        return bytes([rng.randrange(256)])
    for _ in range(rng.choice([1, 1, 2, 4, 8, 32])):
        i = _pos(rng, b)
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def set_bytes(data, rng):
    b = bytearray(data)
    if not b:
        return b"\x00"
    for _ in range(rng.choice([1, 2, 4, 16])):
        b[_pos(rng, b)] = rng.choice([0x00, 0xFF, 0x7F, 0x80, 0x01, 0x20, 0x0A, 0x22, 0x5C, rng.randrange(256)])
    return bytes(b)


def set_int32(data, rng):
    if len(data) < 4:
        return data
    b = bytearray(data)
    i = _pos(rng, b, 4)
    fmt = rng.choice(["<I", ">I"])
    b[i:i + 4] = struct.pack(fmt, odd_int(rng, struct.unpack(fmt, b[i:i + 4])[0]))
    return bytes(b)


def set_double(data, rng):
    if len(data) < 8:
        return data
    b = bytearray(data)
    # Aligned to 8 more often than not: doubles in these formats mostly are (after their headers).
    i = _pos(rng, b, 8)
    if rng.random() < 0.6:
        i -= i % 4
    b[i:i + 8] = struct.pack(rng.choice(["<d", ">d"]), rng.choice(ODD_DOUBLES))
    return bytes(b)


def truncate(data, rng):
    if not data:
        return data
    return data[:rng.choice([0, 1, rng.randrange(len(data)), len(data) // 2, max(0, len(data) - 1), 100, 8])]


def splice(data, rng):
    """Delete, duplicate or insert a chunk."""
    if not data:
        return bytes(rng.randrange(256) for _ in range(16))
    i = _pos(rng, data)
    n = rng.choice([1, 4, 8, 64, 512])
    op = rng.randrange(3)
    if op == 0:
        return data[:i] + data[i + n:]
    if op == 1:
        return data[:i] + data[i:i + n] * rng.choice([2, 10, 100]) + data[i:]
    return data[:i] + bytes(rng.randrange(256) for _ in range(n)) + data[i:]


MUTATORS = {
    "flip_bits": flip_bits,
    "set_bytes": set_bytes,
    "set_int32": set_int32,
    "set_double": set_double,
    "truncate": truncate,
    "splice": splice,
}
