#!/usr/bin/env python3
"""Independent reference for `ecozone pattern` on the Banan data set (shapely + pyproj, no EcoZone):
elements per role (features merged by NAME), the pattern graph under the default rules (link distance
0 m: footprints touch; belts given as lines buffered 1000 m each side, corridors and nodes given as lines
or points 30 m each side; all in EPSG:4524, the CGCS2000
3-degree Gauss-Krueger zone 36), isolated elements, barriers with no belt neighbour, barrier areas
(pyproj Geod GRS80) and each barrier's share inside the 2023 red line and the protected areas
(both dissolved, inputs repaired with make_valid).

Re-run: .venv/bin/python scripts/reference/pattern_banan_shapely.py Tests/EcoZoneTests/Fixtures/reference/pattern_banan.json
"""
import json
import os
import sys

import geopandas as gpd
import pyproj
import shapely

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BANAN = os.path.join(ROOT, "fixtures", "banan")
GEOD = pyproj.Geod(ellps="GRS80")
ROLES = [("barriers", "ranges.shp"), ("belts", "rivers.shp"), ("corridors", "streams.shp"), ("nodes", "nodes.shp")]


def read(name, layer=None, crs=4490):
    df = gpd.read_file(os.path.join(BANAN, name), layer=layer).to_crs(crs)
    df["geometry"] = shapely.make_valid(df.geometry.values)
    return df


def area(g):
    return abs(GEOD.geometry_area_perimeter(g)[0])


def main(out):
    elements = []  # (id, role, geographic, projected footprint)
    for role, name in ROLES:
        geo = read(name)
        gk = geo.to_crs(4524)
        for key in dict.fromkeys(geo["NAME"]):
            g = shapely.union_all(geo[geo["NAME"] == key].geometry.values)
            p = shapely.union_all(gk[gk["NAME"] == key].geometry.values)
            if p.geom_type in ("LineString", "MultiLineString", "Point", "MultiPoint"):
                p = p.buffer(1000 if role == "belts" else 30, quad_segs=16)
            elements.append((f"{role}:{key}", role, g, p))
    counts = {r: sum(1 for e in elements if e[1] == r) for r, _ in ROLES}
    edges = []
    for i in range(len(elements)):
        for j in range(i + 1, len(elements)):
            if elements[i][3].distance(elements[j][3]) <= 1e-6:
                edges.append([elements[i][0], elements[j][0]])
    linked = {x for e in edges for x in e}
    isolated = [e[0] for e in elements if e[0] not in linked]
    roles = {e[0]: e[1] for e in elements}
    without_belt = [e[0] for e in elements if e[1] == "barriers"
                    and not any((a == e[0] and roles[b] == "belts") or (b == e[0] and roles[a] == "belts") for a, b in edges)]
    comp = {e[0]: e[0] for e in elements}

    def find(x):
        while comp[x] != x:
            x = comp[x]
        return x
    for a, b in edges:
        comp[find(a)] = find(b)
    belt_roots = {find(e[0]) for e in elements if e[1] == "belts"}
    cut_off = [e[0] for e in elements if e[1] == "barriers" and find(e[0]) not in belt_roots]
    red = shapely.union_all(read("redline.gpkg", "redline_2023").geometry.values)
    pa = shapely.union_all(read("protected_areas.geojson").geometry.values)
    barriers = {}
    for eid, role, g, _ in elements:
        if role != "barriers":
            continue
        a = area(g)
        barriers[eid] = {"area_m2": a, "share_red_line": area(g.intersection(red)) / a,
                         "share_protected_areas": area(g.intersection(pa)) / a}
    lengths = {e[0]: GEOD.geometry_length(e[2]) for e in elements if e[1] == "belts"}
    result = {"counts": counts, "edges": edges, "isolated": isolated, "barriers_without_belt": without_belt, "barriers_cut_off": cut_off,
              "barriers": barriers, "belt_lengths_m": lengths}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1, sort_keys=True)
    print(f"{len(elements)} elements, {len(edges)} edges, isolated {isolated}, barriers without belt {without_belt}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "-")
