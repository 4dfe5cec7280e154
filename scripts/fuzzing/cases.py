"""A case: seed files copied into a folder, a list of mutations, one `ecozone` command line.

Case i of seed s draws every choice from random.Random("ecozone-fuzz:s:i"); each mutation carries its own
sub-seed, so a case rebuilt without one of its mutations (minimisation) is still deterministic.
"""
import copy
import struct
import random
from dataclasses import dataclass, field

from . import binary, geojson, gpkg, plantext, seeds, shapefile, tiff, yamltext

KINDS = {"shp": 22, "geojson": 18, "gpkg": 14, "tif": 12, "project": 12, "claims": 11, "plan": 11}

BYTE_MUTATORS = {}
for module in (binary, shapefile, geojson, gpkg, tiff, plantext):
    BYTE_MUTATORS.update(module.MUTATORS)
BYTE_MUTATORS["delete"] = lambda data, rng: None
BYTE_MUTATORS["yaml_text"] = yamltext.text
YAML_TREES = {"project.yaml": seeds.PROJECT, "claims.yaml": seeds.CLAIMS}
FIELDS = ["NAME", "GRADE", "TYPE", "name", "district_name", "Id", "MISSING", "CODE", "名称", ""]


@dataclass
class Case:
    seed: int
    index: int
    kind: str
    files: dict          # name in the case folder → seed file it starts from
    argv: list
    mutations: list = field(default_factory=list)   # [mutator, target file, sub-seed]

    def build(self, seed_dir):
        """{name: bytes} after the mutations (a deleted file is absent)."""
        out = {name: (seed_dir / src).read_bytes() for name, src in self.files.items()}
        trees = {}
        for _, name, _ in [m for m in self.mutations if m[0] == "yaml_tree"]:
            trees.setdefault(name, yamltext.to_tree(copy.deepcopy(YAML_TREES[name])))
        for mut, name, sub in self.mutations:
            if mut == "yaml_tree":
                yamltext.mutate(trees[name], random.Random(sub))
        for name, tree in trees.items():
            out[name] = yamltext.emit(tree).encode("utf-8", "surrogatepass")
        for mut, name, sub in self.mutations:
            if mut == "yaml_tree":
                continue
            if name not in out:
                if mut == "delete":
                    continue
                out[name] = b""
            try:
                data = BYTE_MUTATORS[mut](out[name], random.Random(sub))
            except (ValueError, TypeError, OverflowError, IndexError, KeyError, RecursionError, UnicodeError, struct.error):
                data = out[name]  # a mutator that cannot apply to this input leaves it as it is
            if data is None:
                del out[name]
            else:
                out[name] = data
        return out


def _shp_files(stem, seed_dir):
    return {stem + ext: stem + ext for ext in seeds.SHP_EXTS if (seed_dir / (stem + ext)).exists()}


def _odd(rng, normal, odd, p=0.1):
    return rng.choice(odd) if rng.random() < p else normal


