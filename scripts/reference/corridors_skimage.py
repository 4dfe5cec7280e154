#!/usr/bin/env python3
"""Reference fixtures for EcoZone's corridor numerics (issue 7), computed independently.

Re-runnable and deterministic (seeded). Requires: numpy, scipy, scikit-image, rasterio, pyshp
    pip install numpy scipy scikit-image rasterio pyshp

Inputs (Linkage Mapper demo, shared/data/real/connectivity-linkage-mapper-demo/):
    lm_resistances.tif  808 x 730 Float32, NoData -3.4e38  -> impassable
    lm_cores.shp        6 polygons, attribute core_id

Rasterisation rule: a cell belongs to a core when its centre lies inside the polygon.
This is rasterio.features.rasterize(..., all_touched=False), i.e. GDAL's default
GDALRasterizeLayers rule, onto the resistance raster's grid. (Later polygons win on overlap;
the demo cores do not overlap.)

Cost distance: skimage.graph.MCP_Geometric(costs, fully_connected=True, sampling=(c, c)),
find_costs(starts = every cell of one core). Step cost = c * (1 or sqrt 2) * mean(r_a, r_b),
the ArcGIS CostDistance convention (methods.md section 4.1). NoData costs are passed as -1
(skimage: negative = impassable); their cumulative cost comes back as inf, written as NaN.

Outputs (Tests/EcoZoneTests/Fixtures/corridors/), all little-endian:
    lm_resistance_palette.f32   unique resistance values (float32), ascending
    lm_resistance_index.u16     per cell (row-major) index into the palette, 65535 = NoData
    lm_cores_rle.i32            run-length encoded core labels: (value, run) int32 pairs
    lm_samples_index.i32        sampled row-major cell indices (seeded)
    lm_samples_cwd.f64          CWD of each core at the sampled cells, [core][sample], NaN = NoData
    lm_reference.json           shape, cell size, per-pair LCD / adjacency / LCP data, manifest
    circuit_small.json          small grid dense-solve check of Circuitscape pairwise currents
"""
import json
import math
import os
import sys

import numpy as np
import rasterio
import rasterio.features
import shapefile  # pyshp
import skimage
from skimage.graph import MCP_Geometric

SEED = 20240607
N_SAMPLES = 4000
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.environ.get(
    "LM_DEMO_DIR",
    os.path.abspath(os.path.join(REPO, "..", "shared", "data", "real", "connectivity-linkage-mapper-demo")),
)
OUT = os.path.join(REPO, "Tests", "EcoZoneTests", "Fixtures", "corridors")


def read_inputs():
    with rasterio.open(os.path.join(DATA, "lm_resistances.tif")) as ds:
        r32 = ds.read(1)
        nodata = ds.nodata
        transform = ds.transform
        assert abs(transform.a + transform.e) < 1e-9 and transform.b == 0 and transform.d == 0
        cell = float(transform.a)
    valid = (r32 != np.float32(nodata)) & np.isfinite(r32)
    sf = shapefile.Reader(os.path.join(DATA, "lm_cores.shp"))
    field_names = [f[0] for f in sf.fields[1:]]
    id_col = field_names.index("core_id")
    shapes = [(sr.shape.__geo_interface__, int(sr.record[id_col])) for sr in sf.shapeRecords()]
    cores = rasterio.features.rasterize(
        shapes, out_shape=r32.shape, transform=transform, fill=0, all_touched=False, dtype="int32"
    )
    return r32, valid, cell, cores


def cost_distance(costs, cell, starts):
    mcp = MCP_Geometric(costs, fully_connected=True, sampling=(cell, cell))
    cum, _ = mcp.find_costs(starts)
    return mcp, cum


def path_length(path, cell):
    total = 0.0
    for (r0, c0), (r1, c1) in zip(path[:-1], path[1:]):
        total += cell * (math.sqrt(2.0) if (r0 != r1 and c0 != c1) else 1.0)
    return total


