"""Shapefile (.shp/.shx/.dbf/.prj/.cpg) subsets for seeds and format-aware mutators.

.shp/.shx: 100-byte header (file code 9994 and length in 16-bit words big-endian, version 1000 and shape
type little-endian, bounding box as 8 little-endian doubles), then records: number and content length
(big-endian words), content (shape type, bbox, counts, part indices, points). .dbf: dBASE III header
(record count, header length, record length), 32-byte field descriptors ended by 0x0D, fixed-width records.
"""
import math
import struct

from .values import ODD_DOUBLES, odd_double, odd_int

BBOX_TYPES = {3, 5, 8, 13, 15, 18, 23, 25, 28, 31}
SHAPE_TYPES = [0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28, 31, 2, 4, 99, 0x7FFFFFFF, 0xFFFFFFFF]


def records(shp):
    """(offset of the record header, content length in bytes) for every record that fits."""
    out, off = [], 100
    while off + 8 <= len(shp):
        _, words = struct.unpack(">ii", shp[off:off + 8])
        n = words * 2
        if n < 0 or off + 8 + n > len(shp):
            break
        out.append((off, n))
        off += 8 + n
    return out


def subset(src, n):
    """The first n records of a shapefile as {extension: bytes}; the header's extent recomputed."""
    shp = src.with_suffix(".shp").read_bytes()
    shx = src.with_suffix(".shx").read_bytes()
    dbf = src.with_suffix(".dbf").read_bytes()
    count = (len(shx) - 100) // 8
    k = min(n, count)
    body, index, off = [], [], 50
    for i in range(k):
        o, words = struct.unpack(">ii", shx[100 + 8 * i:108 + 8 * i])
        rec = shp[o * 2:o * 2 + 8 + words * 2]
        body.append(rec)
        index.append(struct.pack(">ii", off, words))
        off += 4 + words
    xs, ys = [], []
    for rec in body:
        t = struct.unpack("<i", rec[8:12])[0]
        if t in BBOX_TYPES:
            x0, y0, x1, y1 = struct.unpack("<4d", rec[12:44])
            xs += [x0, x1]
            ys += [y0, y1]
        elif t in (1, 11, 21):
            x, y = struct.unpack("<2d", rec[12:28])
            xs.append(x)
            ys.append(y)
    header = bytearray(shp[:100])
    if xs:
        header[36:68] = struct.pack("<4d", min(xs), min(ys), max(xs), max(ys))
    shp_out = bytearray(header) + b"".join(body)
    shp_out[24:28] = struct.pack(">i", len(shp_out) // 2)
    shx_out = bytearray(header) + b"".join(index)
    shx_out[24:28] = struct.pack(">i", len(shx_out) // 2)
    hlen, rlen = struct.unpack("<HH", dbf[8:12])
    dbf_head = bytearray(dbf[:hlen])
    dbf_head[4:8] = struct.pack("<I", k)
    dbf_head[1:4] = bytes([125, 1, 1])  # a fixed "last update" date: seeds must not depend on today
    out = {".shp": bytes(shp_out), ".shx": bytes(shx_out), ".dbf": bytes(dbf_head) + dbf[hlen:hlen + k * rlen] + b"\x1a"}
    for ext in (".prj", ".cpg", ".CPG"):
        p = src.with_suffix(ext)
        if p.exists():
            out[ext] = p.read_bytes()
    return out


# ---- .shp / .shx ------------------------------------------------------------------------------

def shp_header(data, rng):
    b = bytearray(data)
    if len(b) < 100:
        return data
    field = rng.choice(["code", "length", "version", "type", "bbox", "bbox", "zm"])
    if field == "code":
        b[0:4] = struct.pack(">I", odd_int(rng, 9994))
    elif field == "length":
        b[24:28] = struct.pack(">I", odd_int(rng, struct.unpack(">I", b[24:28])[0]))
    elif field == "version":
        b[28:32] = struct.pack("<I", odd_int(rng, 1000))
    elif field == "type":
        b[32:36] = struct.pack("<I", rng.choice(SHAPE_TYPES))
    elif field == "bbox":
        i = 36 + 8 * rng.randrange(4)
        b[i:i + 8] = struct.pack("<d", odd_double(rng, struct.unpack("<d", b[i:i + 8])[0]))
    else:
        i = 68 + 8 * rng.randrange(4)
        b[i:i + 8] = struct.pack("<d", rng.choice(ODD_DOUBLES))
    return bytes(b)


def _poly_layout(b, off, n):
    """(shape type, numParts offset, numPoints offset, parts offset, points offset, nparts, npoints) or None."""
    c = off + 8
    if n < 44:
        return None
    t = struct.unpack("<i", b[c:c + 4])[0]
    if t in (3, 5, 13, 15, 23, 25, 31):
        if n < 52:
            return None
        nparts, npoints = struct.unpack("<ii", b[c + 36:c + 44])
        return t, c + 36, c + 40, c + 44, c + 44 + 4 * max(0, nparts), nparts, npoints
    if t in (8, 18, 28):
        npoints = struct.unpack("<i", b[c + 36:c + 40])[0]
        return t, None, c + 36, None, c + 40, 0, npoints
    if t in (1, 11, 21):
        return t, None, None, None, c + 4, 0, 1
    return t, None, None, None, None, 0, 0


def shp_record(data, rng):
    """Mutate one record: its header, shape type, counts, part indices, bbox or coordinates."""
    b = bytearray(data)
    recs = records(b)
    if not recs:
        return data
    off, n = rng.choice(recs)
    lay = _poly_layout(b, off, n)
    choices = ["rec_number", "rec_length", "shape_type"]
    if lay and lay[2] is not None:
        choices += ["counts", "counts", "coords", "coords", "coords", "swap_axes", "scale", "nan_all"]
    if lay and lay[3] is not None:
        choices += ["parts", "bbox"]
    what = rng.choice(choices)
    if what == "rec_number":
        b[off:off + 4] = struct.pack(">I", odd_int(rng))
    elif what == "rec_length":
        b[off + 4:off + 8] = struct.pack(">I", odd_int(rng, n // 2))
    elif what == "shape_type":
        b[off + 8:off + 12] = struct.pack("<I", rng.choice(SHAPE_TYPES))
    elif what == "counts":
        i = rng.choice([x for x in (lay[1], lay[2]) if x is not None])
        b[i:i + 4] = struct.pack("<I", odd_int(rng, struct.unpack("<I", b[i:i + 4])[0]))
    elif what == "parts":
        nparts = lay[5]
        if 0 < nparts < 10000:
            i = lay[3] + 4 * rng.randrange(nparts)
            if i + 4 <= len(b):
                b[i:i + 4] = struct.pack("<I", odd_int(rng, struct.unpack("<I", b[i:i + 4])[0]))
    elif what == "bbox":
        i = off + 12 + 8 * rng.randrange(4)
        b[i:i + 8] = struct.pack("<d", rng.choice(ODD_DOUBLES))
    else:
        pts = lay[4]
        npoints = max(0, min(lay[6], (off + 8 + n - pts) // 16))
        if npoints == 0:
            return bytes(b)
        if what == "coords":
            for _ in range(rng.choice([1, 1, 2, 5])):
                i = pts + 16 * rng.randrange(npoints) + 8 * rng.randrange(2)
                b[i:i + 8] = struct.pack("<d", odd_double(rng, struct.unpack("<d", b[i:i + 8])[0]))
        elif what == "swap_axes":
            for k in range(npoints):
                i = pts + 16 * k
                x, y = struct.unpack("<2d", b[i:i + 16])
                b[i:i + 16] = struct.pack("<2d", y, x)
        elif what == "scale":
            f = rng.choice([1e5, 1e-5, -1.0, 1e300])
            for k in range(npoints):
                i = pts + 16 * k
                x, y = struct.unpack("<2d", b[i:i + 16])
                b[i:i + 16] = struct.pack("<2d", x * f, y * f)
        else:  # nan_all: every vertex of the record
            v = rng.choice([math.nan, math.inf])
            for k in range(npoints):
                i = pts + 16 * k
                b[i:i + 16] = struct.pack("<2d", v, v)
    return bytes(b)


def shx_index(data, rng):
    b = bytearray(data)
    count = (len(b) - 100) // 8
    if count <= 0:
        return shp_header(data, rng)
    i = 100 + 8 * rng.randrange(count) + rng.choice([0, 4])
    b[i:i + 4] = struct.pack(">I", odd_int(rng, struct.unpack(">I", b[i:i + 4])[0]))
    return bytes(b)


# ---- .dbf ---------------------------------------------------------------------------------------

FIELD_TYPES = b"CNFDLM@I+OBGY0X\x00"


def dbf_fields(b):
    hlen = struct.unpack("<H", b[8:10])[0]
    out, i = [], 32
    while i + 32 <= min(hlen, len(b)) and b[i] != 0x0D:
        out.append(i)
        i += 32
    return out


def dbf(data, rng):
    b = bytearray(data)
    if len(b) < 32:
        return data
    fields = dbf_fields(b)
    what = rng.choice(["count", "count", "hlen", "rlen", "version", "language", "field", "field", "value", "value",
                       "deleted", "terminator"])
    if what == "count":
        b[4:8] = struct.pack("<I", odd_int(rng, struct.unpack("<I", b[4:8])[0]))
    elif what == "hlen":
        b[8:10] = struct.pack("<H", odd_int(rng, struct.unpack("<H", b[8:10])[0]) & 0xFFFF)
    elif what == "rlen":
        b[10:12] = struct.pack("<H", odd_int(rng, struct.unpack("<H", b[10:12])[0]) & 0xFFFF)
    elif what == "version":
        b[0] = rng.choice([0x02, 0x03, 0x30, 0x31, 0x83, 0x8B, 0xF5, 0x00, 0xFF])
    elif what == "language":
        b[29] = rng.choice([0x00, 0x4D, 0x57, 0x7A, 0x03, 0xFF, 0x13])
    elif what == "field" and fields:
        f = rng.choice(fields)
        part = rng.choice(["name", "type", "length", "decimals"])
        if part == "name":
            b[f:f + 11] = rng.choice([b"\x00" * 11, b"X" * 11, "名称".encode("gbk") + b"\x00" * 7, b"\xff" * 11, b"NAME\x00\x00\x00\x00\x00\x00\x00"])
        elif part == "type":
            b[f + 11] = rng.choice(FIELD_TYPES)
        elif part == "length":
            b[f + 16] = rng.choice([0, 1, 2, 19, 20, 254, 255])
        else:
            b[f + 17] = rng.choice([0, 1, 15, 16, 18, 255])
    elif what in ("value", "deleted"):
        hlen, rlen = struct.unpack("<HH", b[8:12])
        n = struct.unpack("<I", b[4:8])[0]
        avail = (len(b) - hlen) // rlen if rlen else 0
        n = min(n, avail)
        if n <= 0 or rlen == 0:
            return bytes(b)
        r = hlen + rlen * rng.randrange(n)
        if what == "deleted":
            b[r] = rng.choice([0x2A, 0x00, 0xFF])
        elif fields:
            start = r + 1
            for f in fields:
                flen = b[f + 16]
                if f == rng.choice(fields) or rng.random() < 0.2:
                    text = rng.choice([b"nan", b"inf", b"-inf", b"1e400", b"9" * 40, b"\xff\xfe\xfd", b"\x00",
                                       "强烈".encode("gbk"), "强烈".encode("utf-8"), b"*" * 50, b"-", b"1.2.3"])
                    b[start:start + flen] = (text + b" " * flen)[:flen]
                start += flen
    elif what == "terminator":
        hlen = struct.unpack("<H", b[8:10])[0]
        if 0 < hlen <= len(b):
            b[hlen - 1] = rng.choice([0x00, 0x20, 0xFF])
    return bytes(b)


# ---- .prj / .cpg --------------------------------------------------------------------------------

WKT_4490 = ('GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],'
            'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]')
WKT_4524 = ('PROJCS["CGCS2000_3_Degree_GK_Zone_36",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",'
            'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
            'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",36500000.0],PARAMETER["False_Northing",0.0],'
            'PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')
WKT_MERC = ('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",'
            '6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],'
            'PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],'
            'PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]')


def prj(data, rng):
    return rng.choice([
        WKT_4490.encode(), WKT_4524.encode(), WKT_MERC.encode(), b"", b"garbage", b"EPSG:4490", b"PROJCS[",
        data[: len(data) // 2], data.replace(b"6378137", b"0"), data.replace(b"298.257222101", b"-1"),
        data.replace(b"0.0174532925199433", b"nan"), data.replace(b"Degree", b"Meter"), b"GEOGCS[" * 5000,
        WKT_4490.replace("degree", "grad").encode(),
    ])


def cpg(data, rng):
    return rng.choice([b"UTF-8", b"GBK", b"936", b"CP936", b"UTF-16", b"garbage", b"", b"\xff\xfe", b"65001", b"GB18030", b"LATIN1"])


MUTATORS = {
    "shp_header": shp_header,
    "shp_record": shp_record,
    "shx_header": shp_header,
    "shx_index": shx_index,
    "dbf": dbf,
    "prj": prj,
    "cpg": cpg,
}
