"""GeoTIFF mutators: classic little-endian TIFF (as gdal_translate writes it) — IFD tags (size, sample
format, compression, strips, GeoTIFF pixel scale / tie point / GeoKeys, GDAL_NODATA) and pixel values.

IFD entry: tag (u16), type (u16), count (u32), value or offset (u32). Values that do not fit in 4 bytes
live at the offset; such values are rewritten by appending the new bytes at the end of the file and
pointing the entry there.
"""
import math
import struct

from .values import ODD_DOUBLES, odd_int

TYPE_SIZE = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8}
TYPE_FMT = {3: "H", 4: "I", 8: "h", 9: "i", 11: "f", 12: "d", 16: "Q"}

WIDTH, HEIGHT, BITS, COMPRESSION, STRIP_OFFSETS, SAMPLES, ROWS_PER_STRIP, STRIP_BYTES = 256, 257, 258, 259, 273, 277, 278, 279
PLANAR, TILE_W, TILE_H, TILE_OFFSETS, TILE_BYTES, SAMPLE_FORMAT = 284, 322, 323, 324, 325, 339
PIXEL_SCALE, TIEPOINT, TRANSFORM, GEOKEYS, GEO_DOUBLES, GEO_ASCII, NODATA = 33550, 33922, 34264, 34735, 34736, 34737, 42113


def entries(b):
    """[(entry offset, tag, type, count)] of the first IFD; empty when the file is not classic LE TIFF."""
    if len(b) < 8 or b[:4] != b"II*\x00":
        return []
    ifd = struct.unpack("<I", b[4:8])[0]
    if ifd + 2 > len(b):
        return []
    n = struct.unpack("<H", b[ifd:ifd + 2])[0]
    out = []
    for k in range(n):
        e = ifd + 2 + 12 * k
        if e + 12 > len(b):
            break
        tag, typ, count = struct.unpack("<HHI", b[e:e + 8])
        out.append((e, tag, typ, count))
    return out


def values(b, entry):
    e, tag, typ, count = entry
    size = TYPE_SIZE.get(typ, 1) * count
    if size <= 4:
        raw = bytes(b[e + 8:e + 8 + size])
    else:
        off = struct.unpack("<I", b[e + 8:e + 12])[0]
        raw = bytes(b[off:off + size])
    fmt = TYPE_FMT.get(typ)
    if fmt and len(raw) == size:
        return list(struct.unpack("<" + fmt * count, raw))
    return raw


def set_values(b, entry, typ, vals):
    """Rewrite an entry's type, count and values (inline when they fit, else appended to the file)."""
    e = entry[0]
    if isinstance(vals, (bytes, bytearray)):
        raw, count = bytes(vals), len(vals)
    else:
        raw, count = struct.pack("<" + TYPE_FMT[typ] * len(vals), *vals), len(vals)
    b[e + 2:e + 8] = struct.pack("<HI", typ, count)
    if len(raw) <= 4:
        b[e + 8:e + 12] = raw + b"\x00" * (4 - len(raw))
    else:
        if len(b) % 2:
            b.append(0)
        off = len(b)
        b.extend(raw)
        b[e + 8:e + 12] = struct.pack("<I", off)


def _find(ents, tag):
    return next((x for x in ents if x[1] == tag), None)


