#!/usr/bin/env python3
"""Independent reference for rasters, lines and points as project layers (issue 13, items 1 and 4):
raster classes crossed with vector zones, line lengths and point counts per zone.

Writes into Tests/EcoZoneTests/Fixtures/layers/:
  landcover.tif   EPSG:4524 (CGCS2000 3° GK zone 36), 30 m cells (180 × 150), UInt8 classes 1–3, NoData 0 in a block
  zones.geojson   three zones (NAME 甲 with a hole, 乙 reaching beyond the raster, 丙 a thin sliver), EPSG:4490
  halves.geojson  two polygons (SIDE 西, 东) covering part of the zones, EPSG:4490
  rivers.geojson  two lines (NAME 甲河, 乙河) crossing the zones, EPSG:4490
  sites.geojson   eight points (NAME, KIND), EPSG:4490, none on a zone's edge
  project.yaml    crs EPSG:4524; the layers above; landcover as a categorical raster
  reference.json  the numbers below

Method (the rules EcoZone states, computed another way):
- the project's analysis CRS is EPSG:4524: vectors are transformed vertex by vertex into it (pyproj, always_xy),
  cut there with shapely (intersection / difference), pieces transformed back to lon/lat where a length is needed;
- raster classes: for each piece, coverage c of a cell = area(shapely box of the cell ∩ piece) / area(box), planar in
  the raster's CRS (the exactextract rule); the cell's ground area A = |pyproj Geod(ellps="GRS80").polygon_area_perimeter|
  of the cell's corners transformed to lon/lat, each edge densified to 8 points; class area = Σ c·A over the class's cells;
  NoData cells under '(nodata)', cells beyond the raster '(outside)';
- raster first: the first layer is the raster's box (its data cells only), cut by zones then halves, '(outside)' where
  a piece lies outside them;
- line lengths: pyproj Geod(ellps="GRS80").geometry_length of the pieces in lon/lat (geodesics between vertices);
- point counts: shapely point-in-polygon (`contains`) in EPSG:4524.

usage: .venv/bin/python scripts/reference/layers_pyproj_shapely.py   (needs numpy, shapely, pyproj, rasterio)
"""
from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("PROJ_NETWORK", "OFF")

import numpy as np
import rasterio
import shapely
from pyproj import Geod, Transformer
from rasterio.transform import from_origin
from shapely.geometry import LineString, Point, Polygon, box, mapping
from shapely.ops import unary_union

REPO = Path(__file__).resolve().parent.parent.parent
OUT = REPO / "Tests" / "EcoZoneTests" / "Fixtures" / "layers"
GEOD = Geod(ellps="GRS80")
TO_GK = Transformer.from_crs("EPSG:4490", "EPSG:4524", always_xy=True)
TO_LL = Transformer.from_crs("EPSG:4524", "EPSG:4490", always_xy=True)
CLASSES = {1: "林地", 2: "草地", 3: "耕地"}


def gk(g):
    return shapely.transform(g, lambda xy: np.column_stack(TO_GK.transform(xy[:, 0], xy[:, 1])))


def ll(g):
    return shapely.transform(g, lambda xy: np.column_stack(TO_LL.transform(xy[:, 0], xy[:, 1])))


def zones():
    a = Polygon([(106.505, 29.495), (106.525, 29.493), (106.528, 29.515), (106.508, 29.522)],
                [[(106.512, 29.503), (106.520, 29.502), (106.519, 29.510), (106.513, 29.511)]])
    b = Polygon([(106.530, 29.490), (106.565, 29.485), (106.560, 29.525), (106.535, 29.520)])   # beyond the raster
    c = Polygon([(106.505, 29.5255), (106.550, 29.5268), (106.5502, 29.5285), (106.505, 29.5270)])  # sliver
    return [("甲", a), ("乙", b), ("丙", c)]


def halves():
    w = Polygon([(106.500, 29.488), (106.532, 29.488), (106.527, 29.523), (106.500, 29.523)])
    e = Polygon([(106.532, 29.488), (106.552, 29.488), (106.552, 29.523), (106.527, 29.523)])
    return [("西", w), ("东", e)]


def rivers():
    return [("甲河", LineString([(106.49, 29.50), (106.515, 29.505), (106.54, 29.50), (106.57, 29.51)])),
            ("乙河", LineString([(106.545, 29.48), (106.543, 29.505), (106.54, 29.53)]))]