def vector_command(rng, src, polygons, layers=None):
    layer = []
    if layers:
        layer = ["--layer", rng.choice(layers)] if rng.random() < 0.85 else []
    what = rng.choices(["inspect", "area", "export", "connectivity", "overlay", "buffer"],
                       [30, 30, 20, 12 if polygons else 0, 6 if polygons else 0, 6])[0]
    if what == "buffer":
        argv = ["buffer", src] + layer + ["--distance", _odd(rng, rng.choice(["1000", "30", "50000"]), ["0", "nan", "-5", "inf", "1e308", "1e-300"]),
                                          "--out", rng.choice(["out/b.gpkg", "out/b.geojson", "out/b.shp"])]
        if rng.random() < 0.4:
            argv += ["--dissolve"]
        if rng.random() < 0.2:
            argv += ["--where", rng.choice(yamltext.WHERE)]
        return argv
    if what == "inspect":
        return ["inspect", src] + layer + (["--json"] if rng.random() < 0.3 else [])
    if what == "area":
        argv = ["area", src] + layer
        if rng.random() < 0.5:
            argv += ["--method", rng.choice(["both", "projected", "ellipsoidal"])]
        if rng.random() < 0.3:
            argv += ["--by", rng.choice(FIELDS)]
        if rng.random() < 0.2:
            argv += ["--unit", rng.choice(["km2", "ha", "m2", "mu"])]
        if rng.random() < 0.1:
            argv += ["--where", rng.choice(yamltext.WHERE)]
        if rng.random() < 0.1:
            argv += ["--assume-crs", rng.choice(yamltext.CRS)]
        if rng.random() < 0.05:
            argv += ["--encoding", rng.choice(["CP936", "UTF-8", "garbage", "UTF-16"])]
        if rng.random() < 0.1:
            argv += ["--gcj02-source"]
        if rng.random() < 0.3:
            argv += ["--json"]
        return argv
    if what == "export":
        ext = rng.choice(["geojson", "geojson", "gpkg", "shp", "fgb"])
        out = f"out/o.{ext}"
        stem = src.rsplit(".", 1)[0]
        if rng.random() < 0.03:  # an output that is, or is part of, an input
            out = rng.choice([stem + ".shx", stem + ".SHP", stem + ".dbf", src, stem + ".geojson", "./" + src])
        argv = ["export", src, "--out", out] + layer
        if rng.random() < 0.3:
            argv += ["--precision", str(rng.choice([0, 1, 6, 15]))]
        if rng.random() < 0.2:
            argv += ["--simplify", _odd(rng, rng.choice(["10", "50", "0"]), ["1e308", "nan", "1e-300", "inf"], 0.3)]
        if rng.random() < 0.1:
            argv += ["--gcj02"]
        if rng.random() < 0.2:
            argv += ["--json"]
        return argv
    if what == "connectivity":
        argv = ["connectivity", src] + layer + ["--distance", _odd(rng, rng.choice(["1000", "10000", "100"]), ["0", "nan", "1e308", "-5", "inf"])]
        if rng.random() < 0.2:
            argv += ["--probability", _odd(rng, "0.5", ["0", "1", "nan", "1e-300", "2"], 0.5)]
        if rng.random() < 0.3:
            argv += ["--node-distance", "edge"]
        if rng.random() < 0.2:
            argv += ["--landscape-area", _odd(rng, "100000", ["0", "nan", "-1", "1e308"], 0.4)]
        if rng.random() < 0.1:
            argv += ["--pij-min", _odd(rng, "0.01", ["nan", "1", "-1"], 0.4)]
        if rng.random() < 0.2:
            argv += ["--out", "out/conn"]
        if rng.random() < 0.3:
            argv += ["--json"]
        return argv
    argv = ["overlay", src, "other.geojson", "--how", rng.choice(["intersection", "union", "difference", "identity", "symdifference"])]
    if rng.random() < 0.3:
        argv += ["--out", "out/ov.geojson"]
    return argv


