#!/usr/bin/env python3
"""Prove fixtures/wushan and fixtures/jinping reproducible and check how their layers relate (issue 15).

For each plan: regenerate into a temporary folder with scripts/plans/generate.py and compare every generated file
byte for byte with the committed one; then check the relations with shapely + pyproj alone (GRS80 geodesic areas):
zones and towns partition the county, red line and protected areas lie inside it, the stated totals the generator
meets by construction are met, the pattern layers hold what the plan declares. Prints `N passed, M failed`.

For chongqing the committed vectors only: its large rasters are checked by SHA-256 (scripts/chongqing-rasters).

usage: check.py [--no-regen] [--plan wushan|jinping|chongqing] [--reference OUT.json]
"""
from __future__ import annotations

import argparse
import filecmp
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pyogrio.raw as ogr
import rasterio
import shapely
from pyproj import Geod

GEOD = Geod(ellps="GRS80")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GENERATED = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".gpkg", ".geojson", ".tif")
passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok    {what}")
    else:
        failed += 1
        print(f"  FAIL  {what}")


def km2(g):
    if g is None or g.is_empty:
        return 0.0
    if g.geom_type == "Polygon":
        return abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6
    return sum(km2(p) for p in getattr(g, "geoms", []))


def read(path, layer=None):
    meta, _f, geoms, fields = ogr.read(str(path), layer=layer)
    return [shapely.make_valid(g) for g in shapely.from_wkb(geoms)], dict(zip(meta["fields"], fields))


def partition(name, parts, B):
    union = shapely.union_all(parts)
    overlap = sum(km2(shapely.intersection(a, b)) for i, a in enumerate(parts) for b in parts[i + 1:])
    check(overlap < 1e-4, f"{name} do not overlap ({overlap * 1e6:.1f} m²)")
    gap = km2(shapely.difference(B, union))
    out = km2(shapely.difference(union, B))
    check(gap < 1e-4 and out < 1e-4, f"{name} cover the county exactly (gap {gap * 1e6:.1f} m², outside {out * 1e6:.1f} m²)")


def inside(name, g, B, tol_km2=1e-4):
    out = km2(shapely.difference(g, B))
    check(out < tol_km2, f"{name} inside the county ({out * 1e6:.1f} m² outside)")


def raster_class_km2(path, cls):
    with rasterio.open(path) as ds:
        a = ds.read(1)
        return float((a == cls).sum()) * abs(ds.res[0] * ds.res[1]) / 1e6


def relations_chongqing(d: Path, ref: dict):
    Bs, _ = read(d / "boundary.shp")
    B = Bs[0]
    A = km2(B)
    ref["boundary_km2"] = A
    dist, df = read(d / "districts.shp")
    check(len(dist) == 38, "38 区县")
    partition("districts", dist, B)
    red, _ = read(d / "redline.gpkg", "redline")
    inside("red line", red[0], B)
    check(abs(km2(red[0]) - 20500) < 0.01, f"red line {km2(red[0]):.3f} km² = 2.05 万 km²")
    pas, _ = read(d / "protected_areas.gpkg", "protected_areas")
    pa = shapely.union_all(pas)
    check(len(pas) == 217, f"217 protected areas ({len(pas)})")
    check(abs(km2(pa) / A * 100 - 15.4) < 1e-3, f"protected areas {km2(pa) / A * 100:.4f} % = 15.4 %")
    inside("protected areas", pa, B)
    er, _ = read(d / "erosion.gpkg", "erosion")
    check(abs(km2(shapely.union_all(er)) / A * 100 - 30) < 1e-3, "erosion 30 % of the municipality")
    bars, bf = read(d / "barriers.shp")
    check(list(bf["NAME"]) == ["大巴山", "巫山", "武陵山", "大娄山"], "四屏")
    check(all(float(fk) > km2(g) for g, fk in zip(bars, bf["FULL_KM2"])), "each 屏 reaches beyond the border (FULL_KM2 > clipped)")
    rg, _ = read(d / "ridges.shp")
    check(len(rg) == 23, "23 parallel ridges")
    rv, _ = read(d / "rivers.shp")
    belts, _ = read(d / "belts.shp")
    bu = shapely.union_all(belts)
    gaps = [shapely.distance(r, bu) for r in rv]
    check(len(rv) == 37 and max(gaps) < 1e-5, f"37 secondary rivers, each reaching a belt (largest gap {max(gaps):.1e}°)")
    ref["red_line_km2"] = km2(red[0])
    ref["zones_km2"] = {n: km2(g) for g, n in zip(dist, df["NAME"])}
    ref["protected_km2"] = {}