def sites():
    return [("一号", "水厂", (106.510, 29.500)), ("二号", "水厂", (106.516, 29.506)),   # 甲; 甲's hole
            ("三号", "监测站", (106.540, 29.500)), ("四号", "监测站", (106.555, 29.515)),  # 乙, 乙
            ("五号", "监测站", (106.530, 29.5266)), ("六号", "水厂", (106.520, 29.519)),  # 丙; 甲
            ("七号", "水厂", (106.580, 29.500)), ("八号", "监测站", (106.500, 29.480))]   # outside every zone


def cell_area(x0, y0, x1, y1):
    xs, ys = [], []
    for (ax, ay), (bx, by) in zip([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], [(x1, y0), (x1, y1), (x0, y1), (x0, y0)]):
        for t in np.arange(8) / 8:
            xs.append(ax + t * (bx - ax)); ys.append(ay + t * (by - ay))
    lon, lat = TO_LL.transform(xs, ys)
    return abs(GEOD.polygon_area_perimeter(lon, lat)[0])


class Raster:
    def __init__(self, path):
        with rasterio.open(path) as ds:
            self.vals = ds.read(1)
            tf = ds.transform
        self.h, self.w = self.vals.shape
        self.ox, self.px, self.oy, self.py = tf.c, tf.a, tf.f, tf.e
        self.areas = {}

    def area(self, r, c):
        if (r, c) not in self.areas:
            x0, x1 = self.ox + c * self.px, self.ox + (c + 1) * self.px
            y0, y1 = self.oy + (r + 1) * self.py, self.oy + r * self.py
            self.areas[(r, c)] = cell_area(x0, y0, x1, y1)
        return self.areas[(r, c)]

    def box(self):
        return box(self.ox, self.oy + self.h * self.py, self.ox + self.w * self.px, self.oy)

    def tally(self, g):
        """class name (or '(nodata)', '(outside)') → m² of piece g (in EPSG:4524)."""
        out = {}
        if g.is_empty:
            return out
        minx, miny, maxx, maxy = g.bounds
        c0, c1 = int(np.floor((minx - self.ox) / self.px)), int(np.ceil((maxx - self.ox) / self.px))
        r0, r1 = int(np.floor((maxy - self.oy) / self.py)), int(np.ceil((miny - self.oy) / self.py))
        shapely.prepare(g)
        for r in range(r0, r1):
            for c in range(c0, c1):
                x0, x1 = self.ox + c * self.px, self.ox + (c + 1) * self.px
                y0, y1 = self.oy + (r + 1) * self.py, self.oy + r * self.py
                cb = box(x0, y0, x1, y1)
                if not g.intersects(cb):
                    continue
                f = cb.area if g.contains(cb) else g.intersection(cb).area
                f /= cb.area
                if f <= 0:
                    continue
                a = f * self.area(r, c)
                if not (0 <= r < self.h and 0 <= c < self.w):
                    k = "(outside)"
                elif self.vals[r, c] == 0:
                    k = "(nodata)"
                else:
                    k = CLASSES[int(self.vals[r, c])]
                out[k] = out.get(k, 0.0) + a
        return out


