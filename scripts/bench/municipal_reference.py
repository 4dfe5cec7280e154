#!/usr/bin/env python3
"""The reference for the municipal tabulation benchmark, where GeoPandas `overlay` of millions of
patches would take too long and too much memory on the benchmark machine: the same erosion grade ×
zone × town tabulation done patch by patch with shapely and pyproj, independently of EcoZone.

Zones × towns are intersected once (GeoPandas overlay, 5 × 23 polygons). A patch lying wholly inside
one of those cells (shapely STRtree, predicate `contains_properly`) counts whole; the others are
intersected with every cell they touch (shapely) and their pieces counted. Areas are geodesic on
GRS80 (= CGCS2000's ellipsoid; pyproj `Geod.geometry_area_perimeter`). Also prints the whole layer's
geodesic area. One JSON line, areas in m².

usage: municipal_reference.py DATA_DIR
"""
import json
import os
import sys

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

GEOD = Geod(ellps="GRS80")


def geodesic_area(geoms):
    return np.array([abs(GEOD.geometry_area_perimeter(g)[0]) for g in geoms])


def main(d):
    fixtures = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "banan"))
    erosion = gpd.read_file(os.path.join(d, "erosion.gpkg"))
    zones = gpd.read_file(os.path.join(fixtures, "zones.shp")).to_crs(4490)[["NAME", "geometry"]].rename(columns={"NAME": "ZONE"})
    towns = gpd.read_file(os.path.join(fixtures, "towns.shp")).to_crs(4490)[["NAME", "geometry"]].rename(columns={"NAME": "TOWN"})
    for df in (zones, towns):
        df["geometry"] = df.geometry.make_valid()
    cells = gpd.overlay(zones, towns, how="intersection", keep_geom_type=True)
    patches = erosion.geometry.make_valid().values
    areas = geodesic_area(patches)

    tree = shapely.STRtree(patches)
    cell_geoms = cells.geometry.values
    inside_cell, inside_patch = tree.query(cell_geoms, predicate="contains_properly")
    whole = np.zeros(len(patches), dtype=bool)
    whole[inside_patch] = True
    total = float(areas[inside_patch].sum())
    touch_cell, touch_patch = tree.query(cell_geoms, predicate="intersects")
    cut = ~whole[touch_patch]
    pieces = shapely.intersection(patches[touch_patch[cut]], cell_geoms[touch_cell[cut]])
    pieces = [p for p in pieces if not p.is_empty and p.area > 0]
    total += float(geodesic_area(pieces).sum())
    print(json.dumps({"erosion_zone_town_m2": total, "erosion_total_m2": float(areas.sum()),
                      "patches": len(patches), "whole": int(whole.sum()), "cut_pairs": int(cut.sum())}))


if __name__ == "__main__":
    main(sys.argv[1])
