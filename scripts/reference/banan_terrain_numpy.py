#!/usr/bin/env python3
"""Independent reference for the Banan terrain figures (issue 13, item 6): the area of the district on each slope class
(0–15°, 15–25°, 25–90°) and elevation band (<175 m, 175–1000 m, ≥1000 m) of fixtures/banan/dem.tif, the synthetic 3″ DEM.

Writes Tests/EcoZoneTests/Fixtures/reference/banan_terrain.json; fixtures/banan/claims.yaml states the 25° figure
(`steep-slopes`, rounded to 0.01 km²) and scripts/banan/check.py recomputes it with this module.

Method (the rules EcoZone states, computed another way):
- slope: Horn's 3×3 formula on cells whose eight neighbours hold data; the run of a column (row) step is the geodesic
  distance between the neighbouring cell centres (pyproj Geod(ellps="GRS80").inv, halved over two steps), not a radius
  of curvature. Where a neighbour is missing (the DEM's edge, NoData) a row's (column's) difference is taken one-sided
  from its middle cell, or left out with the 1:2:1 weights renormalised over what remains; a NoData centre has none;
- coverage of a cell by the district (fixtures/banan/boundary.shp, EPSG:4490, edges straight in lon/lat as the DEM's):
  shapely box ∩ boundary, area over box area (the exact rule);
- cell ground area: |Geod.polygon_area_perimeter| of the cell's corners, edges densified to 8 points;
- class area = Σ coverage × cell area over the class's cells; NoData cells (and cells without a slope) counted apart.

usage: .venv/bin/python scripts/reference/banan_terrain_numpy.py
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

os.environ.setdefault("PROJ_NETWORK", "OFF")

import numpy as np
import pyogrio
import rasterio
import shapely
from pyproj import Geod

REPO = Path(__file__).resolve().parent.parent.parent
GEOD = Geod(ellps="GRS80")
SLOPE_BREAKS = [15.0, 25.0]
ELEVATION_BREAKS = [175.0, 1000.0]


def slope_degrees(z: np.ndarray, nodata: float, lat_of_row, dlon: float, dlat: float) -> np.ndarray:
    """Horn slope in degrees (NaN where none) with geodesic runs; one-sided at edges and beside NoData."""
    h, w = z.shape
    valid = z != nodata
    out = np.full((h, w), np.nan)
    for r in range(h):
        lat = lat_of_row(r)
        dx = GEOD.inv(0.0, lat, 2 * dlon, lat)[2] / 2          # half the geodesic between the neighbours across
        dy = GEOD.inv(0.0, lat - dlat, 0.0, lat + dlat)[2] / 2
        for c in range(w):
            if not valid[r, c]:
                continue

            def at(rr, cc):
                if 0 <= rr < h and 0 <= cc < w and valid[rr, cc]:
                    return float(z[rr, cc])
                return None

            def row_grad(rr):
                l, m, x = at(rr, c - 1), at(rr, c), at(rr, c + 1)
                if l is not None and x is not None:
                    return (x - l) / (2 * dx)
                if m is not None and x is not None:
                    return (x - m) / dx
                if l is not None and m is not None:
                    return (m - l) / dx
                return None

            def col_grad(cc):
                u, m, d = at(r - 1, cc), at(r, cc), at(r + 1, cc)
                if u is not None and d is not None:
                    return (u - d) / (2 * dy)
                if u is not None and m is not None:
                    return (u - m) / dy
                if m is not None and d is not None:
                    return (m - d) / dy
                return None

            gx = wx = gy = wy = 0.0
            for rr, weight in ((r - 1, 1.0), (r, 2.0), (r + 1, 1.0)):
                g = row_grad(rr)
                if g is not None:
                    gx += weight * g; wx += weight
            for cc, weight in ((c - 1, 1.0), (c, 2.0), (c + 1, 1.0)):
                g = col_grad(cc)
                if g is not None:
                    gy += weight * g; wy += weight
            if wx == 0 and wy == 0:
                continue
            ex = gx / wx if wx else 0.0
            ny = gy / wy if wy else 0.0
            out[r, c] = math.degrees(math.atan(math.hypot(ex, ny)))
    return out


def coverage(boundary, ox, oy, dlon, dlat, h, w) -> np.ndarray:
    """Exact fraction of each cell inside `boundary` (lon/lat)."""
    cols, rows = np.meshgrid(np.arange(w), np.arange(h))
    x0 = ox + cols * dlon
    y1 = oy - rows * dlat
    boxes = shapely.box(x0.ravel(), (y1 - dlat).ravel(), (x0 + dlon).ravel(), y1.ravel())
    shapely.prepare(boundary)
    inside = shapely.contains(boundary, boxes)
    touch = shapely.intersects(boundary, boxes) & ~inside
    frac = inside.astype(float)
    frac[touch] = shapely.area(shapely.intersection(boxes[touch], boundary)) / (dlon * dlat)
    return frac.reshape(h, w)


def compute(banan: Path = REPO / "fixtures" / "banan") -> dict:
    with rasterio.open(banan / "dem.tif") as ds:
        z = ds.read(1).astype(np.float64)
        nodata = float(ds.nodata)
        tf = ds.transform
    h, w = z.shape
    ox, dlon, oy, dlat = tf.c, tf.a, tf.f, -tf.e
    _, _, geoms, _ = pyogrio.raw.read(str(banan / "boundary.shp"))
    boundary = shapely.union_all(shapely.from_wkb(geoms))
    frac = coverage(boundary, ox, oy, dlon, dlat, h, w)

    def lat_of_row(r):
        return oy - (r + 0.5) * dlat

    row_area = []
    for r in range(h):
        top, bottom = oy - r * dlat, oy - (r + 1) * dlat
        xs, ys = [], []
        for (ax, ay), (bx, by) in zip([(0, bottom), (dlon, bottom), (dlon, top), (0, top)],
                                      [(dlon, bottom), (dlon, top), (0, top), (0, bottom)]):
            for t in np.arange(8) / 8:
                xs.append(ax + t * (bx - ax)); ys.append(ay + t * (by - ay))
        row_area.append(abs(GEOD.polygon_area_perimeter(xs, ys)[0]))
    area = frac * np.array(row_area)[:, None]
    slope = slope_degrees(z, nodata, lat_of_row, dlon, dlat)
    valid = z != nodata
    edges = [0.0] + SLOPE_BREAKS + [90.0]
    slope_classes = []
    for a, b in zip(edges, edges[1:]):
        m = valid & ~np.isnan(slope) & (slope >= a) & (slope < b if b < 90 else slope <= 90)
        slope_classes.append({"from": a, "to": b, "km2": float(area[m].sum() / 1e6)})
    bands = []
    bedges = [-math.inf] + ELEVATION_BREAKS + [math.inf]
    for a, b in zip(bedges, bedges[1:]):
        m = valid & (z >= a) & (z < b)
        bands.append({"from": None if a == -math.inf else a, "to": None if b == math.inf else b, "km2": float(area[m].sum() / 1e6)})
    return {"method": __doc__.split("Method")[1].split("usage:")[0].strip(),
            "total_km2": float(area.sum() / 1e6), "nodata_km2": float(area[~valid].sum() / 1e6),
            "no_slope_km2": float(area[valid & np.isnan(slope)].sum() / 1e6),
            "slope_classes": slope_classes, "elevation_bands": bands}


def main():
    ref = compute()
    out = REPO / "Tests" / "EcoZoneTests" / "Fixtures" / "reference" / "banan_terrain.json"
    out.write_text(json.dumps(ref, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in ref.items() if k != "method"}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
