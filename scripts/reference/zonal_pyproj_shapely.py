#!/usr/bin/env python3
"""Independent reference for `ecozone zonal` (issue 13): zone areas per class, NoData and outside, and
area-weighted statistics, computed cell by cell with shapely coverage fractions and pyproj Geod cell areas.

Writes into Tests/EcoZoneTests/Fixtures/zonal/:
  lonlat.tif   EPSG:4490, 0.002° cells near 巴南 (60 × 50), UInt8 classes 1–4, NoData 0 in a few cells
  gk.tif       EPSG:4524 (CGCS2000 3° GK zone 36), 30 m cells (220 × 180), Float32 values, NoData -9999
  zones.geojson  three zones in EPSG:4490: a polygon with a hole, a triangle reaching beyond both rasters,
               a thin diagonal sliver; field NAME
  reference.json the numbers below, for both rasters and both rules

Method (the same rule EcoZone states, computed another way):
- zones are transformed vertex by vertex into the raster's CRS (pyproj, always_xy);
- coverage c of a cell = area(shapely box of the cell ∩ zone) / area(box), planar in the raster's CRS (exact rule);
  centre rule: the cell is in when GDAL's rasterisation (rasterio.features.rasterize, all_touched=False) burns it;
- the cell's ground area A = |pyproj Geod(ellps="GRS80").polygon_area_perimeter| of the cell's four corners in
  lon/lat, each edge densified to 8 points (lon/lat cells: parallels and meridians; GK cells: corners transformed
  with pyproj) — Karney's geodesic polygon area, not the closed form EcoZone uses;
- cells of a zone's box beyond the raster are 'outside'; class area = Σ c·A; mean = Σ c·A·x / Σ c·A; sum = Σ c·x.

usage: .venv/bin/python scripts/reference/zonal_pyproj_shapely.py   (needs numpy, shapely, pyproj, rasterio)
"""
from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("PROJ_NETWORK", "OFF")

import numpy as np
import rasterio
import rasterio.features
import shapely
from pyproj import Geod, Transformer
from rasterio.transform import from_origin
from shapely.geometry import Polygon, box, mapping

REPO = Path(__file__).resolve().parent.parent.parent
OUT = REPO / "Tests" / "EcoZoneTests" / "Fixtures" / "zonal"
GEOD = Geod(ellps="GRS80")
TO_GK = Transformer.from_crs("EPSG:4490", "EPSG:4524", always_xy=True)
TO_LL = Transformer.from_crs("EPSG:4524", "EPSG:4490", always_xy=True)


def zones():
    a = Polygon([(106.512, 29.452), (106.571, 29.447), (106.583, 29.489), (106.548, 29.531), (106.509, 29.503)],
                [[(106.535, 29.47), (106.556, 29.475), (106.549, 29.497), (106.531, 29.49)]])
    b = Polygon([(106.585, 29.44), (106.66, 29.47), (106.592, 29.56)])          # reaches beyond both rasters
    c = Polygon([(106.50, 29.431), (106.604, 29.519), (106.6045, 29.5215), (106.5003, 29.4338)])  # sliver
    return [("甲", a), ("乙", b), ("丙", c)]


def densified_ring(xs, ys, n=8):
    px, py = [], []
    for i in range(len(xs)):
        x0, y0, x1, y1 = xs[i], ys[i], xs[(i + 1) % len(xs)], ys[(i + 1) % len(xs)]
        for t in np.arange(n) / n:
            px.append(x0 + t * (x1 - x0)); py.append(y0 + t * (y1 - y0))
    return px, py


def cell_area(x0, y0, x1, y1, lonlat: bool):
    xs, ys = densified_ring([x0, x1, x1, x0], [y0, y0, y1, y1])
    if not lonlat:
        xs, ys = TO_LL.transform(xs, ys)
    return abs(GEOD.polygon_area_perimeter(xs, ys)[0])


