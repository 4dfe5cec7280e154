#!/usr/bin/env python3
"""Independent reference for the Banan data set tests: which projects overlap which protected
areas and the red line, and by how much (shapely overlay + pyproj Geod(ellps="GRS80") areas,
inputs repaired with make_valid), plus the district's area.

Re-run: python3 scripts/reference/banan_relations_shapely.py Tests/EcoZoneTests/Fixtures/reference/banan_relations.json
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


def read(name, layer=None):
    df = gpd.read_file(os.path.join(BANAN, name), layer=layer).to_crs(4490)
    df["geometry"] = shapely.make_valid(df.geometry.values)
    return df


def area(g):
    return abs(GEOD.geometry_area_perimeter(g)[0])


def main(out):
    projects = read("projects.gpkg", "projects")
    against = {"protected-areas": read("protected_areas.geojson"), "red-line": read("redline.gpkg", "redline_2023")}
    conflicts = []
    for _, p in projects.iterrows():
        for role, layer in against.items():
            for _, q in layer.iterrows():
                if not p.geometry.intersects(q.geometry):
                    continue
                inter = shapely.intersection(p.geometry, q.geometry)
                a = sum(area(g) for g in shapely.get_parts(inter) if g.geom_type in ("Polygon", "MultiPolygon"))
                if a > 1.0:   # m²: ignore contacts along an edge
                    conflicts.append({"project": p["NAME"], "against": role, "name": q.get("NAME"), "area_m2": a})
    boundary = read("boundary.shp")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"generator": "scripts/reference/banan_relations_shapely.py", "shapely": shapely.__version__,
                   "pyproj": pyproj.__version__, "boundary_area_m2": sum(area(g) for g in boundary.geometry),
                   "conflicts": conflicts}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(conflicts)} conflicts written to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
