"""Interesting values shared by the mutators: odd doubles, integers and text."""
import math
import struct

# Doubles a coordinate, a bounding box or a geotransform should never silently accept.
ODD_DOUBLES = [
    math.nan, math.inf, -math.inf, 1e308, -1e308, 1.7976931348623157e308, 5e-324, -0.0, 0.0,
    1e16, -1e16, 95.0, -91.0, 400.0, -400.0, 181.0, 1e7, 36500000.0, 3e9,
]

# 32-bit integers for counts, lengths, offsets and sizes.
ODD_INTS = [0, 1, 2, 3, 4, 7, 8, 255, 256, 65535, 65536, 100000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
            0xFFFFFFFE, 0x10000000, 0x40000000, -1 & 0xFFFFFFFF, -2 & 0xFFFFFFFF]


def odd_int(rng, current=None):
    """An interesting unsigned 32-bit value, or the current one nudged."""
    if current is not None and rng.random() < 0.3:
        return (current + rng.choice([-1, 1, -2, 2, 16, -16, 1 << 20])) & 0xFFFFFFFF
    return rng.choice(ODD_INTS)


def odd_double(rng, current=None):
    if current is not None and math.isfinite(current) and rng.random() < 0.25:
        return rng.choice([current * 1e5, current / 1e5, -current, current + 360.0, current * (1 + 1e-15)])
    return rng.choice(ODD_DOUBLES)


def pack_double(value, little=True):
    return struct.pack("<d" if little else ">d", value)


# Numbers written as text (YAML, plan text, GDAL_NODATA …).
ODD_NUMBER_TEXT = [
    "nan", "NaN", ".nan", "inf", "-inf", ".inf", "-.inf", "Infinity", "1e400", "-1e400", "1e308", "1e-400",
    "9" * 400, "0." + "0" * 400 + "1", "-0", "0", "-1", "0x7fffffffffffffff", "0o17", "1_000", "1,823",
    "１８２３", "١٢٣", "一千八百二十三", "1e", "--1", "1.2.3", "", " ", "+1", "2147483648", "-2147483649",
    "18446744073709551616",
]