def cut(first, groups):
    """Pieces of `first` [(key, geometry)] cut by each group [(key, geometry)] in turn: (keys, geometry)."""
    pieces = [([k], g) for k, g in first]
    for group in groups:
        union = unary_union([g for _, g in group])
        nxt = []
        for keys, g in pieces:
            for k, h in group:
                p = g.intersection(h)
                if not p.is_empty and (p.area > 0 or p.length > 0 or g.geom_type.endswith("Point")):
                    nxt.append((keys + [k], p))
            rest = g.difference(union)
            if not rest.is_empty:
                nxt.append((keys + ["(outside)"], rest))
        pieces = nxt
    return pieces


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20260601)
    x, y = TO_GK.transform(106.500, 29.530)
    tf = from_origin(np.floor(x / 30) * 30, np.floor(y / 30) * 30, 30, 30)
    h, w = 150, 180
    rr, cc = np.mgrid[0:h, 0:w]
    field = np.sin(rr / 9.0) + np.cos(cc / 13.0) + 0.6 * rng.random((h, w))
    classes = np.where(field > 0.9, 1, np.where(field > 0.1, 2, 3)).astype(np.uint8)
    classes[40:52, 100:118] = 0                      # a NoData block inside 乙
    with rasterio.open(OUT / "landcover.tif", "w", driver="GTiff", width=w, height=h, count=1, dtype="uint8", crs="EPSG:4524",
                       transform=tf, nodata=0, compress="DEFLATE") as ds:
        ds.write(classes, 1)

    def write(name, feats):
        fc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
              "features": [{"type": "Feature", "properties": p, "geometry": mapping(g)} for p, g in feats]}
        (OUT / name).write_text(json.dumps(fc, ensure_ascii=False, indent=1), encoding="utf-8")

    zs, hs, rs, ss = zones(), halves(), rivers(), sites()
    write("zones.geojson", [({"NAME": n}, g) for n, g in zs])
    write("halves.geojson", [({"SIDE": n}, g) for n, g in hs])
    write("rivers.geojson", [({"NAME": n}, g) for n, g in rs])
    write("sites.geojson", [({"NAME": n, "KIND": k}, Point(p)) for n, k, p in ss])
    (OUT / "project.yaml").write_text("""# Written by scripts/reference/layers_pyproj_shapely.py (issue 13): rasters, lines and points as layers.
name: layers fixture
crs: EPSG:4524
layers:
  zones:     { source: zones.geojson, name: NAME }
  halves:    { source: halves.geojson, name: SIDE }
  rivers:    { source: rivers.geojson, name: NAME }
  sites:     { source: sites.geojson, name: NAME, class: KIND }
  landcover: { raster: landcover.tif, classes: { 1: 林地, 2: 草地, 3: 耕地 } }
""", encoding="utf-8")

    raster = Raster(OUT / "landcover.tif")
    zg = [(n, gk(g)) for n, g in zs]
    hg = [(n, gk(g)) for n, g in hs]
    ref = {"method": __doc__.split("Method")[1].split("usage:")[0].strip()}
    # zones:name × landcover:class (the raster after a vector layer)
    ref["zones_by_class_m2"] = {n: raster.tally(g) for n, g in zg}
    # landcover:class × zones:name × halves:side (the raster first: its box cut by zones, then halves; data cells only)
    first = [("landcover", raster.box())]
    rows = {}
    for keys, g in cut(first, [zg, hg]):
        for k, a in raster.tally(g).items():
            if k in ("(nodata)", "(outside)"):
                continue
            rows["|".join([k] + keys[1:])] = rows.get("|".join([k] + keys[1:]), 0.0) + a
    ref["class_by_zones_by_halves_m2"] = rows
    # zones:name × halves:side × landcover:class
    rows = {}
    for keys, g in cut(zg, [hg]):
        for k, a in raster.tally(g).items():
            rows["|".join(keys + [k])] = rows.get("|".join(keys + [k]), 0.0) + a
    ref["zones_by_halves_by_class_m2"] = rows
    # rivers:name × zones:name: geodesic length (m) of the pieces cut in EPSG:4524
    rows = {}
    for keys, g in cut([(n, gk(l)) for n, l in rs], [zg]):
        rows["|".join(keys)] = rows.get("|".join(keys), 0.0) + GEOD.geometry_length(ll(g))
    ref["rivers_by_zones_m"] = rows
    ref["rivers_m"] = {n: GEOD.geometry_length(l) for n, l in rs}
    # sites × zones:name, sites:class × halves:side: counts
    rows = {}
    for n, k, p in ss:
        pt = gk(Point(p))
        inside = [zn for zn, z in zg if z.contains(pt)]
        key = inside[0] if inside else "(outside)"
        rows[key] = rows.get(key, 0) + 1
    ref["sites_by_zones"] = rows
    rows = {}
    for n, k, p in ss:
        pt = gk(Point(p))
        inside = [hn for hn, hh in hg if hh.contains(pt)]
        key = k + "|" + (inside[0] if inside else "(outside)")
        rows[key] = rows.get(key, 0) + 1
    ref["sites_class_by_halves"] = rows
    (OUT / "reference.json").write_text(json.dumps(ref, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    for k, v in ref.items():
        if k != "method":
            print(k, v if len(str(v)) < 400 else str(v)[:400] + "…")


if __name__ == "__main__":
    main()
