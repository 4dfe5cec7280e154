#!/usr/bin/env python3
"""Independent reference for the area an overlay of a lon/lat polygon layer starts from (issue 17).

EcoZone's overlays densify every polygon along its edges' geodesics (GRS80 = CGCS2000's ellipsoid)
to 100 m. Where an edge passes a few centimetres from a vertex of its own polygon (a spike or slit
along it), the geodesic bows past the vertex and the ring crosses itself, cutting off a small
inside-out lobe (winding number -1). Three readings of such a polygon:

  signed   Karney's geodesic polygon area of the vertices (pyproj, PostGIS ST_Area on geography,
           `ecozone area`): the lobe counts negatively;
  faces    the faces the densified rings wind around positively (winding >= 1), each measured
           once: what the polygon encloses — the lobe dropped (EcoZone's overlays, GEOS buffer 0);
  twice    every face with odd winding counted positively: the lobe added (the structure repair
           EcoZone used before, and ST_MakeValid).

For a layer, prints the totals of the three readings (m²) and the features with lobes. Uses pyproj
(densifying with Geod.fwd_intermediate, measuring with Geod.geometry_area_perimeter) and shapely
only to node the rings and find their faces (polygonize); the winding number is computed here.

    ogr2ogr -f GeoJSON -lco COORDINATE_PRECISION=15 /tmp/erosion.geojson fixtures/banan/erosion.shp
    python3 scripts/reference/geodesic_lobes_pyproj.py /tmp/erosion.geojson
"""
import json
import math
import sys

from pyproj import Geod
from shapely.geometry import LineString, Polygon, shape
from shapely.ops import polygonize, unary_union

GEOD = Geod(ellps="GRS80")
A = 6378137.0


def densify(xs, ys, limit=100.0):
    """The vertices of a ring with points inserted along each geodesic edge longer than `limit`
    (0.9 limit by an equirectangular estimate, ceil(s / limit) pieces), as EcoZone does."""
    out = []
    for i in range(len(xs)):
        if i > 0:
            dx = (xs[i] - xs[i - 1]) * math.cos(math.radians(ys[i]))
            dy = ys[i] - ys[i - 1]
            if math.hypot(dx, dy) * A * math.pi / 180 > 0.9 * limit:
                az, _, s = GEOD.inv(xs[i - 1], ys[i - 1], xs[i], ys[i])
                n = math.ceil(s / limit)
                if n > 1:
                    r = GEOD.fwd_intermediate(xs[i - 1], ys[i - 1], az, n - 1, del_s=s / n, return_back_azimuth=True)
                    out += list(zip(r.lons, r.lats))
        out.append((xs[i], ys[i]))
    return out


def winding(ring, pt):
    x, y = pt
    w = 0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        cross = (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1)
        if y1 <= y < y2 and cross > 0:
            w += 1
        elif y2 <= y < y1 and cross < 0:
            w -= 1
    return w


def area(g):
    return abs(GEOD.geometry_area_perimeter(g)[0])


def readings(geometry):
    polys = list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]
    signed = sum(area(p) for p in polys)   # geometry_area_perimeter subtracts holes
    rings = []
    for p in polys:
        for k, r in enumerate([p.exterior] + list(p.interiors)):
            d = densify(*map(list, r.xy))
            # Orient shells counter-clockwise, holes clockwise, so that inside means winding >= 1.
            ccw = sum((b[0] - a[0]) * (b[1] + a[1]) for a, b in zip(d, d[1:])) < 0   # shoelace
            if (k == 0) != ccw:
                d = d[::-1]
            rings.append(d)
    if all(Polygon(r).is_valid for r in rings) and Polygon(rings[0], rings[1:]).is_valid:
        return signed, signed, signed, []
    faces = list(polygonize(unary_union([LineString(r) for r in rings])))
    positive = twice = 0.0
    lobes = []
    for f in faces:
        w = sum(winding(r, f.representative_point().coords[0]) for r in rings)
        a = area(f)
        if w >= 1:
            positive += a
        if w % 2:
            twice += a
        if w < 0:
            lobes.append(round(a, 3))
    return signed, positive, twice, lobes


def main(path):
    fc = json.load(open(path, encoding="utf-8"))
    totals = [0.0, 0.0, 0.0]
    for i, feature in enumerate(fc["features"]):
        g = shape(feature["geometry"])
        s, p, t, lobes = readings(g)
        totals = [totals[0] + s, totals[1] + p, totals[2] + t]
        if lobes:
            print(f"feature {i}: signed {s:.3f} faces {p:.3f} twice {t:.3f} lobes {lobes}")
    print(json.dumps({"signed_m2": totals[0], "faces_m2": totals[1], "twice_m2": totals[2]}))


if __name__ == "__main__":
    main(sys.argv[1])