def raster_command(rng, command, raster, zones):
    """`zonal`, `terrain` or `mspa` on a (mutated) raster, with odd option values now and then."""
    if command == "zonal":
        argv = ["zonal", raster, "--zones", zones]
        if rng.random() < 0.6:
            argv += ["--classes"]
        if rng.random() < 0.4:
            argv += ["--stats", rng.choice(["mean,min,max,sum", "mean", "median", ""])]
        if rng.random() < 0.2:
            argv += ["--band", _odd(rng, "1", ["0", "2", "-1", "99999999999"], 0.6)]
        if rng.random() < 0.2:
            argv += ["--unit", rng.choice(["ha", "mu", "m2"])]
        if rng.random() < 0.25:
            argv += ["--rule", "centre"]
    elif command == "terrain":
        argv = ["terrain", raster]
        if rng.random() < 0.3:
            argv += ["--slope-classes", _odd(rng, "15,25", ["25,15", "nan", "1e308", "-5", "90,91", ""], 0.5)]
        if rng.random() < 0.3:
            argv += ["--elevation-bands", _odd(rng, "175,1000", ["1000,175", "nan", "inf", "1e308"], 0.5)]
        if rng.random() < 0.2:
            argv += ["--rule", "centre"]
        if rng.random() < 0.3:
            argv += ["--out", "out/terrain"]
    else:
        argv = ["mspa", raster, "--foreground", _odd(rng, rng.choice(["1", "1,2", "2-5"]), ["0", "nan", "99999", "-1", ""], 0.3)]
        if rng.random() < 0.3:
            argv += ["--connectivity", _odd(rng, "4", ["6", "0", "nan"], 0.4)]
        if rng.random() < 0.3:
            argv += ["--edge-width", _odd(rng, "2", ["0", "-1", "1e9", "nan"], 0.5)]
        if rng.random() < 0.2:
            argv += [rng.choice(["--no-transition", "--no-intext"])]
        if rng.random() < 0.3:
            argv += ["--out", "out/mspa"]
    if rng.random() < 0.3:
        argv += ["--json"]
    return argv


def _pick_mutations(rng, table, count):
    names = [t for t, _ in table]
    weights = [w for _, w in table]
    return [list(rng.choices(names, weights)[0]) + [rng.getrandbits(63)] for _ in range(count)]