def summarise(path: Path, lonlat: bool, nodata, zs):
    with rasterio.open(path) as ds:
        vals = ds.read(1).astype(np.float64)
        tf = ds.transform
        h, w = vals.shape
    ox, px, oy, py = tf.c, tf.a, tf.f, tf.e
    out = {}
    for name, zone in zs:
        g = zone if lonlat else shapely.transform(zone, lambda xy: np.column_stack(TO_GK.transform(xy[:, 0], xy[:, 1])))
        minx, miny, maxx, maxy = g.bounds
        c0, c1 = int(np.floor((minx - ox) / px)), int(np.ceil((maxx - ox) / px))
        r0, r1 = int(np.floor((maxy - oy) / py)), int(np.ceil((miny - oy) / py))
        burn = rasterio.features.rasterize([(g, 1)], out_shape=(h, w), transform=tf, fill=0, all_touched=False, dtype="uint8")
        res = {}
        for rule in ("exact", "centre"):
            total = nodata_a = outside = data = wsum = vsum = 0.0
            vmin, vmax = np.inf, -np.inf
            classes: dict[float, float] = {}
            shapely.prepare(g)
            for r in range(r0, r1):
                for c in range(c0, c1):
                    x0, x1 = ox + c * px, ox + (c + 1) * px
                    y0, y1 = oy + (r + 1) * py, oy + r * py
                    inside = 0 <= r < h and 0 <= c < w
                    if rule == "exact":
                        cb = box(x0, y0, x1, y1)
                        if not g.intersects(cb):
                            continue
                        f = g.intersection(cb).area / cb.area
                    else:
                        if not inside:
                            continue      # GDAL burns only cells of the raster
                        f = float(burn[r, c])
                    if f <= 0:
                        continue
                    a = f * cell_area(x0, y0, x1, y1, lonlat)
                    if not inside:
                        outside += a
                        continue
                    total += a
                    x = vals[r, c]
                    if x == nodata:
                        nodata_a += a
                        continue
                    data += a
                    wsum += a * x
                    vsum += f * x
                    vmin, vmax = min(vmin, x), max(vmax, x)
                    if lonlat:
                        classes[x] = classes.get(x, 0.0) + a
            res[rule] = {"total_m2": total, "nodata_m2": nodata_a, "outside_m2": outside,
                         "classes_m2": {str(int(k)): v for k, v in sorted(classes.items())},
                         "mean": wsum / data if data else None, "sum": vsum, "min": vmin if data else None,
                         "max": vmax if data else None}
        out[name] = res
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    r = np.random.default_rng(20260513)
    zs = zones()
    # lon/lat raster
    ll_tf = from_origin(106.49, 29.55, 0.002, 0.002)
    classes = r.integers(1, 5, size=(50, 60)).astype(np.uint8)
    classes[r.random((50, 60)) < 0.03] = 0
    with rasterio.open(OUT / "lonlat.tif", "w", driver="GTiff", width=60, height=50, count=1, dtype="uint8", crs="EPSG:4490",
                       transform=ll_tf, nodata=0, compress="DEFLATE") as ds:
        ds.write(classes, 1)
    # GK raster around the same place
    x, y = TO_GK.transform(106.50, 29.54)
    gk_tf = from_origin(np.floor(x / 30) * 30, np.floor(y / 30) * 30, 30, 30)
    values = (100 + 400 * r.random((180, 220))).astype(np.float32)
    values[r.random((180, 220)) < 0.03] = -9999
    with rasterio.open(OUT / "gk.tif", "w", driver="GTiff", width=220, height=180, count=1, dtype="float32", crs="EPSG:4524",
                       transform=gk_tf, nodata=-9999, compress="DEFLATE") as ds:
        ds.write(values, 1)
    fc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
          "features": [{"type": "Feature", "properties": {"NAME": n}, "geometry": mapping(g)} for n, g in zs]}
    (OUT / "zones.geojson").write_text(json.dumps(fc, ensure_ascii=False, indent=1), encoding="utf-8")
    ref = {"method": __doc__.split("Method")[1].split("usage:")[0].strip(),
           "lonlat": summarise(OUT / "lonlat.tif", True, 0, zs),
           "gk": summarise(OUT / "gk.tif", False, -9999, zs)}
    (OUT / "reference.json").write_text(json.dumps(ref, ensure_ascii=False, indent=1), encoding="utf-8")
    for k in ("lonlat", "gk"):
        for n, v in ref[k].items():
            print(k, n, {rule: round(v[rule]["total_m2"], 3) for rule in v})


if __name__ == "__main__":
    main()