def relations(plan, d: Path, ref: dict):
    if plan == "chongqing":
        return relations_chongqing(d, ref)
    Bs, _ = read(d / "boundary.shp")
    B = Bs[0]
    A = km2(B)
    ref["boundary_km2"] = A
    towns, tf = read(d / "towns.shp")
    zones, zf = read(d / "zones.shp")
    red, _ = read(d / "redline.gpkg", "redline")
    pas, pf = read(d / "protected_areas.geojson")
    partition("zones", zones, B)
    partition("towns", towns, B)
    inside("red line", red[0], B)
    for g, n in zip(pas, pf["NAME"]):
        inside(n, g, B)
    ref["red_line_km2"] = km2(red[0])
    ref["zones_km2"] = {n: km2(g) for g, n in zip(zones, zf["NAME"])}
    ref["protected_km2"] = {n: km2(g) for g, n in zip(pas, pf["NAME"])}
    with rasterio.open(d / "dem.tif") as ds:
        z = ds.read(1)
        z = z[z != ds.nodata]
    lo, hi = {"wushan": (175, 2680), "jinping": (268, 1308)}[plan]
    check(int(z.min()) == lo and int(z.max()) == hi, f"DEM spans the stated {lo}–{hi} m ({z.min()}–{z.max()})")
    if plan == "wushan":
        check(abs(km2(red[0]) / A * 100 - 36.43) < 1e-4, f"red line {km2(red[0]):.3f} km² = 36.43 % of {A:.2f} km²")
        check(len(towns) == 26 and sorted(set(tf["KIND"])) == ["乡", "街道", "镇"], "26 towns (2 街道 + 11 镇 + 13 乡)")
        kinds = list(tf["KIND"])
        check((kinds.count("街道"), kinds.count("镇"), kinds.count("乡")) == (2, 11, 13), "2 街道, 11 镇, 13 乡")
        check(len(zones) == 5, "five zones (两带五区)")
        mts, mf = read(d / "mountains.shp")
        check(list(mf["NAME"]) == ["大巴山", "巫山", "七曜山"], "three named 屏 (of 四屏)")
        overl = sum(km2(shapely.intersection(a, b)) for i, a in enumerate(mts) for b in mts[i + 1:])
        check(overl < 1e-6, "屏 disjoint")
        tr, tf2 = read(d / "tributaries.shp")
        check(len(tr) == 22, "二十二廊: 22 tributaries")
        rv, rf = read(d / "rivers.shp")
        check(list(rf["NAME"]) == ["长江", "大宁河"], "两带: 长江, 大宁河")
        # every first-order tributary reaches its belt (within ≈ 1 m), every second-order one its tributary
        by = dict(zip(rf["NAME"], rv)) | dict(zip(tf2["NAME"], tr))
        gaps = [shapely.distance(t, by[j]) for t, j in zip(tr, tf2["JOINS"])]
        check(max(gaps) < 1e-5, f"each 廊 reaches the river it joins (largest gap {max(gaps):.2e}°)")
        check(len(pas) == 6, "六大自然保护地")
        grass = raster_class_km2(d / "landuse.tif", 2)
        check(abs(grass - 4.08) / 4.08 < 0.01, f"草地 {grass:.3f} km² ≈ 4.08 (planar cells)")
        forest = raster_class_km2(d / "landuse.tif", 1)
        ref["landuse_forest_planar_km2"] = forest
    else:
        check(abs(km2(red[0]) - 380.1058) < 1e-4, f"red line {km2(red[0]):.4f} km² = 380.1058")
        stated = {"锦屏三板溪—隆里古城省级风景名胜区": 16931.0, "锦屏春蕾省级森林公园": 6488.11, "圭K县级自然保护区": 189.23,
                  "八河县级自然保护区": 1871.62}
        for g, n in zip(pas, pf["NAME"]):
            check(abs(km2(g) * 100 - stated[n]) < 0.005, f"{n} {km2(g) * 100:.3f} ha = {stated[n]} ha")
        overl = sum(km2(shapely.intersection(a, b)) for i, a in enumerate(pas) for b in pas[i + 1:])
        check(overl < 1e-6, "protected areas disjoint")
        chunlei = [g for g, n in zip(pas, pf["NAME"]) if n.startswith("锦屏春蕾")][0]
        check(len(getattr(chunlei, "geoms", [chunlei])) == 2, "春蕾 in two parts")
        bars, bf = read(d / "barriers.shp")
        check(list(bf["NAME"]) == ["西北部生态屏障", "中部生态屏障", "东南部生态屏障"], "三屏")
        in_two = [n for g, n in zip(bars, bf["NAME"]) if km2(shapely.intersection(g, chunlei)) > 1]
        check(in_two == ["西北部生态屏障", "东南部生态屏障"], "春蕾 in two 屏")
        zone_of = dict(zip(tf["NAME"], tf["ZONE"]))
        for z, members in [(1, ["偶里乡", "启蒙镇", "钟灵乡", "隆里乡", "新化乡"]), (3, ["大同乡", "铜鼓镇", "郭寨镇"])]:
            check(sorted(n for n, zz in zone_of.items() if zz == z) == sorted(members), f"zone {z} = the plan's towns")
        rd, rdf = read(d / "rocky_desertification.shp")
        town_geom = dict(zip(tf["NAME"], towns))
        for g, t, gr, ha in zip(rd, rdf["TOWN"], rdf["GRADE"], rdf["PLAN_HA"]):
            check(abs(km2(g) * 100 - ha) < 1e-4 and km2(shapely.difference(g, town_geom[t])) < 1e-9,
                  f"{t} {gr} {km2(g) * 100:.4f} ha = {ha} ha, inside {t}")
        for cls, ha in [(1, 129681.72), (3, 12689.74), (2, 398.39)]:
            a = raster_class_km2(d / "landuse.tif", cls) * 100
            check(abs(a - ha) / ha < 0.01, f"land use class {cls}: {a:.1f} ha ≈ {ha} ha (planar cells)")
        rv, rf = read(d / "rivers.shp")
        check(list(rf["NAME"]) == ["清水江", "亮江"], "两廊: 清水江, 亮江")
        ref["qingshui_km"] = sum(GEOD.geometry_length(p) for p in getattr(rv[0], "geoms", [rv[0]])) / 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-regen", action="store_true")
    ap.add_argument("--plan", choices=["wushan", "jinping", "chongqing"])
    ap.add_argument("--reference")
    a = ap.parse_args()
    refs = {}
    for plan in [a.plan] if a.plan else ["wushan", "jinping", "chongqing"]:
        fixture = REPO / "fixtures" / plan
        print(f"== {plan}")
        if not a.no_regen:
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run([sys.executable, str(HERE / "generate.py"), plan, tmp], check=True, stdout=subprocess.DEVNULL)
                made = sorted(p.name for p in Path(tmp).iterdir() if p.suffix in GENERATED)
                have = sorted(p.name for p in fixture.iterdir() if p.suffix in GENERATED)
                check(made == have, f"same {len(made)} generated files")
                for name in made:
                    check((fixture / name).exists() and filecmp.cmp(Path(tmp) / name, fixture / name, shallow=False),
                          f"{name} byte-identical")
        refs[plan] = {}
        relations(plan, fixture, refs[plan])
    if a.reference:
        Path(a.reference).write_text(json.dumps(refs, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
