"""GeoJSON mutators: structural (parsed with json, changed, written back, raw text spliced in where JSON
cannot say it: NaN, Infinity, 400-digit numbers, 10,000-deep nesting) and textual."""
import json
import math
import re

from .values import odd_double

_RAW = "\u0000RAW{}\u0000"


class Doc:
    """A parsed document plus raw-text placeholders, dumped back to bytes."""

    def __init__(self, data):
        self.tree = json.loads(data.decode("utf-8-sig"))
        self.raw = []

    def placeholder(self, text):
        self.raw.append(text)
        return _RAW.format(len(self.raw) - 1)

    def dump(self):
        s = json.dumps(self.tree, ensure_ascii=False, allow_nan=True)
        for i, text in enumerate(self.raw):
            s = s.replace(json.dumps(_RAW.format(i)), text)
        return s.encode("utf-8", "surrogatepass")


def _features(tree):
    if isinstance(tree, dict) and isinstance(tree.get("features"), list):
        return [f for f in tree["features"] if isinstance(f, dict)]
    if isinstance(tree, dict) and tree.get("type") == "Feature":
        return [tree]
    return []


def _geometries(tree):
    out = []
    for f in _features(tree):
        g = f.get("geometry")
        if isinstance(g, dict):
            out.append(g)
    if isinstance(tree, dict) and "coordinates" in tree:
        out.append(tree)
    return out


def _positions(node, out):
    """Every [x, y, …] list of numbers inside a coordinates tree."""
    if isinstance(node, list):
        if node and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in node):
            out.append(node)
        else:
            for child in node:
                _positions(child, out)
    return out


def _rings(node, out):
    """Every list of positions (a ring or a line string)."""
    if isinstance(node, list) and node:
        if all(isinstance(p, list) and p and all(isinstance(v, (int, float)) for v in p) for p in node):
            out.append(node)
        else:
            for child in node:
                _rings(child, out)
    return out


def _all_positions(tree):
    out = []
    for g in _geometries(tree):
        _positions(g.get("coordinates"), out)
    return out


def _circle(cx, cy, r, n):
    pts = [[round(cx + r * math.cos(2 * math.pi * k / n), 9), round(cy + r * math.sin(2 * math.pi * k / n), 9)] for k in range(n)]
    return pts + [pts[0]]


