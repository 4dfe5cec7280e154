"""Project and claims YAML: a small emitter (python has no YAML in its standard library), structural
mutations on the tree before it is written (odd scalars, keys removed or duplicated, types changed,
anchors and aliases, 10,000-deep nesting) and textual ones after (alias bombs, duplicated lines, tabs, BOM,
invalid UTF-8, document markers)."""
import json
import re

from .values import ODD_NUMBER_TEXT


class Raw(str):
    """A scalar written as is: `.nan`, `*alias`, `&a [1, 2]`, `[[[…]]]`."""


class M(list):
    """A mapping as a list of [key, value] pairs, so keys can repeat."""


def to_tree(obj):
    if isinstance(obj, dict):
        return M([[k, to_tree(v)] for k, v in obj.items()])
    if isinstance(obj, list):
        return [to_tree(v) for v in obj]
    return obj


_PLAIN = re.compile(r"^[A-Za-z0-9_\u4e00-\u9fff\u3000-\u303f（）][A-Za-z0-9_ .\-/:\u4e00-\u9fff\u3000-\u303f（）%']*$")


def scalar(v):
    if isinstance(v, Raw):
        return str(v)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    s = str(v)
    if _PLAIN.match(s) and not s.endswith((" ", ":")) and ": " not in s and " #" not in s and s.lower() not in ("null", "true", "false", "yes", "no", "on", "off", "~"):
        return s
    return json.dumps(s, ensure_ascii=False)


def _is_scalar(v):
    return not isinstance(v, (M, list))


def _flowable(v):
    if _is_scalar(v):
        return True
    items = [x for _, x in v] if isinstance(v, M) else v
    return len(items) <= 12 and all(_is_scalar(x) and "\n" not in str(x) for x in items)


def inline(v):
    if _is_scalar(v):
        return scalar(v)
    if isinstance(v, M):
        return "{ " + ", ".join(f"{scalar(k)}: {inline(x)}" for k, x in v) + " }" if v else "{}"
    return "[" + ", ".join(inline(x) for x in v) + "]"


def emit(node, indent=0):
    pad = " " * indent
    lines = []
    if isinstance(node, M):
        if not node:
            return pad + "{}\n"
        for k, v in node:
            if _flowable(v):
                lines.append(f"{pad}{scalar(k)}: {inline(v)}\n")
            else:
                lines.append(f"{pad}{scalar(k)}:\n" + emit(v, indent + 2))
    elif isinstance(node, list):
        if not node:
            return pad + "[]\n"
        for item in node:
            if _flowable(item) and not (isinstance(item, M) and len(item) > 2):
                lines.append(f"{pad}- {inline(item)}\n")
            else:
                body = emit(item, indent + 2)
                lines.append(pad + "- " + body[indent + 2:])
    else:
        lines.append(pad + scalar(node) + "\n")
    return "".join(lines)


# ---- structural mutations ------------------------------------------------------------------------------

