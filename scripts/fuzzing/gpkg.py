"""GeoPackage seeds and mutators: SQLite header bytes, and SQL-level changes (python's sqlite3) to the
geometry blobs, gpkg_contents, gpkg_spatial_ref_sys and gpkg_geometry_columns.

A GeoPackage geometry blob is 'GP', version, flags (bit 0 byte order, bits 1-3 envelope kind, bit 4 empty),
srs_id (int32), an envelope of 0/4/6/6/8 doubles, then standard WKB.
"""
import math
import os
import sqlite3
import struct
import tempfile

from .values import ODD_DOUBLES, odd_double, odd_int
from .shapefile import WKT_4490, WKT_4524

ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}


def _connect(path):
    con = sqlite3.connect(path)
    # GDAL's R-tree triggers call these; with ST_IsEmpty true the R-tree is simply left stale (also a test).
    con.create_function("ST_IsEmpty", 1, lambda g: 1)
    for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        con.create_function(name, 1, lambda g: 0.0)
    return con


def subset(src, dst, keep):
    """Copy src to dst keeping the first keep[table] rows of each listed table and dropping other feature tables."""
    tmp = dst.with_suffix(".tmp")
    tmp.write_bytes(src.read_bytes())
    con = _connect(str(tmp))
    tables = [t for (t,) in con.execute("SELECT table_name FROM gpkg_contents")]
    for t in tables:
        if t in keep:
            con.execute(f'DELETE FROM "{t}" WHERE fid NOT IN (SELECT fid FROM "{t}" ORDER BY length(geom), fid LIMIT {int(keep[t])})')
        else:
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table') AND (name = ? OR name LIKE ?)", (t, f"rtree_{t}_%")).fetchall():
                if not name.endswith(("_rowid", "_node", "_parent")):
                    con.execute(f'DROP TABLE IF EXISTS "{name}"')
            for table in ("gpkg_contents", "gpkg_geometry_columns", "gpkg_ogr_contents", "gpkg_extensions"):
                con.execute(f"DELETE FROM {table} WHERE table_name = ?", (t,))
    con.commit()
    con.execute("VACUUM")
    con.close()
    os.replace(tmp, dst)


def compact(data):
    """The same database rewritten with 1 KiB pages (VACUUM), or None when SQLite cannot."""
    fd, path = tempfile.mkstemp(suffix=".gpkg")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            con = sqlite3.connect(path)
            con.execute("PRAGMA page_size = 1024")
            con.execute("VACUUM")
            con.close()
        except (sqlite3.Error, UnicodeDecodeError):
            return None
        with open(path, "rb") as f:
            return f.read()
    finally:
        for p in (path, path + "-journal", path + "-wal", path + "-shm"):
            if os.path.exists(p):
                os.unlink(p)


# ---- SQLite header --------------------------------------------------------------------------------

def sqlite_header(data, rng):
    b = bytearray(data)
    if len(b) < 100:
        return data
    field = rng.choice([(16, 2), (18, 1), (19, 1), (20, 1), (24, 4), (28, 4), (32, 4), (36, 4), (40, 4), (44, 4), (56, 4), (68, 4), (92, 4), (96, 4)])
    off, width = field
    v = odd_int(rng)
    b[off:off + width] = v.to_bytes(4, "big")[-width:]
    return bytes(b)


# ---- WKB ------------------------------------------------------------------------------------------

def _wkb_walk(b, off, out, depth=0):
    """Collect ('count', offset, little) and ('coord', offset, little, dims) of a WKB geometry; returns the end."""
    if depth > 20 or off + 5 > len(b):
        raise ValueError
    little = b[off] == 1
    e = "<" if little else ">"
    t = struct.unpack(e + "I", b[off + 1:off + 5])[0]
    out.append(("type", off + 1, little))
    base, dims = t % 1000, 2 + (1 if 1000 <= t % 4000 < 2000 or 3000 <= t % 4000 else 0) + (1 if t % 4000 >= 2000 else 0)
    off += 5
    if base == 1:
        out.append(("coord", off, little, dims))
        return off + 8 * dims
    n = struct.unpack(e + "I", b[off:off + 4])[0]
    out.append(("count", off, little))
    off += 4
    if n > 1_000_000 or (base == 2 and off + 8 * dims * n > len(b)):
        raise ValueError
    if base == 2:
        for k in range(n):
            out.append(("coord", off + 8 * dims * k, little, dims))
        return off + 8 * dims * n
    if base == 3:
        for _ in range(n):
            m = struct.unpack(e + "I", b[off:off + 4])[0]
            out.append(("count", off, little))
            off += 4
            if off + 8 * dims * m > len(b):  # a count the blob cannot hold (a mutated one): no walk
                raise ValueError
            for k in range(m):
                out.append(("coord", off + 8 * dims * k, little, dims))
            off += 8 * dims * m
        return off
    if base in (4, 5, 6, 7):
        for _ in range(n):
            off = _wkb_walk(b, off, out, depth + 1)
        return off
    raise ValueError


