#!/usr/bin/env python3
"""Check the Banan reference data set (fixtures/banan).

1. Determinism: regenerate into a temporary directory and compare with the committed files, byte for byte
   (GeoPackages: byte for byte, else layer by layer as WKB + attributes).
2. Relationships, measured independently with shapely + pyproj (geodesic areas on GRS80 = CGCS2000 ellipsoid):
   boundary area, CRSs and encodings, ranges inside the district, red line mostly on ranges, towns and zones
   partition the district, erosion / rocky desertification / mine figures, pattern layers, rasters,
   project.yaml and claims.yaml consistency.

usage: check.py [--no-regen] [DIR]      prints "N passed, M failed"; exit 1 if any check fails
"""
from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("PROJ_NETWORK", "OFF")

import numpy as np
import pyogrio
import pyogrio.raw as ogr
import rasterio
import shapely
import shapely.ops
import yaml
from pyproj import Geod, Transformer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GEOD = Geod(ellps="GRS80")
TO_DEG = Transformer.from_crs("EPSG:4524", "EPSG:4490", always_xy=True)
DATA_SUFFIXES = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".gpkg", ".geojson", ".tif")

passed, failed = 0, 0


def check(ok: bool, what: str, detail: str = ""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS  {what}" + (f"  ({detail})" if detail else ""))
    else:
        failed += 1
        print(f"FAIL  {what}" + (f"  ({detail})" if detail else ""))


def area_km2(g) -> float:
    if g is None or g.is_empty:
        return 0.0
    if g.geom_type == "Polygon":
        return abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6
    return sum(area_km2(p) for p in getattr(g, "geoms", []))


def polys(g):
    if g.is_empty:
        return shapely.MultiPolygon()
    if g.geom_type == "Polygon":
        return shapely.MultiPolygon([g])
    if g.geom_type == "MultiPolygon":
        return g
    out = []
    for p in getattr(g, "geoms", []):
        out.extend(polys(p).geoms)
    return shapely.MultiPolygon(out)


def read(d: Path, name: str, layer=None, encoding=None):
    meta, _f, geoms, fields = ogr.read(str(d / name), layer=layer, encoding=encoding)
    return shapely.from_wkb(geoms), {k: list(v) for k, v in zip(meta["fields"], fields)}, meta


def to_deg(g):
    return shapely.transform(g, lambda xy: np.column_stack(TO_DEG.transform(xy[:, 0], xy[:, 1])))


def rel(a, b):
    return abs(a - b) / b


# ---------------------------------------------------------------- 1. determinism
def layers_equal(a: Path, b: Path) -> tuple[bool, str]:
    la = [x[0] for x in pyogrio.list_layers(str(a))]
    lb = [x[0] for x in pyogrio.list_layers(str(b))]
    if la != lb:
        return False, f"layers {la} vs {lb}"
    for layer in la:
        ma, _, ga, fa = ogr.read(str(a), layer=layer)
        mb, _, gb, fb = ogr.read(str(b), layer=layer)
        if list(ma["fields"]) != list(mb["fields"]) or ma["crs"] != mb["crs"]:
            return False, f"{layer}: schema/CRS differ"
        if len(ga) != len(gb) or any(x != y for x, y in zip(ga, gb)):
            return False, f"{layer}: geometry WKB differs"
        for x, y in zip(fa, fb):
            if list(x) != list(y):
                return False, f"{layer}: attributes differ"
    return True, "same layers, WKB and attributes"


def determinism(fixture: Path):
    with tempfile.TemporaryDirectory(prefix="banan-regen-") as tmp:
        t = Path(tmp)
        r = subprocess.run([sys.executable, str(HERE / "generate.py"), "-q", str(t)], capture_output=True, text=True)
        check(r.returncode == 0, "generator runs", r.stderr.strip()[-300:])
        if r.returncode != 0:
            return
        gen = sorted(p.name for p in t.iterdir() if p.suffix in DATA_SUFFIXES)
        com = sorted(p.name for p in fixture.iterdir() if p.suffix in DATA_SUFFIXES)
        check(gen == com, "generator writes exactly the committed layer files",
              f"{len(gen)} files" if gen == com else f"only generated: {sorted(set(gen) - set(com))}, "
                                                    f"only committed: {sorted(set(com) - set(gen))}")
        same, logical, differ = [], [], []
        for n in gen:
            if not (fixture / n).exists():
                continue
            if filecmp.cmp(t / n, fixture / n, shallow=False):
                same.append(n)
            elif n.endswith(".gpkg"):
                ok, why = layers_equal(t / n, fixture / n)
                (logical if ok else differ).append(n if ok else f"{n}: {why}")
            else:
                differ.append(n)
        check(not differ, "regenerated files identical to committed ones",
              f"{len(same)} byte-identical, {len(logical)} identical by WKB+attributes {logical}"
              if not differ else f"differ: {differ}")


# ---------------------------------------------------------------- 2. relationships
def relationships(d: Path):
    proj = yaml.safe_load((d / "project.yaml").read_text(encoding="utf-8"))
    claims = yaml.safe_load((d / "claims.yaml").read_text(encoding="utf-8"))

    # --- project file: every source exists
    srcs = [(k, v) for k, v in proj["layers"].items() if "source" in v]
    srcs += [(k, v) for k, v in proj["pattern"].items() if isinstance(v, dict) and "source" in v]
    rasters = [v["raster"] for v in proj["layers"].values() if "raster" in v]
    missing = [v["source"] for _, v in srcs if not (d / v["source"]).exists()]
    missing += [proj["pattern"][k] for k in ("resistance", "landuse") if not (d / proj["pattern"][k]).exists()]
    missing += [r for r in rasters if not (d / r).exists()]
    check(not missing, "project.yaml: every named source exists", f"missing {missing}" if missing else
          f"{len(srcs)} vector roles + {2 + len(rasters)} rasters")
    check(proj["crs"] == "EPSG:4490" and (d / proj["claims"]).exists(), "project.yaml: crs EPSG:4490, claims file")

    # --- CRSs and encodings
    want = {"boundary.shp": 4490, "towns.shp": 4490, "erosion.shp": 4490, "rocky_desertification.shp": 4490,
            "zones.shp": 4524, "ranges.shp": 4490, "rivers.shp": 4490, "streams.shp": 4490, "nodes.shp": 4490,
            "protected_areas.geojson": 4490, "redline.gpkg": 4490, "projects.gpkg": 4490}
    bad = []
    for f, epsg in sorted(want.items()):
        for layer in [x[0] for x in pyogrio.list_layers(str(d / f))]:
            crs = pyogrio.read_info(str(d / f), layer=layer)["crs"]
            if crs != f"EPSG:{epsg}":
                bad.append(f"{f}:{layer}={crs}")
    check(not bad, "every vector layer has its intended CRS (4524 for zones, 4490 for the rest)", ", ".join(bad))
    for f in ("landuse.tif", "landuse_resistance.tif"):
        with rasterio.open(d / f) as ds:
            check(ds.crs.to_epsg() == 4524 and ds.res == (30.0, 30.0), f"{f}: EPSG:4524, 30 m",
                  f"{ds.crs.to_epsg()}, {ds.res}, {ds.width}x{ds.height}, {ds.profile.get('compress')}")
    cpg = {f: (d / f).read_text().strip() if (d / f).exists() else None
           for f in ("towns.cpg", "erosion.cpg", "nodes.cpg", "rocky_desertification.cpg", "boundary.cpg")}
    check(cpg["towns.cpg"] == "CP936" and cpg["erosion.cpg"] == "CP936" and cpg["nodes.cpg"] == "CP936",
          "GBK shapefiles carry .cpg CP936 (towns, erosion, nodes)")
    check(cpg["rocky_desertification.cpg"] is None, "rocky_desertification.shp has no .cpg")
    raw = (d / "rocky_desertification.dbf").read_bytes()
    check(raw[29] == 0, "rocky_desertification.dbf language driver id is 0", f"LDID {raw[29]}")
    try:
        raw[raw.index(b"\r") + 1:].decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    g, f, _ = read(d, "rocky_desertification.shp", encoding="CP936")
    check(not utf8 and set(f["GRADE"]) <= {"潜在", "轻度", "中度", "重度", "极重度"},
          "rocky_desertification.dbf text is GBK (not valid UTF-8) and decodes to the grade names",
          f"grades {sorted(set(f['GRADE']))}")

    # --- boundary
    bg, bf, _ = read(d, "boundary.shp")
    B = shapely.union_all(bg)
    ab = area_km2(B)
    check(rel(ab, 1823) <= 0.005, "boundary area within 0.5 % of 1823 km²", f"{ab:.2f} km², {100 * (ab / 1823 - 1):+.2f} %")
    check(bf["NAME"] == ["巴南区"] and B.is_valid, "boundary is one valid feature named 巴南区")

    def partition(geoms, what):
        union = shapely.union_all(geoms)
        sym = area_km2(polys(shapely.symmetric_difference(union, B)))
        tree = shapely.STRtree(geoms)
        overlap = 0.0
        for i, j in zip(*tree.query(geoms, predicate="intersects")):
            if i < j:
                overlap += area_km2(polys(shapely.intersection(geoms[i], geoms[j])))
        check(sym < 1e-4 and overlap < 1e-4, f"{what} partition the district",
              f"|union Δ boundary| = {sym * 1e6:.3f} m², pairwise overlap = {overlap * 1e6:.3f} m²")

    # --- towns
    tg, tf, _ = read(d, "towns.shp")
    jd = [n for n, k in zip(tf["NAME"], tf["KIND"]) if k == "街道"]
    zh = [n for n, k in zip(tf["NAME"], tf["KIND"]) if k == "镇"]
    check(len(tg) == 23 and len(jd) == 9 and len(zh) == 14 and len(set(tf["NAME"])) == 23,
          "23 towns: 9 街道 + 14 镇", "、".join(tf["NAME"]))
    check(all(g.is_valid for g in tg), "towns are valid")
    partition(list(tg), "towns")

    # --- zones (EPSG:4524 → 4490)
    zg, zf, _ = read(d, "zones.shp")
    zg = [to_deg(g) for g in zg]
    plan = {"滨江高品质生态宜居区": 127.45, "铜锣山-明月山绿色生态屏障区": 131.6, "环樵坪山生态创新协调区": 206.07,
            "国际生物城生态绿色发展区": 109.25, "东南岭谷生态休闲康养区": 1157.24}
    check(zf["NAME"] == list(plan), "five restoration zones, named as in the plan")
    partition(zg, "restoration zones")
    za = {n: area_km2(g) for n, g in zip(zf["NAME"], zg)}
    four = [n for n in plan if n != "东南岭谷生态休闲康养区"]
    check(all(rel(za[n], plan[n]) <= 0.005 for n in four), "four smaller zones within 0.5 % of the plan",
          ", ".join(f"{n} {za[n]:.2f}/{plan[n]}" for n in four))
    gap = ab - sum(plan.values())
    check(abs(za["东南岭谷生态休闲康养区"] - plan["东南岭谷生态休闲康养区"] - gap) < 1.0,
          "东南岭谷 absorbs the plan's gap (zone figures sum to 1731.61, not the district)",
          f"{za['东南岭谷生态休闲康养区']:.2f} km² vs plan 1157.24; plan sum {sum(plan.values()):.2f}, gap {gap:.2f}")

    # --- ranges
    rg, rf, _ = read(d, "ranges.shp")
    names8 = ["铜锣山", "樵坪山", "桃子荡山", "明月山", "圣灯山", "东温泉山", "天坪山", "方斗山"]
    check(sorted(rf["NAME"]) == sorted(names8), "eight ranges (屏) with the plan's names")
    outside = sum(area_km2(polys(shapely.difference(g, B))) for g in rg)
    check(outside < 1e-4 and all(g.is_valid for g in rg), "ranges lie inside the district", f"outside: {outside * 1e6:.3f} m²")
    R = shapely.union_all(rg)
    ar = area_km2(R)
    elong = []
    for g in rg:
        mrr = shapely.minimum_rotated_rectangle(g)
        xy = np.asarray(mrr.exterior.coords)
        e = [np.hypot((xy[i + 1][0] - xy[i][0]) * np.cos(np.radians(29.4)), xy[i + 1][1] - xy[i][1]) for i in range(2)]
        v = xy[1] - xy[0] if e[0] > e[1] else xy[2] - xy[1]
        az = np.degrees(np.arctan2(v[0] * np.cos(np.radians(29.4)), v[1])) % 180
        elong.append((max(e) / min(e), az))
    check(all(ratio > 3 and 10 <= az <= 60 for ratio, az in elong), "ranges are long narrow NE–SW strips",
          ", ".join(f"{n} {r:.1f}:1 @{a:.0f}°" for n, (r, a) in zip(rf["NAME"], elong)))

    # --- red line
    for layer, fig in (("redline_2023", 142.4), ("redline_2020", 184.6)):
        g, f, _ = read(d, "redline.gpkg", layer=layer)
        u = shapely.union_all(g)
        a = area_km2(u)
        on = area_km2(polys(u.intersection(R))) / a
        check(rel(a, fig) <= 0.003, f"red line {layer} = {fig} km² ± 0.3 %", f"{a:.3f} km²")
        check(on >= 0.8, f"red line {layer} mostly on the ranges", f"{100 * on:.1f} % on ranges")
        check(area_km2(polys(u.difference(B))) < 1e-4, f"red line {layer} inside the district")

    # --- protected areas
    pg, pf, _ = read(d, "protected_areas.geojson")
    inval = [n for g, n in zip(pg, pf["NAME"]) if not g.is_valid]
    check(len(pg) == 5 and "桥口坝国家级森林自然公园" in pf["NAME"] and sorted(pf["LEVEL"]).count("市级") == 4,
          "protected areas: 桥口坝 (国家级) + four 市级森林自然公园")
    check(2 <= len(inval) <= 4, "2–4 deliberately invalid protected-area polygons",
          "; ".join(f"{n}: {shapely.is_valid_reason(g)}" for g, n in zip(pg, pf["NAME"]) if not g.is_valid))

    # --- soil erosion
    eg, ef, _ = read(d, "erosion.shp")
    grades = ["微度", "轻度", "中度", "强烈", "极强烈", "剧烈"]
    check(set(ef["GRADE"]) <= set(grades) and all(g.is_valid for g in eg), "erosion grades SL 190, polygons valid",
          f"{sorted(set(ef['GRADE']), key=grades.index)}")
    ea = sum(area_km2(g) for g in eg)
    es = sum(area_km2(g) for g, k in zip(eg, ef["GRADE"]) if k in ("强烈", "极强烈", "剧烈"))
    check(rel(ea, 535.52) <= 0.003, "soil erosion total 535.52 km² ± 0.3 %", f"{ea:.3f} km²")
    check(rel(es, 69.30) <= 0.003, "soil erosion 强烈 and above 69.30 km² ± 0.3 %", f"{es:.3f} km²")
    share = 100 * es / ea
    check(abs(share - 13.04) > 0.05, "强烈+ share is NOT the plan's 13.04 % (plan inconsistency preserved)",
          f"{share:.2f} % (69.30/535.52 = {100 * 69.30 / 535.52:.2f} %)")
    eu = shapely.union_all(eg)
    check(abs(area_km2(eu) - ea) < 1e-3, "erosion polygons do not overlap", f"union {area_km2(eu):.3f} km²")
    e4 = shapely.union_all([g for g, n in zip(rg, rf["NAME"]) if n in ("铜锣山", "明月山", "桃子荡山", "东温泉山")])
    near = area_km2(polys(eu.intersection(e4.buffer(0.012)))) / area_km2(eu)
    check(near > 0.95, "erosion lies in strips along 铜锣山, 明月山, 桃子荡山, 东温泉山", f"{100 * near:.1f} % within ~1.2 km")

    # --- rocky desertification
    dg, df, _ = read(d, "rocky_desertification.shp", encoding="CP936")
    deg = sum(area_km2(g) for g, k in zip(dg, df["GRADE"]) if k != "潜在")
    check(rel(deg, 103.22) <= 0.005, "rocky desertification (轻度…极重度) 103.22 km² ± 0.5 %", f"{deg:.3f} km²")
    r2 = shapely.union_all([g for g, n in zip(rg, rf["NAME"]) if n in ("铜锣山", "桃子荡山")])
    du = shapely.union_all(dg)
    check(area_km2(polys(du.difference(r2))) < 1e-3, "rocky desertification lies on 铜锣山 and 桃子荡山")

    # --- projects
    jg, jf, _ = read(d, "projects.gpkg", layer="projects")
    byname = dict(zip(jf["NAME"], jg))
    mine = byname.get("铜锣山矿山生态修复工程")
    ma = area_km2(mine) * 100 if mine is not None else 0
    check(rel(ma, 254) <= 0.005, "mine restoration footprint 254 ha ± 0.5 %", f"{ma:.2f} ha")
    tl = [g for g, n in zip(rg, rf["NAME"]) if n == "铜锣山"][0]
    check(mine is not None and area_km2(polys(mine.difference(tl))) < 1e-5, "mine footprint lies on 铜锣山")
    rivers_p = [f"{n}生态修复工程" for n in ("黄溪河", "一品河", "花溪河", "鱼溪河", "五布河")]
    check(all(n in byname for n in rivers_p + ["木洞中坝岛生态修复", "桃花岛生态修复", "长江滨江绿化带"]),
          "projects: 5 river programmes, 2 islands, Yangtze greening belt")
    belt = byname["长江滨江绿化带"]
    check(area_km2(polys(belt.difference(B))) < 1e-4, "greening belt inside the district",
          f"{area_km2(belt):.2f} km²")

    # --- pattern
    vg, vf, _ = read(d, "rivers.shp")
    check(len(vg) == proj["pattern"]["belts"]["declared"] == 8 and vf["NAME"][0] == "长江" and
          {"花溪河", "一品河", "五布河"} <= set(vf["NAME"]), "eight belts: 长江 + seven tributaries",
          "、".join(vf["NAME"]))
    real = REPO.parent / "shared" / "data" / "real" / "rivers-china-1to4m" / "hyd2_4p_cq_gz.geojson"
    if real.exists():
        wg, wf, _ = read(real.parent, real.name)
        water = shapely.union_all([g for g, c in zip(wg, wf["GBCODE"]) if c == 21012 and g.intersects(B.buffer(0.03))])
        dist = {n: GEOD.inv(*shapely.ops.nearest_points(g, water)[0].coords[0],
                            *shapely.ops.nearest_points(g, water)[1].coords[0])[2]
                for g, n in zip(vg[1:], vf["NAME"][1:])}
        far = [f"{n} {v:.0f} m" for n, v in dist.items() if v > 600]
        check(not far, "every tributary reaches the Yangtze water surface (NGCC 1:4M) within 600 m",
              ", ".join(far) or f"max {max(dist.values()):.0f} m")
    else:
        check(False, "real river data found for the tributary check", str(real))
    sg, sf, _ = read(d, "streams.shp")
    check({"芦沟河", "二圣河"} <= set(sf["NAME"]), "corridors include 芦沟河 and 二圣河", "、".join(sf["NAME"]))
    ng, nf, _ = read(d, "nodes.shp")
    want_nodes = {"南坪坝", "莲花中坝", "木洞中坝", "桃花岛", "云篆山", "观景口水库", "丰岩水库", "龙岗水库",
                  "南彭水库", "高洞子水库", "下涧口水库"}
    check(set(nf["NAME"]) == want_nodes, "nodes: four islands, 云篆山, six reservoirs")
    check(len(rg) == proj["pattern"]["barriers"]["declared"], "barriers: declared count matches")

    # --- rasters
    with rasterio.open(d / "landuse.tif") as ds:
        lu = ds.read(1)
        nod = ds.nodata
    with rasterio.open(d / "landuse_resistance.tif") as ds:
        rs = ds.read(1)
    px = 30.0 * 30.0 / 1e6
    counts = {c: int((lu == c).sum()) for c in range(1, 7)}
    check(set(np.unique(lu)) <= {0, 1, 2, 3, 4, 5, 6} and nod == 0, "land-use classes 1–6, nodata 0")
    check(rel(counts[1] * px, 890.50) <= 0.01 and rel(counts[3] * px, 436.66) <= 0.01,
          "land use: forest ≈ 890.50 km², cropland ≈ 436.66 km² (± 1 %)",
          ", ".join(f"{c}:{counts[c] * px:.2f}" for c in counts))
    inside_px = sum(counts.values()) * px
    check(rel(inside_px, ab) <= 0.005, "land-use raster covers the district", f"{inside_px:.2f} km² of data")
    table = {int(k): int(v) for k, v in proj["pattern"]["resistance-table"].items()}
    expect = np.zeros_like(rs)
    for c, v in table.items():
        expect[lu == c] = v
    check(np.array_equal(expect, rs), "resistance raster = project.yaml resistance-table applied to land use",
          str(table))

    # --- DEM (synthetic, lon/lat 3″; issue 13)
    with rasterio.open(d / "dem.tif") as ds:
        dem = ds.read(1)
        dem_ok = (ds.crs.to_epsg() == 4490 and ds.dtypes[0] == "int16" and ds.nodata == -32768
                  and abs(ds.transform.a - 1 / 1200) < 1e-12 and abs(ds.transform.e + 1 / 1200) < 1e-12)
        l, b, r, t = ds.bounds
    bl, bb, br, bt = shapely.union_all(bg).bounds
    check(dem_ok and l < bl and b < bb and r > br and t > bt, "DEM: EPSG:4490, Int16, 3″ cells, NoData -32768, covers the district")
    land = dem[dem != -32768]
    voids = int((dem == -32768).sum())
    check(175 <= land.min() and land.max() <= 1200 and 0 < voids < 500, "DEM: 175 m (the reservoir) to ≤ 1200 m, a few small voids",
          f"{land.min()}–{land.max()} m, {voids} void cells")

    # --- claims file: well-formed; recompute as a reviewer would
    ids = [c["id"] for c in claims["claims"]]
    check(len(ids) == len(set(ids)), "claims.yaml: unique ids")
    unresolved = []
    for c in claims["claims"]:
        for key in ("sum", "ratio"):
            unresolved += [x for x in c.get(key, []) if x not in ids]
        for key in ("percent-of", "equals"):
            if key in c and c[key] not in ids:
                unresolved.append(c[key])
        for key in ("layer", "inside"):
            if key in c and c[key] not in proj["layers"]:
                unresolved.append(c[key])
    check(not unresolved, "claims.yaml: every referenced claim and layer exists", ", ".join(unresolved))
    expected = review(claims, {"boundary": ab, "red-line": None, "soil-erosion": ea, "erosion-strong": es,
                               "projects-mine": ma / 100}, d, proj)
    fails = sorted(i for i, s in expected.items() if s == "fail")
    check(fails == ["forest-cover", "strong-share", "zones-cover-district"],
          "an independent review fails exactly forest-cover, strong-share and zones-cover-district", ", ".join(fails))

    total = sum(p.stat().st_size for p in d.iterdir() if p.is_file())
    check(total < 10 * 1024 * 1024, "fixtures/banan under 10 MB", f"{total / 1024 / 1024:.2f} MB")


UNITS = {"km2": 1.0, "平方千米": 1.0, "平方公里": 1.0, "m2": 1e-6, "ha": 0.01, "公顷": 0.01, "mu": 1 / 1500,
         "亩": 1 / 1500, "万亩": 10000 / 1500}


def parse_area(s: str) -> float:
    num, unit = str(s).split()
    return float(num) * UNITS[unit]


def parse_length_km(s: str) -> float:
    num, unit = str(s).split()
    return float(num) * {"km": 1.0, "千米": 1.0, "公里": 1.0, "m": 1e-3, "米": 1e-3}[unit]


def parse_tol(s) -> float:
    return float(str(s).rstrip("%")) / 100


def review(claims, _m, d: Path, proj):
    """Recompute every claim the way DESIGN.md describes, with shapely/pyproj; print a table."""
    default = parse_tol(claims.get("tolerance", "1%"))
    stated, computed, status = {}, {}, {}
    layer_cache = {}

    def layer_area(role, where):
        spec = proj["layers"][role]
        key = (role, where)
        if key not in layer_cache:
            kw = {"layer": spec.get("layer")}
            if where:
                kw["where"] = where
            meta, _f, geoms, _ = ogr.read(str(d / spec["source"]), **kw)
            gs = shapely.from_wkb(geoms)
            if meta["crs"] == "EPSG:4524":
                gs = [to_deg(g) for g in gs]
            layer_cache[key] = area_km2(polys(shapely.union_all([shapely.make_valid(g) for g in gs])))
        return layer_cache[key]

    raster_cache = {}

    def raster_area(c):
        """km² of a claim's raster cells: land-use classes by GDAL's cell-centre rasterisation of `inside` × the GK cell's
        ground area (900 m² over PROJ's areal scale at the raster's centre); DEM slope classes by
        scripts/reference/banan_terrain_numpy.py (exact coverage, geodesic runs and cell areas)."""
        spec = proj["layers"][c["layer"]]
        key = (c["layer"], tuple(c.get("classes", [])), tuple(c.get("slope", [])), c.get("inside"))
        if key in raster_cache:
            return raster_cache[key]
        if "slope" in c:
            sys.path.insert(0, str(REPO / "scripts" / "reference"))
            import banan_terrain_numpy
            ref = banan_terrain_numpy.compute(d)
            lo, hi = c["slope"]
            v = sum(x["km2"] for x in ref["slope_classes"] if x["from"] >= lo and x["to"] <= hi)
        else:
            import rasterio.features
            from pyproj import Proj
            with rasterio.open(d / spec["raster"]) as ds:
                vals = ds.read(1)
                mask = np.ones(vals.shape, bool)
                if "inside" in c:
                    ispec = proj["layers"][c["inside"]]
                    _m, _f, geoms, _ = ogr.read(str(d / ispec["source"]), layer=ispec.get("layer"))
                    gs = [shapely.transform(g, lambda xy: np.column_stack(
                        Transformer.from_crs("EPSG:4490", "EPSG:4524", always_xy=True).transform(xy[:, 0], xy[:, 1])))
                          for g in shapely.from_wkb(geoms)]
                    mask = rasterio.features.rasterize([(g, 1) for g in gs], out_shape=vals.shape, transform=ds.transform,
                                                       fill=0, dtype="uint8").astype(bool)
                cx, cy = ds.xy(vals.shape[0] // 2, vals.shape[1] // 2)
            lon, lat = TO_DEG.transform(cx, cy)
            scale = Proj("EPSG:4524").get_factors(lon, lat).areal_scale
            v = float(np.isin(vals[mask], c["classes"]).sum()) * 900 / scale / 1e6
        raster_cache[key] = v
        return v

    def part_km2(c):
        spec = proj["layers"][c["layer"]]
        return raster_area(c) if "raster" in spec else layer_area(c["layer"], c.get("where"))

    print("\n  claim                      stated        computed      rel.diff   tol     status")
    for c in claims["claims"]:
        tol = parse_tol(c["tolerance"]) if "tolerance" in c else default
        cid = c["id"]
        st = cp = None
        if "area" in c:
            st = parse_area(c["area"])
            stated[cid] = st
            cp = part_km2(c) if "layer" in c else None
            computed[cid] = cp if cp is not None else st
        elif "length" in c:
            st = parse_length_km(c["length"])
            spec = proj["layers"][c["layer"]]
            _m, _f, geoms, _ = ogr.read(str(d / spec["source"]), where=c.get("where"))
            cp = sum(GEOD.geometry_length(g) for g in shapely.from_wkb(geoms)) / 1000
        elif "percent" in c and "percent-of" in c:
            st = float(c["percent"])
            cp = 100 * part_km2(c) / computed[c["percent-of"]]
        elif "percent" in c and "ratio" in c:
            a, b = c["ratio"]
            st = float(c["percent"])
            cp = 100 * stated[a] / stated[b]
        elif "sum" in c:
            st = stated[c["equals"]]
            cp = sum(stated[x] for x in c["sum"])
        if cp is None:
            status[cid] = "stated"
            print(f"  {cid:26s} {st:12.3f}  {'—':>12s}")
            continue
        r = abs(cp - st) / abs(st)
        status[cid] = "pass" if r <= tol + 1e-12 else "fail"
        print(f"  {cid:26s} {st:12.3f}  {cp:12.3f}  {100 * r:8.3f} %  {100 * tol:5.2f} %  {status[cid]}")
    print()
    return status


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=str(REPO / "fixtures" / "banan"))
    ap.add_argument("--no-regen", action="store_true", help="skip the regenerate-and-compare step")
    a = ap.parse_args(argv)
    d = Path(a.dir)
    if not a.no_regen:
        determinism(d)
    try:
        relationships(d)
    except Exception as e:  # a crash is a failure, not a pass
        import traceback
        traceback.print_exc()
        check(False, "relationship checks ran to completion", repr(e))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
