#!/usr/bin/env python3
"""The peer: the same two tabulations with GeoPandas overlay + pyproj geodesic areas (GRS80 =
CGCS2000's ellipsoid), as an analyst would write them. Prints one JSON line with the totals.

usage: overlay_geopandas.py DATA_DIR
"""
import json
import os
import sys

import geopandas as gpd
from pyproj import Geod

GEOD = Geod(ellps="GRS80")


def geodesic_area(gs):
    return [abs(GEOD.geometry_area_perimeter(g)[0]) for g in gs]


def main(d):
    fixtures = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "banan"))
    erosion = gpd.read_file(os.path.join(d, "erosion.gpkg"))[["GRADE", "geometry"]]
    red = gpd.read_file(os.path.join(d, "redline.gpkg"))[["geometry"]]
    zones = gpd.read_file(os.path.join(fixtures, "zones.shp")).to_crs(4490)[["NAME", "geometry"]].rename(columns={"NAME": "ZONE"})
    towns = gpd.read_file(os.path.join(fixtures, "towns.shp")).to_crs(4490)[["NAME", "geometry"]].rename(columns={"NAME": "TOWN"})
    # GeoPandas refuses invalid input in overlay; repair as EcoZone does.
    for df in (erosion, red, zones, towns):
        df["geometry"] = df.geometry.make_valid()

    # 1. erosion grade × zone × town
    x = gpd.overlay(erosion, zones, how="intersection", keep_geom_type=True)
    x = gpd.overlay(x, towns, how="intersection", keep_geom_type=True)
    x["area"] = geodesic_area(x.geometry)
    t1 = x.groupby(["GRADE", "ZONE", "TOWN"])["area"].sum()

    # 2. red line × erosion grade
    y = gpd.overlay(red, erosion, how="intersection", keep_geom_type=True)
    y["area"] = geodesic_area(y.geometry)
    t2 = y.groupby(["GRADE"])["area"].sum()
    print(json.dumps({"erosion_zone_town_m2": float(t1.sum()), "erosion_zone_town_rows": int(len(t1)),
                      "redline_grade_m2": float(t2.sum()), "redline_grade_rows": int(len(t2))}))


if __name__ == "__main__":
    main(sys.argv[1])