def tag(data, rng):
    b = bytearray(data)
    ents = entries(b)
    if not ents:
        return data
    what = rng.choice(["size", "size", "bits", "format", "compression", "strips", "samples", "scale", "scale", "tiepoint",
                       "geokeys", "geokeys", "nodata", "nodata", "any", "transform"])
    if what == "size":
        ent = _find(ents, rng.choice([WIDTH, HEIGHT]))
        if ent:
            v = rng.choice([0, 1, 2, 100000, 1 << 20, 0x7FFFFFFF, 0xFFFFFFFF, 65535, 46341])
            set_values(b, ent, 4, [v])
            if rng.random() < 0.5:  # both dimensions: 100000 × 100000 and so on
                other = _find(ents, HEIGHT if ent[1] == WIDTH else WIDTH)
                if other:
                    set_values(b, other, 4, [v])
    elif what == "bits":
        ent = _find(ents, BITS)
        if ent:
            set_values(b, ent, 3, [rng.choice([0, 1, 3, 7, 12, 24, 64, 128, 65535])] * max(1, ent[3]))
    elif what == "format":
        ent = _find(ents, SAMPLE_FORMAT)
        v = rng.choice([0, 1, 2, 3, 4, 5, 6, 99])
        if ent:
            set_values(b, ent, 3, [v] * max(1, ent[3]))
    elif what == "compression":
        ent = _find(ents, COMPRESSION)
        if ent:
            set_values(b, ent, 3, [rng.choice([1, 2, 5, 7, 8, 32773, 34887, 50000, 0, 65535])])
    elif what == "strips":
        ent = _find(ents, rng.choice([STRIP_OFFSETS, STRIP_BYTES, ROWS_PER_STRIP, TILE_OFFSETS, TILE_BYTES, TILE_W, TILE_H]))
        if ent:
            vals = values(b, ent)
            if isinstance(vals, list) and vals:
                i = rng.randrange(len(vals))
                vals = [v & 0xFFFFFFFF for v in vals]
                vals[i] = odd_int(rng, vals[i])
                set_values(b, ent, 4, vals)
    elif what == "samples":
        ent = _find(ents, rng.choice([SAMPLES, PLANAR]))
        if ent:
            set_values(b, ent, 3, [rng.choice([0, 2, 3, 4, 255, 65535])])
    elif what == "scale":
        ent = _find(ents, PIXEL_SCALE)
        if ent:
            vals = values(b, ent)
            if isinstance(vals, list) and len(vals) >= 2:
                op = rng.choice(["odd", "odd", "negative", "swap", "degrees"])
                if op == "odd":
                    vals[rng.randrange(2)] = rng.choice([0.0, -30.0, math.nan, math.inf, 1e308, 1e-308, 5e-324])
                elif op == "negative":
                    vals[0] = -vals[0]
                elif op == "swap":
                    vals[0], vals[1] = vals[1], vals[0] * 3
                else:
                    vals[0], vals[1] = vals[0] / 111000, vals[1] / 111000
                set_values(b, ent, 12, vals)
    elif what == "tiepoint":
        ent = _find(ents, TIEPOINT)
        if ent:
            vals = values(b, ent)
            if isinstance(vals, list) and len(vals) >= 6:
                op = rng.choice(["odd", "odd", "swap", "degrees", "many"])
                if op == "odd":
                    vals[3 + rng.randrange(2)] = rng.choice(ODD_DOUBLES)
                elif op == "swap":
                    vals[3], vals[4] = vals[4], vals[3]
                elif op == "degrees":
                    vals[3], vals[4] = 200.0, 95.0
                else:
                    vals = vals * rng.choice([2, 3, 1000])
                set_values(b, ent, 12, vals)
    elif what == "transform":
        ent = _find(ents, PIXEL_SCALE) or _find(ents, TIEPOINT)
        if ent:
            set_values(b, ent, 12, [rng.choice(ODD_DOUBLES) for _ in range(16)])
    elif what == "geokeys":
        ent = _find(ents, GEOKEYS)
        if ent:
            vals = values(b, ent)
            if isinstance(vals, list) and len(vals) >= 4:
                keys = [(i, vals[i]) for i in range(4, len(vals) - 3, 4)]
                op = rng.choice(["epsg", "epsg", "model", "count", "value"])
                if op == "count":
                    vals[3] = rng.choice([0, 200, 65535])
                elif keys:
                    for i, key in keys:
                        if op == "epsg" and key in (2048, 3072):
                            vals[i + 3] = rng.choice([4490, 4524, 4326, 3857, 32767, 65535, 0, 1, 9999])
                        elif op == "model" and key == 1024:
                            vals[i + 3] = rng.choice([0, 1, 2, 3, 32767])
                    if op == "value":
                        i, _ = rng.choice(keys)
                        vals[i + 1] = rng.choice([0, 34735, 34736, 34737, 65535])
                        vals[i + 2] = rng.choice([1, 2, 1000, 65535])
                        vals[i + 3] = rng.choice([0, 1, 1000, 65535])
                set_values(b, ent, 3, [v & 0xFFFF for v in vals])
    elif what == "nodata":
        text = rng.choice([b"nan", b"inf", b"-inf", b"1e400", b"-1e400", b"0", b"1", b"-9999", b"garbage", b"", b"65535", b"1e308", b"-0", b"9" * 400])
        ent = _find(ents, NODATA)
        if ent:
            set_values(b, ent, 2, text + b"\x00")
    else:
        ent = rng.choice(ents)
        vals = values(b, ent)
        if isinstance(vals, list) and vals and ent[2] in (3, 4):
            vals[rng.randrange(len(vals))] = odd_int(rng) & (0xFFFF if ent[2] == 3 else 0xFFFFFFFF)
            set_values(b, ent, ent[2], vals)
        else:
            b[ent[0] + 4:ent[0] + 8] = struct.pack("<I", odd_int(rng))
    return bytes(b)


def pixels(data, rng):
    """Set cells of an uncompressed strip image to odd values (0, negative, NaN, ∞, huge, the nodata value)."""
    b = bytearray(data)
    ents = entries(b)
    comp = _find(ents, COMPRESSION)
    offs, counts, bits, fmt = _find(ents, STRIP_OFFSETS), _find(ents, STRIP_BYTES), _find(ents, BITS), _find(ents, SAMPLE_FORMAT)
    if not (offs and counts and bits) or (comp and values(b, comp) != [1]):
        return tag(data, rng)
    offsets, sizes = values(b, offs), values(b, counts)
    width = (values(b, bits) or [8])[0]
    sample = (values(b, fmt) or [1])[0] if fmt else 1
    if not (isinstance(offsets, list) and isinstance(sizes, list)):
        return data
    code = {(8, 1): "B", (16, 1): "H", (16, 2): "h", (32, 1): "I", (32, 2): "i", (32, 3): "f", (64, 3): "d"}.get((width, sample))
    if code is None:
        return data
    step = struct.calcsize(code)
    if code == "d":
        pool = [0.0, -1.0, -1e308, math.nan, math.inf, -math.inf, 1e308, 1e-300, 5e-324]
    elif code == "f":
        pool = [0.0, -1.0, -3.4e38, math.nan, math.inf, -math.inf, 3.4e38, 1e-38, 1e-45]
    else:
        top = (1 << (8 * step - (1 if code.islower() else 0))) - 1
        pool = [0, top, 1] + ([-1, -top - 1] if code.islower() else [])
    area = rng.choice(["few", "few", "row", "all"])
    # Strips inside the file only (a mutated byte count of 2**31 would otherwise be walked cell by cell).
    cells = [(o + i) for o, n in zip(offsets, sizes) if o + n <= len(b) for i in range(0, n - step + 1, step)]
    if not cells:
        return data
    if area == "few":
        chosen = rng.sample(cells, min(len(cells), rng.choice([1, 5, 50])))
    elif area == "row":
        start = rng.randrange(len(cells))
        chosen = cells[start:start + 64]
    else:
        chosen = cells
    value = rng.choice(pool)
    for c in chosen:
        b[c:c + step] = struct.pack("<" + code, value)
    return bytes(b)


MUTATORS = {"tiff_tag": tag, "tiff_pixels": pixels}