def circuit_small():
    """Circuitscape pairwise rules (methods.md 5.1-5.2) on a small seeded grid, dense solve."""
    rng = np.random.default_rng(SEED + 1)
    h, w = 9, 11
    r = np.round(rng.uniform(1.0, 10.0, size=(h, w)), 3)
    r[4, 5] = np.nan
    r[3, 6] = np.nan
    r[6, 2] = np.nan
    cores = np.zeros((h, w), dtype=np.int32)
    cores[1, 1] = cores[1, 2] = cores[2, 1] = 1          # core A = 1 (three cells)
    cores[7, 9] = cores[6, 9] = 2                          # core B = 2 (two cells)
    cores[0, 10] = 2                                       # a detached cell of core B
    out = {"width": w, "height": h, "resistance": [None if np.isnan(v) else float(v) for v in r.ravel()],
           "cores": [int(v) for v in cores.ravel()], "cases": []}
    for rule in ("averageResistance", "averageConductance"):
        for eight in (True, False):
            # node numbering: A -> 0, B -> 1, other passable cells -> 2.. in row-major order
            node = -np.ones(h * w, dtype=np.int64)
            flat_r = r.ravel()
            flat_c = cores.ravel()
            nxt = 2
            for i in range(h * w):
                if np.isnan(flat_r[i]):
                    continue
                if flat_c[i] == 1:
                    node[i] = 0
                elif flat_c[i] == 2:
                    node[i] = 1
                else:
                    node[i] = nxt
                    nxt += 1
            nn = nxt
            L = np.zeros((nn, nn))
            edges = []
            offs = [(0, 1, 1.0), (1, 0, 1.0)] + ([(1, 1, math.sqrt(2)), (-1, 1, math.sqrt(2))] if eight else [])
            for y in range(h):
                for x in range(w):
                    for dy, dx, step in offs:
                        y2, x2 = y + dy, x + dx
                        if not (0 <= y2 < h and 0 <= x2 < w):
                            continue
                        a, b = y * w + x, y2 * w + x2
                        if node[a] < 0 or node[b] < 0 or node[a] == node[b]:
                            continue
                        r1, r2 = flat_r[a], flat_r[b]
                        if rule == "averageResistance":
                            g = 1.0 / (step * (r1 + r2) / 2.0)
                        else:
                            g = (1.0 / r1 + 1.0 / r2) / 2.0 / step
                        u, v = node[a], node[b]
                        L[u, v] -= g
                        L[v, u] -= g
                        L[u, u] += g
                        L[v, v] += g
                        edges.append((u, v, g))
            # inject 1 A at B (node 1), withdraw at A (node 0), ground A: remove row/col 0
            bvec = np.zeros(nn)
            bvec[1] = 1.0
            v = np.zeros(nn)
            v[1:] = np.linalg.solve(L[1:, 1:], bvec[1:])
            reff = v[1] - v[0]
            inflow = np.zeros(nn)
            outflow = np.zeros(nn)
            branch = [(u, w_, g * abs(v[u] - v[w_]), v[u] - v[w_]) for (u, w_, g) in edges]
            bmax = max(c for (_, _, c, _) in branch)
            for (u, w_, cur, dv) in branch:
                if cur < 1e-8 * bmax:
                    continue
                if dv > 0:   # flows u -> w
                    outflow[u] += cur
                    inflow[w_] += cur
                else:
                    outflow[w_] += cur
                    inflow[u] += cur
            ncur = np.maximum(inflow, outflow)
            cell_current = [None if node[i] < 0 else float(ncur[node[i]]) for i in range(h * w)]
            cell_voltage = [None if node[i] < 0 else float(v[node[i]]) for i in range(h * w)]
            out["cases"].append({"rule": rule, "eightNeighbors": eight, "effectiveResistance": float(reff),
                                 "current": cell_current, "voltage": cell_voltage})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    r32, valid, cell, cores = read_inputs()
    h, w = r32.shape
    costs = np.where(valid, r32.astype(np.float64), -1.0)
    ids = sorted(int(v) for v in np.unique(cores) if v > 0)
    core_cells = {k: np.argwhere(cores == k) for k in ids}
    for k in ids:
        assert valid[cores == k].all(), f"core {k} has NoData cells"

    cwd = {}
    mcps = {}
    for k in ids:
        mcp, cum = cost_distance(costs, cell, [tuple(p) for p in core_cells[k]])
        cwd[k] = np.where(valid, cum, np.nan)
        mcps[k] = mcp

    # Cost allocation = argmin over cores (lowest id on exact ties), adjacency by 8-neighbour shifts.
    stack = np.stack([np.where(np.isfinite(cwd[k]), cwd[k], np.inf) for k in ids])
    alloc = np.array(ids, dtype=np.int32)[np.argmin(stack, axis=0)]
    reachable = np.isfinite(stack.min(axis=0))
    alloc[~reachable] = 0
    sorted_stack = np.sort(stack, axis=0)
    exact_ties = int(np.sum(reachable & (sorted_stack[0] == sorted_stack[1])))
    adjacent = set()
    for dy, dx in [(0, 1), (1, 0), (1, 1), (1, -1)]:
        # cell (y, x) against (y + dy, x + dx): every 8-neighbour pair once (LM's shift method)
        a_cols = slice(0, w - dx) if dx >= 0 else slice(-dx, w)
        b_cols = slice(dx, w) if dx >= 0 else slice(0, w + dx)
        a = alloc[0:h - dy, a_cols]
        b = alloc[dy:h, b_cols]
        m = (a != b) & (a > 0) & (b > 0)
        for p, q in zip(a[m], b[m]):
            adjacent.add((int(min(p, q)), int(max(p, q))))

    pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            cb = cwd[a][cores == b]
            lcd = float(np.min(cb))
            # LM: CostPath from the B cell with the least CWD_A, following back-links to A.
            bc = core_cells[b]
            vals = cwd[a][bc[:, 0], bc[:, 1]]
            j = int(np.argmin(vals))
            end = tuple(int(t) for t in bc[j])
            path = mcps[a].traceback(end)
            labels = sorted({int(cores[y, x]) for (y, x) in path} - {0, a, b})
            lcd_ba = float(np.min(cwd[b][cores == a]))
            pairs.append({
                "a": a, "b": b, "lcd": lcd, "lcdReverse": lcd_ba,
                "costAdjacent": (a, b) in adjacent,
                "pathEnd": end[0] * w + end[1], "pathCells": len(path),
                "pathLength": path_length(path, cell),
                "intermediateCores": labels,
            })

    rng = np.random.default_rng(SEED)
    samples = np.sort(rng.choice(h * w, size=N_SAMPLES, replace=False)).astype("<i4")
    samples_cwd = np.stack([cwd[k].ravel()[samples] for k in ids]).astype("<f8")

    palette, index = np.unique(r32[valid], return_inverse=True)
    assert len(palette) < 65535
    idx = np.full(h * w, 65535, dtype="<u2")
    idx[valid.ravel()] = index.astype("<u2")
    flat = cores.ravel()
    change = np.flatnonzero(np.diff(flat)) + 1
    starts = np.concatenate([[0], change])
    runs = np.diff(np.concatenate([starts, [flat.size]]))
    rle = np.stack([flat[starts], runs], axis=1).astype("<i4")

    palette.astype("<f4").tofile(os.path.join(OUT, "lm_resistance_palette.f32"))
    idx.tofile(os.path.join(OUT, "lm_resistance_index.u16"))
    rle.tofile(os.path.join(OUT, "lm_cores_rle.i32"))
    samples.tofile(os.path.join(OUT, "lm_samples_index.i32"))
    samples_cwd.tofile(os.path.join(OUT, "lm_samples_cwd.f64"))
    ref = {
        "generator": "scripts/reference/corridors_skimage.py",
        "skimage": skimage.__version__, "numpy": np.__version__, "rasterio": rasterio.__version__,
        "seed": SEED, "width": w, "height": h, "cellSize": cell,
        "rasterisation": "cell centre inside polygon (rasterio.features.rasterize all_touched=False)",
        "coreIDs": ids, "coreCellCounts": [int(len(core_cells[k])) for k in ids],
        "paletteCount": int(len(palette)), "rleRuns": int(len(rle)), "samples": int(N_SAMPLES),
        "allocationExactTies": exact_ties,
        "costAdjacentPairs": sorted([list(p) for p in adjacent]),
        "pairs": pairs,
    }
    with open(os.path.join(OUT, "lm_reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
    with open(os.path.join(OUT, "circuit_small.json"), "w") as f:
        json.dump(circuit_small(), f)
    print(json.dumps({k: v for k, v in ref.items() if k != "pairs"}, indent=None))
    for p in pairs:
        print(p)


if __name__ == "__main__":
    sys.exit(main())