def make(seed, index, seed_dir, kinds=None):
    rng = random.Random(f"ecozone-fuzz:{seed}:{index}")
    pool = {k: w for k, w in KINDS.items() if not kinds or k in kinds}
    kind = rng.choices(list(pool), list(pool.values()))[0]
    count = rng.choices([1, 2, 3], [60, 28, 12])[0]
    if kind == "shp":
        stem = rng.choice(seeds.SHP_SEEDS)
        files = _shp_files(stem, seed_dir)
        shp, shx, dbf, prj = stem + ".shp", stem + ".shx", stem + ".dbf", stem + ".prj"
        cpg = next((n for n in files if n.lower().endswith(".cpg")), stem + ".cpg")
        table = [((m, shp), 4) for m in ("shp_record",)] + [(("shp_header", shp), 2), (("shx_header", shx), 1), (("shx_index", shx), 1),
                                                             (("dbf", dbf), 3), (("prj", prj), 1), (("cpg", cpg), 1)]
        table += [(("delete", rng.choice([shx, dbf, prj, cpg])), 1)]
        table += [((m, rng.choice(list(files))), 0.5) for m in binary.MUTATORS]
        muts = _pick_mutations(rng, table, count)
        argv = vector_command(rng, shp, stem in seeds.POLYGON_SHP)
        if argv[0] == "overlay":
            files["other.geojson"] = "tiny.geojson"
        return Case(seed, index, kind, files, argv, muts)
    if kind == "geojson":
        name = rng.choice(seeds.GEOJSON_SEEDS)
        files = {name: name}
        table = [(("geojson", name), 6), (("geojson_text", name), 1.5)] + [((m, name), 0.3) for m in binary.MUTATORS]
        muts = _pick_mutations(rng, table, count)
        argv = vector_command(rng, name, name in seeds.POLYGON_GEOJSON)
        if argv[0] == "overlay":
            files["other.geojson"] = "tiny.geojson"
        if rng.random() < 0.15 and name == "datav2.json" and argv[0] in ("area", "export"):
            argv.append("--gcj02-source")
        return Case(seed, index, kind, files, argv, muts)
    if kind == "gpkg":
        name = rng.choice(sorted(seeds.GPKG_SEEDS))
        files = {name: name}
        table = [(("gpkg_sql", name), 6), (("gpkg_header", name), 1)] + [((m, name), 0.4) for m in binary.MUTATORS]
        muts = _pick_mutations(rng, table, count)
        argv = vector_command(rng, name, True, seeds.GPKG_SEEDS[name])
        if argv[0] == "overlay":
            files["other.geojson"] = "tiny.geojson"
        return Case(seed, index, kind, files, argv, muts)
    if kind == "tif":
        raster = rng.choice(sorted(seeds.TIF_SEEDS))
        cores = seeds.TIF_SEEDS[raster]
        files = {raster: raster}
        files.update(_shp_files(cores[:-4], seed_dir) if cores.endswith(".shp") else {cores: cores})
        table = [(("tiff_tag", raster), 5), (("tiff_pixels", raster), 3)] + [((m, raster), 0.4) for m in binary.MUTATORS]
        if cores.endswith(".geojson"):
            table.append((("geojson", cores), 1))
        muts = _pick_mutations(rng, table, count)
        command = rng.choices(["corridors", "zonal", "terrain", "mspa"], [55, 18, 12, 15])[0]
        if command != "corridors":
            return Case(seed, index, kind, files, raster_command(rng, command, raster, cores), muts)
        argv = ["corridors", "--cores", cores, "--resistance", raster]
        if rng.random() < 0.3:
            argv += ["--out", "out/corridors"]
        if rng.random() < 0.3:
            argv += ["--no-circuit"]
        if rng.random() < 0.4:
            argv += ["--no-barriers"]
        if rng.random() < 0.15:
            argv += ["--all-pairs"]
        if rng.random() < 0.1:
            argv += ["--aggregate", rng.choice(["2", "3", "1000"])]
        if rng.random() < 0.1:
            argv += ["--cutoff", rng.choice(["0", "1e-9", "1e308", "nan", "-1"])]
        if rng.random() < 0.05:
            argv += ["--pinch-fraction", rng.choice(["1", "nan", "1e-300"])]
        if rng.random() < 0.05:
            argv += ["--barrier-radii", rng.choice(["30", "0.001", "nan", "1e5", "60,60,60"])]
        if rng.random() < 0.3:
            argv += ["--json"]
        return Case(seed, index, kind, files, argv, muts)
    if kind in ("project", "claims"):
        files = {"project.yaml": "project.yaml", "claims.yaml": "claims.yaml"}
        for stem in seeds.PROJECT_FILES:
            files.update({stem: stem} if "." in stem else _shp_files(stem, seed_dir))
        target = kind + ".yaml"
        table = [(("yaml_tree", target), 5), (("yaml_text", target), 1.5)]
        if kind == "project":
            table.append((("yaml_tree", "claims.yaml"), 0.5))
        muts = _pick_mutations(rng, table, count)
        if rng.random() < 0.12:  # a damaged layer under a sound project
            layer = rng.choice(["boundary.shp", "erosion6.shp", "erosion6.dbf", "towns3.shp", "redline.gpkg", "protected3.geojson"])
            mut = {"shp": "shp_record", "dbf": "dbf", "gpkg": "gpkg_sql", "geojson": "geojson"}[layer.rsplit(".", 1)[1]]
            muts.append([mut, layer, rng.getrandbits(63)])
        r = rng.random()
        if kind == "project" and r < 0.1:
            argv = ["tabulate", "project.yaml", "--matrix"]
        elif r < 0.2:
            argv = ["validate", "project.yaml"]
        else:
            argv = ["validate", "project.yaml", "claims.yaml"]
        if argv[0] == "validate" and rng.random() < 0.25:
            argv.append(rng.choice(["--json", "--markdown"]))
        return Case(seed, index, kind, files, argv, muts)
    files = {"plan.txt": "plan.txt"}
    table = [(("plan", "plan.txt"), 8)] + [((m, "plan.txt"), 0.3) for m in binary.MUTATORS]
    muts = _pick_mutations(rng, table, count)
    argv = ["claims", "draft", "plan.txt"]
    r = rng.random()
    if r < 0.25:
        argv.append("--json")
    elif r < 0.4:
        argv += ["--out", "out/claims.yaml"]
    return Case(seed, index, kind, files, argv, muts)