def slots(node, out=None):
    """(container, index, key) of every value; key is the mapping key or None in a list."""
    out = [] if out is None else out
    if isinstance(node, M):
        for i, (k, v) in enumerate(node):
            out.append((node, i, k))
            slots(v, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append((node, i, None))
            slots(v, out)
    return out


def get(slot):
    c, i, k = slot
    return c[i][1] if isinstance(c, M) else c[i]


def put(slot, v):
    c, i, k = slot
    if isinstance(c, M):
        c[i][1] = v
    else:
        c[i] = v


PATHS = [":", "", "/", ".", "..", "../boundary.shp", "missing.shp", "/dev/null", "boundary.shx", "boundary", "BOUNDARY.SHP",
         "a:b", "GPKG:redline.gpkg:redline_2023", "/vsizip/missing.zip/x.shp", "out", "x" * 5000 + ".shp", Raw('"a\\0b.shp"'),
         "./boundary.shp", "sub/../boundary.shp", "~/boundary.shp", "file:boundary.shp", "boundary.shp ", " boundary.shp",
         "https://127.0.0.1:9/x.geojson", "/proc/self/status", "claims.yaml", "project.yaml", "/dev/zero"]
CRS = ["EPSG:0", "EPSG:99999999", "EPSG:4524", "EPSG:4326", "+proj=longlat", "garbage", "EPSG:-1", "EPSG:4490 ", "EPSG:",
       "urn:ogc:def:crs:EPSG::4490", "EPSG:3857", "ESRI:102025", "+proj=geocent", "EPSG:4978", "+proj=tmerc +k=nan"]
WHERE = ["GRADE = '", "1=1 OR", "GRADE IN (" + ",".join(["'x'"] * 2000) + ")", "NAME LIKE '%'", "fid > 1e400", "\"GRADE\" = 1/0",
         "1=0", "GRADE = '强烈'; DROP TABLE x", "MISSING = 1", "", "((((((((((((((((((((1=1))))))))))))))))))))", "GRADE IS NULL",
         "CAST(GRADE AS INTEGER) > 9223372036854775807"]
FIGURES = ["1e400 km2", "nan km2", "inf km2", ".nan km2", "-1 km2", "0 km2", "9" * 400 + " km2", "1823", "1823 furlongs", "1823km2",
           "１８２３ km2", "1,823 km2", "0.000000000000000000001 km2", "0x10 km2", "1e308 km2", "1e-320 km2", "km2", "  ", "1823 km2 km2",
           "[386] ha", "≥320 ha", "≤ -5 ha", "119.42 万亩", "1e400 万亩", "-0 ha", "1823 KM2", "1823 平方千米"]
TOLERANCES = ["inf%", "nan%", "-1%", "1e999%", "0%", "100000%", "0.5", "abc", "%", "1e-400%", "−1%", "50 %", ".inf", Raw(".nan")]
ROLES = ["boundary", "red-line", "missing-role", "", "towns", "soil-erosion", "red-line-2020", "projects"]


def odd_scalar(rng, key):
    k = str(key) if key is not None else ""
    if k == "source":
        return rng.choice(PATHS)
    if k in ("crs", "assume-crs"):
        return rng.choice(CRS)
    if k == "where":
        return rng.choice(WHERE)
    if k in ("area", "length", "count", "equals"):
        return rng.choice(FIGURES)
    if k in ("tolerance",):
        return rng.choice(TOLERANCES)
    if k in ("percent",):
        return rng.choice(ODD_NUMBER_TEXT + [Raw(".nan"), Raw("1e400"), 200, -5])
    if k in ("layer", "percent-of"):
        return rng.choice(ROLES)
    if k == "encoding":
        return rng.choice(["UTF-8", "CP936", "GB18030", "garbage", "", "UTF-16", "ISO-8859-1"])
    if k == "declared":
        return rng.choice([Raw("1e400"), -1, 2 ** 63, Raw(".nan"), "八", 0, Raw("9" * 400)])
    if k == "datum":
        return rng.choice(["gcj02", "GCJ-02", "bd09", "wgs84", "", 1])
    return rng.choice([Raw(x) for x in ODD_NUMBER_TEXT] + [
        Raw("~"), Raw("null"), "", Raw("yes"), Raw("!!binary aGVsbG8="), Raw("!!float nan"), Raw("!!int 1e3"), Raw("!!python/object:os.system ls"),
        Raw('"\\ud800"'), Raw("'''"), Raw("2024-01-01"), Raw("!!timestamp x"), Raw("|\n  block"), Raw("*missing"), Raw("&anchor"),
        "x" * 20000, Raw("? a"), Raw("- a"), Raw("{a: 1"), Raw("[a"), Raw("@"), Raw("`"), Raw("%"),
    ])


def mutate(tree, rng):
    """One structural mutation of the tree, in place."""
    ss = slots(tree)
    if not ss:
        return
    what = rng.choice(["scalar", "scalar", "scalar", "scalar", "delete", "retype", "deep", "dupkey", "dupkey", "alias", "alias",
                       "merge", "huge", "many", "swap", "empty"])
    s = rng.choice(ss)
    if what == "scalar":
        scalar_slots = [x for x in ss if _is_scalar(get(x))] or ss
        s = rng.choice(scalar_slots)
        put(s, odd_scalar(rng, s[2]))
    elif what == "delete":
        del s[0][s[1]]
    elif what == "retype":
        v = get(s)
        put(s, rng.choice([[], M(), Raw("~"), [v], M([["x", v]]), "text", 123, Raw("{}"), [[v]]]))
    elif what == "deep":
        d = rng.choice([64, 1000, 10000, 100000])
        put(s, Raw(rng.choice(["[" * d + "1" + "]" * d, "{a: " * d + "1" + "}" * d, "[{a: " * d + "1" + "}]" * d])))
    elif what == "dupkey":
        maps = [x for x in ss if isinstance(x[0], M)]
        if maps:
            c, i, k = rng.choice(maps)
            v = c[i][1]
            c.insert(i + rng.choice([1, 1, 0]), [k, rng.choice([v, odd_scalar(rng, k), "other.shp", M()])])
    elif what == "alias":
        flow = [x for x in ss if _flowable(get(x))]
        if len(flow) >= 2:
            a, b = rng.sample(flow, 2)
            put(a, Raw("&anc " + inline(get(a))))
            put(b, Raw(rng.choice(["*anc", "*anc", "*missing", "&anc 2", "*anc *anc"])))
    elif what == "merge":
        maps = [get(x) for x in ss if isinstance(get(x), M) and _flowable(get(x))]
        targets = [get(x) for x in ss if isinstance(get(x), M)]
        if maps and targets:
            src = rng.choice(maps)
            tgt = rng.choice(targets)
            if src is not tgt:
                # The anchor first (YAML needs it before the alias), then the merge key.
                tgt.append(["anchored", Raw("&anc " + inline(src))])
                tgt.append(["<<", Raw("*anc")])
    elif what == "huge":
        put(s, "巴" * rng.choice([10000, 100000]))
    elif what == "many":
        c = get(s)
        n = rng.choice([200, 2000])
        if isinstance(c, M) and c:
            k, v = c[0]
            c.extend([[f"{k}-{j}", v] for j in range(n)])
        elif isinstance(c, list) and c:
            c.extend([c[0]] * n)
    elif what == "swap":
        t = rng.choice(ss)
        a, b = get(s), get(t)
        put(s, b)
        put(t, a)
    else:
        put(s, rng.choice([None, "", M(), []]))


def bomb(levels, width=9):
    lines = [f'lol0: &a0 [{", ".join(["lol"] * width)}]']
    for k in range(1, levels):
        lines.append(f"lol{k}: &a{k} [{', '.join([f'*a{k - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def text(data, rng):
    """Textual mutation of an emitted YAML file (bytes)."""
    s = data.decode("utf-8", "surrogateescape")
    lines = s.split("\n")
    what = rng.choice(["bomb", "dupline", "dupline", "delline", "swaplines", "tab", "bom", "crlf", "invalid", "nul", "document",
                       "directive", "longline", "truncate", "indent", "comment"])
    if what == "bomb":
        levels = rng.choice([3, 5, 7, 9, 10])
        out = bomb(levels) + s if rng.random() < 0.7 else s + bomb(levels)
    elif what == "dupline" and lines:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
        out = "\n".join(lines)
    elif what == "delline" and lines:
        del lines[rng.randrange(len(lines))]
        out = "\n".join(lines)
    elif what == "swaplines" and len(lines) > 1:
        i, j = rng.sample(range(len(lines)), 2)
        lines[i], lines[j] = lines[j], lines[i]
        out = "\n".join(lines)
    elif what == "tab":
        out = re.sub(r"^  ", "\t", s, count=rng.choice([1, 0]), flags=re.M)
    elif what == "bom":
        out = "\ufeff" + s
    elif what == "crlf":
        out = s.replace("\n", rng.choice(["\r\n", "\r"]))
    elif what == "invalid":
        i = rng.randrange(max(1, len(data)))
        return data[:i] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe5\xb7"]) + data[i:]
    elif what == "nul":
        i = rng.randrange(max(1, len(data)))
        return data[:i] + b"\x00" + data[i:]
    elif what == "document":
        out = rng.choice(["---\n" + s + "\n---\n" + s, s + "\n...\n", "--- !!map\n" + s, "---\n---\n"])
    elif what == "directive":
        out = rng.choice(["%YAML 1.1\n---\n", "%YAML 9.9\n---\n", "%TAG ! tag:x,2000:\n---\n", "%FOO\n---\n"]) + s
    elif what == "longline":
        out = s + "\nnote: " + "长" * rng.choice([10000, 100000]) + "\n"
    elif what == "truncate":
        return data[:rng.randrange(max(1, len(data)))]
    elif what == "indent" and lines:
        i = rng.randrange(len(lines))
        lines[i] = rng.choice([" ", "   ", "", "- "]) + lines[i]
        out = "\n".join(lines)
    else:
        out = "# " + "注" * 1000 + "\n" + s
    return out.encode("utf-8", "surrogateescape")
