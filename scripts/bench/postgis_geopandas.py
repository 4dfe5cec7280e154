#!/usr/bin/env python3
"""The peer for scripts/bench-postgis: the erosion grade × restoration zone × town cross-tab with
GeoPandas reading the tables from PostGIS (read_postgis), overlay, and pyproj geodesic areas on GRS80
(CGCS2000's ellipsoid). Prints one JSON line with the total and the number of rows.

usage: postgis_geopandas.py SOCKET_DIR DBNAME USER SCHEMA
"""
import json
import sys

import geopandas as gpd
from pyproj import Geod
from sqlalchemy import create_engine

GEOD = Geod(ellps="GRS80")


def main(sock, db, user, schema):
    engine = create_engine(f"postgresql+psycopg2://{user}@/{db}?host={sock}")
    with engine.connect() as con:
        erosion = gpd.read_postgis(f"SELECT grade, geom FROM {schema}.erosion", con, geom_col="geom")
        zones = gpd.read_postgis(f"SELECT name AS zone, geom FROM {schema}.zones", con, geom_col="geom").to_crs(4490)
        towns = gpd.read_postgis(f"SELECT name AS town, geom FROM {schema}.towns", con, geom_col="geom")
    for df in (erosion, zones, towns):
        df.set_geometry(df.geometry.make_valid(), inplace=True)
    x = gpd.overlay(erosion, zones, how="intersection", keep_geom_type=True)
    x = gpd.overlay(x, towns, how="intersection", keep_geom_type=True)
    x["area"] = [abs(GEOD.geometry_area_perimeter(g)[0]) for g in x.geometry]
    t = x.groupby(["grade", "zone", "town"])["area"].sum()
    print(json.dumps({"inside_m2": float(t.sum()), "rows": int(len(t))}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