def mutate(data, rng):
    """One structural mutation; falls back to a textual one when the input no longer parses."""
    try:
        doc = Doc(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return text(data, rng)
    tree = doc.tree
    positions = _all_positions(tree)
    feats = _features(tree)
    geoms = _geometries(tree)
    what = rng.choice(["coord", "coord", "coord", "swap", "shift", "ring", "type", "null", "deep", "huge",
                       "props", "crs", "bbox", "features", "dims", "collection"])
    if what == "coord" and positions:
        for _ in range(rng.choice([1, 1, 3])):
            p = rng.choice(positions)
            i = rng.randrange(len(p))
            v = rng.choice(["double", "double", "raw", "other"])
            if v == "double":
                p[i] = odd_double(rng, p[i])
            elif v == "raw":
                p[i] = doc.placeholder(rng.choice(["NaN", "-NaN", "Infinity", "-Infinity", "1" * 400, "1e400", "-1e400",
                                                   "0." + "0" * 400 + "1", "1E+308", "4.9e-324"]))
            else:
                p[i] = rng.choice(["106.5", None, True, [], {}, "NaN", 1 << 70])
    elif what == "swap" and positions:
        targets = positions if rng.random() < 0.7 else _positions(rng.choice(geoms).get("coordinates"), []) if geoms else positions
        for p in targets:
            if len(p) >= 2:
                p[0], p[1] = p[1], p[0]
    elif what == "shift" and positions:
        op = rng.choice(["+360", "*1e5", "/1e5", "neg", "lat+90", "gk"])
        for p in positions:
            if len(p) < 2:
                continue
            if op == "+360":
                p[0] += 360
            elif op == "*1e5":
                p[0] *= 1e5
                p[1] *= 1e5
            elif op == "/1e5":
                p[0] /= 1e5
                p[1] /= 1e5
            elif op == "neg":
                p[0], p[1] = -p[0], -p[1]
            elif op == "lat+90":
                p[1] += 90
            else:  # plausible Gauss–Krüger metres in a file that says degrees
                p[0], p[1] = 36500000 + (p[0] - 108) * 96000, p[1] * 110900
    elif what == "ring" and geoms:
        rings = []
        for g in geoms:
            _rings(g.get("coordinates"), rings)
        if rings:
            r = rng.choice(rings)
            op = rng.choice(["short", "unclose", "dup", "reverse", "empty", "spike", "same"])
            if op == "short":
                del r[rng.choice([1, 2, 3]):]
            elif op == "unclose" and len(r) > 2:
                r.pop()
            elif op == "dup":
                r[:] = [p for p in r for _ in range(2)]
            elif op == "reverse":
                r.reverse()
            elif op == "empty":
                r.clear()
            elif op == "spike" and len(r) > 3:
                r.insert(2, [r[1][0] + 50, r[1][1]])
            else:
                r[:] = [list(r[0]) for _ in r]
    elif what == "type":
        target = rng.choice(geoms + feats + [tree]) if (geoms or feats) else tree
        if isinstance(target, dict):
            target["type"] = rng.choice(["Point", "LineString", "Polygon", "MultiPolygon", "MultiPoint", "GeometryCollection",
                                         "Feature", "FeatureCollection", "polygon", "", None, 7, "Topology", "Circle"])
    elif what == "null":
        target = rng.choice(feats) if feats else tree
        if isinstance(target, dict):
            key = rng.choice(["geometry", "properties", "coordinates", "type", "features"])
            if rng.random() < 0.5:
                target.pop(key, None)
            else:
                target[key] = rng.choice([None, [], {}, "", 0])
    elif what == "deep" and (geoms or feats):
        depth = rng.choice([64, 1000, 10000, 100000])
        nested = "[" * depth + "106.5, 29.5" + "]" * depth
        if geoms and rng.random() < 0.6:
            rng.choice(geoms)["coordinates"] = doc.placeholder(nested)
        elif feats:
            rng.choice(feats)["properties"] = doc.placeholder('{"a":' * depth + "1" + "}" * depth)
        else:
            geoms[0]["type"] = "GeometryCollection"
            geoms[0]["geometries"] = doc.placeholder('[{"type":"GeometryCollection","geometries":' * depth + "[]" + "}]" * depth)
    elif what == "huge" and (geoms or feats):
        n = rng.choice([1000, 5000, 20000])
        cx, cy = 106.6, 29.45
        for p in positions:
            if len(p) >= 2 and all(isinstance(v, float) and math.isfinite(v) for v in p[:2]):
                cx, cy = p[0], p[1]
                break
        op = rng.choice(["ring", "parts", "features", "holes"])
        if op == "ring" and geoms:
            rng.choice(geoms).update(type="Polygon", coordinates=[_circle(cx, cy, 0.01, n)])
        elif op == "parts" and geoms:
            m = n // 20
            rng.choice(geoms).update(type="MultiPolygon", coordinates=[[[[cx + 1e-4 * k, cy], [cx + 1e-4 * k + 5e-5, cy], [cx + 1e-4 * k, cy + 5e-5], [cx + 1e-4 * k, cy]]] for k in range(m)])
        elif op == "holes" and geoms:
            m = n // 10
            shell = [[cx - 1, cy - 1], [cx + 1, cy - 1], [cx + 1, cy + 1], [cx - 1, cy + 1], [cx - 1, cy - 1]]
            holes = [[[cx + 1e-4 * k, cy], [cx + 1e-4 * k, cy + 5e-5], [cx + 1e-4 * k + 5e-5, cy], [cx + 1e-4 * k, cy]] for k in range(m)]
            rng.choice(geoms).update(type="Polygon", coordinates=[shell] + holes)
        elif isinstance(tree, dict) and feats:
            tree["features"] = [feats[0]] * (n // 20)
    elif what == "props" and feats:
        f = rng.choice(feats)
        props = f.get("properties") if isinstance(f.get("properties"), dict) else {}
        op = rng.choice(["value", "value", "key", "many", "long"])
        if op == "value" and props:
            k = rng.choice(sorted(props))
            props[k] = rng.choice([math.nan, math.inf, 1e308, -1, 1 << 80, "", None, [], {"x": 1}, "\ud800", "强烈" * 1000,
                                   True, "nan", doc.placeholder("1" * 400)])
        elif op == "key":
            props[rng.choice(["", " ", "NAME ", "name", "名称", "a" * 300, "GRADE"])] = "x"
        elif op == "many":
            for k in range(rng.choice([100, 2000])):
                props[f"f{k}"] = k
        else:
            props["NAME"] = "巴" * rng.choice([1000, 50000])
        f["properties"] = props
    elif what == "crs" and isinstance(tree, dict):
        tree["crs"] = rng.choice([
            {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4524"}},
            {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            {"type": "name", "properties": {"name": "EPSG:3857"}},
            {"type": "name", "properties": {"name": "EPSG:0"}},
            {"type": "name", "properties": {"name": "garbage"}},
            {"type": "link", "properties": {"href": "http://invalid/", "type": "proj4"}},
            {"type": "name"}, None, "EPSG:4490", 4490,
        ])
    elif what == "bbox":
        target = rng.choice(feats + geoms + [tree]) if (feats or geoms) else tree
        if isinstance(target, dict):
            target["bbox"] = rng.choice([[], [1], [math.nan] * 4, [1e308, 1e308, -1e308, -1e308], "x", [200, 100, -200, -100]])
    elif what == "features" and isinstance(tree, dict):
        tree["features"] = rng.choice([[], {}, None, [None], [1, "x"], feats[::-1] * 2, [{"type": "Feature"}]])
    elif what == "dims" and positions:
        for p in positions:
            op = rng.random()
            if op < 0.3 and len(p) > 1:
                del p[1:]
            elif op < 0.6:
                p.append(rng.choice([math.nan, 1e308, 0.0, 100.0]))
            else:
                p.extend([0.0, 0.0, 0.0])
    elif what == "collection" and feats:
        f = rng.choice(feats)
        g = f.get("geometry")
        f["geometry"] = {"type": "GeometryCollection", "geometries": [g, {"type": "Point", "coordinates": [106.5, 29.5]},
                                                                       {"type": "LineString", "coordinates": [[106.5, 29.5], [106.6, 29.6]]}]}
    else:
        return text(data, rng)
    try:
        return doc.dump()
    except (ValueError, RecursionError, OverflowError):
        return text(data, rng)


_NUMBER = re.compile(rb"-?\d+\.\d+")


def text(data, rng):
    """Textual mutations: number tokens, duplicate keys, BOM, trailing garbage, truncation."""
    op = rng.choice(["number", "number", "dupkey", "bom", "trailing", "truncate", "comment", "quote", "invalid-utf8"])
    if op == "number":
        matches = list(_NUMBER.finditer(data))
        if matches:
            m = rng.choice(matches)
            tok = rng.choice([b"NaN", b"Infinity", b"-Infinity", b"1e999", b"9" * 400, b"0x10", b"1.", b".5", b"1e", b"+1",
                              b"00012", b"\xef\xbc\x91"])
            return data[:m.start()] + tok + data[m.end():]
    if op == "dupkey":
        for key in (b'"type": "Polygon"', b'"type":"Polygon"', b'"type": "MultiPolygon"', b'"type":"MultiPolygon"', b'"geometry":'):
            if key in data:
                dup = {b'"geometry":': b'"geometry": null, "geometry":'}.get(key, key + b', "type": "Point"')
                return data.replace(key, dup, 1)
    if op == "bom":
        return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]) + data
    if op == "trailing":
        return data + rng.choice([b"}", b",", b"\x00", b"\n{\"type\":\"FeatureCollection\",\"features\":[]}", b"]]]"])
    if op == "comment":
        return b"// comment\n" + data
    if op == "quote":
        return data.replace(b'"', b"'", rng.choice([1, 10, -1]))
    if op == "invalid-utf8":
        i = rng.randrange(max(1, len(data)))
        return data[:i] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe5\xb7"]) + data[i:]
    return data[:rng.randrange(max(1, len(data)))]


MUTATORS = {"geojson": mutate, "geojson_text": text}