def _gp_parts(blob):
    """(header length, little) of a GeoPackage blob, or None."""
    if len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    env = ENVELOPE_DOUBLES.get((flags >> 1) & 7)
    if env is None:
        return None
    return 8 + 8 * env, bool(flags & 1)


def mutate_blob(blob, rng):
    b = bytearray(blob.encode("utf-8", "surrogatepass") if isinstance(blob, str) else blob)
    parts = _gp_parts(b)
    what = rng.choice(["header", "envelope", "coords", "coords", "coords", "swap", "counts", "type", "truncate", "replace"])
    if parts is None or what == "replace":
        return rng.choice([None, b"", b"GP", b"\x00" * 8, b"GP\x00\x01\xe6\x10\x00\x00\x01\x01\x00\x00\x00",
                           bytes(range(256)), b"POLYGON((0 0,1 0,1 1,0 0))",
                           b"GP\x00\x10" + struct.pack("<i", 4490)])  # empty-geometry flag, no WKB
    hlen, little = parts
    if what == "header":
        field = rng.choice(["version", "flags", "srs"])
        if field == "version":
            b[2] = rng.choice([1, 2, 255])
        elif field == "flags":
            b[3] = rng.choice([0x00, 0x01, 0x03, 0x05, 0x09, 0x0B, 0x11, 0x21, 0xFF, 0x0F])
        else:
            b[4:8] = struct.pack("<i" if little else ">i", rng.choice([0, -1, 4326, 4524, 3857, 99999, 2147483647]))
        return bytes(b)
    if what == "envelope" and hlen > 8:
        i = 8 + 8 * rng.randrange((hlen - 8) // 8)
        b[i:i + 8] = struct.pack("<d" if little else ">d", rng.choice(ODD_DOUBLES))
        return bytes(b)
    if what == "truncate":
        return bytes(b[:rng.choice([hlen, hlen + 5, hlen + 9, len(b) // 2, len(b) - 8])])
    items = []
    try:
        _wkb_walk(b, hlen, items)
    except (ValueError, struct.error):
        return bytes(b[:len(b) // 2])
    coords = [i for i in items if i[0] == "coord" and i[1] + 16 <= len(b)]
    counts = [i for i in items if i[0] == "count"]
    types = [i for i in items if i[0] == "type"]
    if what == "coords" and coords:
        for _ in range(rng.choice([1, 1, 3, 50])):
            _, off, lt, dims = rng.choice(coords)
            off += 8 * rng.randrange(2)
            e = "<d" if lt else ">d"
            b[off:off + 8] = struct.pack(e, odd_double(rng, struct.unpack(e, b[off:off + 8])[0]))
    elif what == "swap" and coords:
        for _, off, lt, dims in coords:
            b[off:off + 8], b[off + 8:off + 16] = b[off + 8:off + 16], b[off:off + 8]
    elif what == "counts" and counts:
        _, off, lt, = rng.choice(counts)
        e = "<I" if lt else ">I"
        b[off:off + 4] = struct.pack(e, odd_int(rng, struct.unpack(e, b[off:off + 4])[0]))
    elif types:
        _, off, lt = rng.choice(types)
        b[off:off + 4] = struct.pack("<I" if lt else ">I", rng.choice([0, 1, 2, 3, 6, 7, 15, 17, 1003, 2003, 3006, 0x80000003, 99, 0xFFFFFFFF]))
    return bytes(b)


# ---- SQL-level mutation ------------------------------------------------------------------------------

def sql(data, rng):
    """Write the GeoPackage to a temporary file, change it through SQLite, read it back."""
    fd, path = tempfile.mkstemp(suffix=".gpkg")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            con = _connect(path)
            _sql_mutation(con, rng)
            con.commit()
            con.close()
        except (sqlite3.Error, UnicodeDecodeError):
            return sqlite_header(data, rng)
        with open(path, "rb") as f:
            return f.read()
    finally:
        for p in (path, path + "-journal", path + "-wal", path + "-shm"):
            if os.path.exists(p):
                os.unlink(p)


def _sql_mutation(con, rng):
    tables = [t for (t,) in con.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")]
    srs_ids = [s for (s,) in con.execute("SELECT srs_id FROM gpkg_spatial_ref_sys")]
    what = rng.choice(["blob", "blob", "blob", "blob", "contents", "srs", "srs", "geomcols", "attribute", "drop", "pragma"])
    if what == "blob" and tables:
        t = rng.choice(tables)
        col = (con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (t,)).fetchone() or ["geom"])[0]
        rows = con.execute(f'SELECT fid, "{col}" FROM "{t}" ORDER BY fid').fetchall()
        if rows:
            for fid, blob in rng.sample(rows, min(len(rows), rng.choice([1, 1, 2, len(rows)]))):
                con.execute(f'UPDATE "{t}" SET "{col}" = ? WHERE fid = ?', (mutate_blob(blob if isinstance(blob, (bytes, str)) else b"", rng), fid))
    elif what == "contents" and tables:
        t = rng.choice(tables)
        col, val = rng.choice([("table_name", "missing_table"), ("data_type", "tiles"), ("data_type", "garbage"), ("data_type", "attributes"),
                               ("min_x", math.inf), ("min_y", 1e308), ("max_x", -1e308), ("srs_id", 99999), ("srs_id", -1), ("srs_id", 0),
                               ("identifier", None), ("last_change", "not a date")])
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute(f"UPDATE gpkg_contents SET {col} = ? WHERE table_name = ?", (val, t))
    elif what == "srs" and srs_ids:
        s = rng.choice(srs_ids)
        col, val = rng.choice([
            ("definition", "garbage"), ("definition", ""), ("definition", "undefined"), ("definition", WKT_4524), ("definition", WKT_4490),
            ("definition", WKT_4490.replace("6378137", "nan")), ("definition", 'GEOGCS["x",DATUM["y",SPHEROID["z",0,0]],PRIMEM["G",0],UNIT["degree",0]]'),
            ("organization_coordsys_id", 4524), ("organization_coordsys_id", 0), ("organization_coordsys_id", -1),
            ("organization", "NONE"), ("organization", "ESRI"), ("srs_id", 123456), ("definition", "PROJCS[" * 3000),
        ])
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute(f"UPDATE gpkg_spatial_ref_sys SET {col} = ? WHERE srs_id = ?", (val, s))
        if rng.random() < 0.2:
            con.execute("DELETE FROM gpkg_spatial_ref_sys WHERE srs_id = ?", (s,))
    elif what == "geomcols" and tables:
        t = rng.choice(tables)
        col, val = rng.choice([("geometry_type_name", "POINT"), ("geometry_type_name", "GEOMETRYCOLLECTION"), ("geometry_type_name", "garbage"),
                               ("geometry_type_name", "CURVEPOLYGON"), ("z", 2), ("m", 1), ("z", 99), ("srs_id", 4326),
                               ("srs_id", 99999), ("column_name", "missing")])
        con.execute(f"UPDATE gpkg_geometry_columns SET {col} = ? WHERE table_name = ?", (val, t))
    elif what == "attribute" and tables:
        t = rng.choice(tables)
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")') if r[1] not in ("fid", "geom", "geometry")]
        if cols:
            c = rng.choice(cols)
            val = rng.choice([b"\xff\xfe\xfd", "强烈" * 10000, "", None, math.inf, -1e308, "nan", "'; DROP TABLE x; --", 2 ** 63 - 1, "\x00nul"])
            con.execute(f'UPDATE "{t}" SET "{c}" = ?', (val,))
    elif what == "drop" and tables:
        t = rng.choice(tables)
        stmt = rng.choice([f'DROP TABLE "{t}"', f'DROP TABLE IF EXISTS "rtree_{t}_geom"', "DROP TABLE gpkg_geometry_columns",
                           "DROP TABLE gpkg_spatial_ref_sys", "DELETE FROM gpkg_contents", f'DELETE FROM "{t}"', "DROP TABLE gpkg_ogr_contents",
                           f"UPDATE gpkg_ogr_contents SET feature_count = {rng.choice([-1, 0, 2 ** 62, 2 ** 31])}"])
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute(stmt)
    else:
        con.execute(rng.choice(["PRAGMA application_id = 0", "PRAGMA application_id = 1196444487", "PRAGMA user_version = 0",
                                "PRAGMA user_version = 99999999", "PRAGMA journal_mode = WAL"]))


MUTATORS = {"gpkg_sql": sql, "gpkg_header": sqlite_header}
