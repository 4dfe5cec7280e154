#!/usr/bin/env python3
"""Independent reference for EcoZone's overlay tests: the expected pieces of each --how, drawn by
hand as rectangles in CGCS2000 / 3-degree Gauss-Kruger zone 36 (EPSG:4524), with their planar
areas (by construction) and their ellipsoidal areas (pyproj: straight GK edges densified to 10 m,
transformed to CGCS2000 lon/lat, then Geod(ellps="GRS80") polygon area).

The construction sits at 109.3°E, 30°N, ~125 km east of the zone's central meridian, where
Gauss-Kruger enlarges areas by ~3.9e-4: planar and ellipsoidal figures differ measurably.

Layer A: A1 = [0,1000]x[0,1000] with hole [200,400]x[200,400]; A2 = two squares [2000,2500]x[0,500]
and [3000,3500]x[0,500]. Layer B: B1 = [500,2250]x[-100,600]; B2 = [3500,4000]x[0,500] (touches A2
along x = 3500); B3 = [300,350]x[300,350] (inside A1's hole). Coordinates are metres from the origin.

Re-run: python3 scripts/reference/overlay_cases_pyproj.py Tests/EcoZoneTests/Fixtures/overlay/cases.json
"""
import json
import math
import sys

import pyproj

GEOD = pyproj.Geod(ellps="GRS80")
TO_LONLAT = pyproj.Transformer.from_crs("EPSG:4524", "EPSG:4490", always_xy=True)
X0, Y0 = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4524", always_xy=True).transform(109.3, 30.0)
X0, Y0 = round(X0), round(Y0)


def rect(x1, y1, x2, y2):
    return [(x1, y1), (x2, y1), (x2, y2), (x1, y2)]


def densify(ring, step=10.0):
    out = []
    n = len(ring)
    for i in range(n):
        (ax, ay), (bx, by) = ring[i], ring[(i + 1) % n]
        k = max(1, math.ceil(math.hypot(bx - ax, by - ay) / step))
        out += [(ax + (bx - ax) * t / k, ay + (by - ay) * t / k) for t in range(k)]
    return out


def ring_area(ring):
    lon, lat = TO_LONLAT.transform([X0 + x for x, _ in densify(ring)], [Y0 + y for _, y in densify(ring)])
    return abs(GEOD.polygon_area_perimeter(lon, lat)[0])


def planar(ring):
    return abs(sum(ring[i][0] * ring[(i + 1) % len(ring)][1] - ring[(i + 1) % len(ring)][0] * ring[i][1] for i in range(len(ring)))) / 2


def piece(shell, holes=()):
    return {"planar": planar(shell) - sum(planar(h) for h in holes),
            "ellipsoidal": ring_area(shell) - sum(ring_area(h) for h in holes)}


A1 = (rect(0, 0, 1000, 1000), [rect(200, 200, 400, 400)])
A2a, A2b = rect(2000, 0, 2500, 500), rect(3000, 0, 3500, 500)
B1, B2, B3 = rect(500, -100, 2250, 600), rect(3500, 0, 4000, 500), rect(300, 300, 350, 350)

# Expected pieces, by hand:
a1_b1 = piece(rect(500, 0, 1000, 600))                          # A1 ∩ B1 (the hole lies west of x = 500)
a2_b1 = piece(rect(2000, 0, 2250, 500))                         # A2 ∩ B1
a1_out = piece([(0, 0), (500, 0), (500, 600), (1000, 600), (1000, 1000), (0, 1000)], [rect(200, 200, 400, 400)])
a2_out = {k: piece(rect(2250, 0, 2500, 500))[k] + piece(A2b)[k] for k in ("planar", "ellipsoidal")}
# B1 − A: its rectangle minus the two pieces above.
b1_out = {k: piece(B1)[k] - a1_b1[k] - a2_b1[k] for k in ("planar", "ellipsoidal")}
b2_out, b3_out = piece(B2), piece(B3)


def total(*ps):
    return {k: sum(p[k] for p in ps) for k in ("planar", "ellipsoidal")}


cases = {
    "intersection": total(a1_b1, a2_b1),
    "difference": total(a1_out, a2_out),
    "identity": total(a1_b1, a2_b1, a1_out, a2_out),
    "union": total(a1_b1, a2_b1, a1_out, a2_out, b1_out, b2_out, b3_out),
    "symdifference": total(a1_out, a2_out, b1_out, b2_out, b3_out),
}
pieces = {"A1∩B1": a1_b1, "A2∩B1": a2_b1, "A1−B": a1_out, "A2−B": a2_out, "B1−A": b1_out, "B2−A": b2_out, "B3−A": b3_out,
          "A1": piece(*A1), "A2": total(piece(A2a), piece(A2b))}
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump({"generator": "scripts/reference/overlay_cases_pyproj.py", "pyproj": pyproj.__version__,
               "origin_epsg4524": [X0, Y0], "totals": cases, "pieces": pieces}, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(json.dumps(cases, indent=1))
