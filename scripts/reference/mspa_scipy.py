#!/usr/bin/env python3
"""Independent reference for `ecozone mspa` (issue 14): GuidosToolbox's MSPA (v2.3, Soille & Vogt 2009) written
again with scipy.ndimage and numpy, step by step from the definitions in ../shared/notes/methods-2.md §1 and the
doc comment of Sources/EcoZone/MSPA/MSPASegmentation.swift — not from EcoZone's code:

- distances: scipy.ndimage.distance_transform_edt (exact), thresholded in single precision as GTB does
  (t = float32((W + 0.98)/sqrt 2) * float32(sqrt 2); inside when float32 sqrt(d²) <= t);
- holes: scipy.ndimage.binary_fill_holes with the background's structuring element;
- islets: scipy.ndimage.binary_propagation of the cores inside the foreground;
- thinning: numpy, in parallel rounds over candidate index arrays (every cell first, then the neighbours of the
  cells just deleted); simple cells from topological numbers, the independence rules of Iwanowski & Soille;
- bridges and loops: scipy.ndimage.label of cores and connectors, a breadth-first flood in plain Python, and
  scipy.ndimage.minimum/maximum of the flooded labels per connector component.

usage:
  .venv/bin/python scripts/reference/mspa_scipy.py fixtures
      writes Tests/EcoZoneTests/Fixtures/mspa/: random and real-shaped inputs (gzipped ESRI ASCII grids) and the reference
      codes for several parameter sets, listed in cases.json
  .venv/bin/python scripts/reference/mspa_scipy.py compare LANDCOVER.tif CLASSES ECOZONE.tif [--connectivity 8]
      [--edge-width 1] [--no-intext]
      segments LANDCOVER (foreground = the comma-separated CLASSES, NoData missing) and compares ECOZONE.tif
      (the output of `ecozone mspa`) cell by cell; exit 1 on any difference
  .venv/bin/python scripts/reference/mspa_scipy.py run LANDCOVER.tif CLASSES OUT.npy [...]
      segments only (for scripts/bench-mspa)
"""
from __future__ import annotations

import json
import sys
from collections import deque
from pathlib import Path

import numpy as np
from scipy import ndimage

ROOT = Path(__file__).resolve().parents[2]
EIGHT = np.ones((3, 3), bool)
FOUR = ndimage.generate_binary_structure(2, 1)


def threshold(w: int) -> np.float32:
    size = np.float32((w + 0.98) / np.sqrt(2.0))
    return np.float32(size * np.float32(np.sqrt(2.0)))


def within(seeds: np.ndarray, t: np.float32) -> np.ndarray:
    """Cells whose centre lies within t of a seed centre (exact EDT, float32 comparison)."""
    if not seeds.any():
        return np.zeros_like(seeds)
    d = ndimage.distance_transform_edt(~seeds)
    d2 = np.rint(d * d)
    return np.sqrt(d2.astype(np.float32)) <= t


def holes(obj: np.ndarray, structure) -> np.ndarray:
    return ndimage.binary_fill_holes(obj, structure=structure) & ~obj


# ---- thinning ---------------------------------------------------------------------------------------------------
# neighbour order W, E, N, S, NW, SW, NE, SE: bit k of a neighbourhood code is neighbour k
OFF = [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)]


def simple_table(fg: int) -> np.ndarray:
    """Simple-cell table from topological numbers (T8 = T4bar = 1 for 8-foreground, T4 = T8bar = 1 for 4)."""

    def count(marked, conn, touching):
        n, seen = 0, set()
        for s in range(8):
            if not marked[s] or s in seen:
                continue
            stack, comp = [s], {s}
            while stack:
                k = stack.pop()
                for m in range(8):
                    if marked[m] and m not in comp:
                        dx, dy = abs(OFF[k][0] - OFF[m][0]), abs(OFF[k][1] - OFF[m][1])
                        if (max(dx, dy) == 1) if conn == 8 else (dx + dy == 1):
                            comp.add(m)
                            stack.append(m)
            seen |= comp
            if not touching or any(k < 4 for k in comp):
                n += 1
        return n

    out = np.zeros(256, bool)
    for code in range(256):
        x = [bool(code >> k & 1) for k in range(8)]
        nx = [not v for v in x]
        if fg == 8:
            out[code] = count(x, 8, False) == 1 and count(nx, 4, True) == 1
        else:
            out[code] = count(x, 4, True) == 1 and count(nx, 8, False) == 1
    return out


def thin(S: np.ndarray, anchor: np.ndarray, conn: int) -> np.ndarray:
    """Anchored order-independent thinning; S and anchor are 2-D bool arrays (modified copies returned)."""
    h, w = S.shape
    S = S.copy()
    anchor = anchor.copy()
    for arr in (S, anchor):
        arr[:2, :] = arr[-2:, :] = False
        arr[:, :2] = arr[:, -2:] = False
    s = S.ravel()
    anc = anchor.ravel()
    table = simple_table(conn)
    sh = np.array([dx + dy * w for dx, dy in OFF])
    sides = [(2, 4, 3, 5), (2, 6, 3, 7), (0, 4, 1, 6), (0, 5, 1, 7)]
    corners = [(0, 2), (3, 0), (2, 1), (1, 3)]

    def simple(idx):
        code = np.zeros(idx.shape, np.int64)
        for k in range(8):
            code |= s[idx + sh[k]].astype(np.int64) << k
        return s[idx] & table[code]

    def free_simple(idx):
        return ~anc[idx] & simple(idx)

    def count(idx, n):
        return sum(s[idx + sh[k]].astype(np.int64) for k in range(n))

    def independent(p):
        m = len(p)
        nsimple = np.stack([free_simple(p + sh[k]) for k in range(8)])  # 8 × m
        pind = np.zeros((8, m), bool)
        ptype = np.zeros((8, m), np.int64)
        dep_a = np.zeros((8, m), np.int64)
        dep_b = np.zeros((8, m), np.int64)
        for k in range(8):
            if k < 4:
                sa, sb, sc, sd = sides[k]
                ia, ib, ic, id_ = (s[p + sh[j]] for j in (sa, sb, sc, sd))
                ptype[k] = id_ * 1 + ic * 2 + ib * 4 + ia * 8 + 5
                pind[k] = ((ia | ib) != (ic | id_)) if conn == 8 else ((ia & ib) != (ic & id_))
            else:
                ca, cb = corners[k - 4]
                ia, ib = s[p + sh[ca]], s[p + sh[cb]]
                code = ib * 1 + ia * 2
                ptype[k] = code + 1
                pind[k] = (code != 0) if conn == 8 else (code != 3)
                dep_a[k], dep_b[k] = sh[ca], sh[cb]
        dependent = nsimple & ~pind
        anydep = dependent.any(axis=0)
        first = np.argmax(dependent, axis=0)  # first dependent neighbour
        cols = np.arange(m)
        # neighbours counted up to and including the first dependent one (all of them when none is)
        upto = np.where(anydep, first, 7)
        counted = nsimple & (np.arange(8)[:, None] <= upto[None, :])
        ngb = counted.sum(axis=0)
        last = 7 - np.argmax(counted[::-1], axis=0)
        ct = np.where(ngb > 0, ptype[last, cols], 0)
        result = ~anydep
        if conn == 4:
            sel = anydep & (ct == 4)
            if sel.any():
                q = p[sel]
                fa = dep_a[first[sel], cols[sel]]
                fb = dep_b[first[sel], cols[sel]]
                ok = free_simple(q + fa) & free_simple(q + fb)
                outside = sum((~s[q + sh[k]]).astype(np.int64) for k in range(4))
                ok &= outside == 2
                diff = np.zeros(len(q), bool)
                for k in range(4):
                    diff |= free_simple(q + sh[k]) & (count(q + sh[k], 4) != 2)
                result[np.flatnonzero(sel)] = ok & diff
        triple = (ngb == 2) & np.isin(ct, [2, 3, 6, 7, 9, 13])
        quad = (ngb == 3) & np.isin(ct, [4, 8, 17])
        check = ~anydep & (triple | quad)
        if check.any():
            q = p[check]
            n = ngb[check]
            diff = np.zeros(len(q), bool)
            for k in range(8):
                diff |= free_simple(q + sh[k]) & (count(q + sh[k], 8) != n)
            result[np.flatnonzero(check)] = diff
        return result

    inner = np.zeros((h, w), bool)
    inner[2:-2, 2:-2] = True
    cand = np.flatnonzero(inner.ravel() & s)
    cand = cand[~anc[cand] & simple(cand)]
    cand = cand[independent(cand)] if len(cand) else cand
    queued = np.zeros(h * w, bool)
    while len(cand):
        s[cand] = False
        queued[cand] = False
        nb = np.unique((cand[:, None] + sh[None, :]).ravel())
        nb = nb[~queued[nb] & ~anc[nb]]
        nb = nb[simple(nb)] if len(nb) else nb
        nb = nb[independent(nb)] if len(nb) else nb
        queued[nb] = True
        cand = nb
    return S, anchor


# ---- the segmentation -------------------------------------------------------------------------------------------
def frame_width(w: int) -> int:
    size = np.float32((w + 0.98) / np.sqrt(2.0))
    return int(float(size) * 1.5 + 0.5) + 1


def flood(core_labels: np.ndarray, passable: np.ndarray, conn: int) -> np.ndarray:
    """Breadth-first flooding of the core labels over `passable`, seeds in raster order, neighbours N, W, S, E, NW,
    NE, SW, SE; the outermost row and column are never flooded."""
    h, w = core_labels.shape
    lab = core_labels.astype(np.int64).ravel().copy()
    border = np.zeros((h, w), bool)
    border[0, :] = border[-1, :] = True
    border[:, 0] = border[:, -1] = True
    lab[border.ravel()] = -1
    ok = passable.ravel().tolist()
    labl = lab.tolist()
    steps = [(0, -1), (-1, 0), (0, 1), (1, 0)] + ([(-1, -1), (1, -1), (-1, 1), (1, 1)] if conn == 8 else [])
    q = deque(int(i) for i in np.flatnonzero(lab > 0))
    while q:
        i = q.popleft()
        y, x = divmod(i, w)
        li = labl[i]
        for dx, dy in steps:
            nx, ny = x + dx, y + dy
            if 0 <= nx < w and 0 <= ny < h:
                j = ny * w + nx
                if labl[j] == 0 and ok[j]:
                    labl[j] = li
                    q.append(j)
    out = np.array(labl, np.int64).reshape(h, w)
    out[out < 0] = 0
    return out


def widen(K: np.ndarray, M: np.ndarray, dist: float) -> np.ndarray:
    """Chamfer (1, sqrt 2) geodesic dilation of K within M by dist."""
    import heapq

    if dist < 1:
        return K
    h, w = K.shape
    best = {}
    heap = []
    for i in np.flatnonzero(K.ravel()):
        best[int(i)] = 0.0
        heap.append((0.0, int(i)))
    heapq.heapify(heap)
    m = M.ravel()
    r2 = float(np.sqrt(2.0))
    steps = [(-1, 0, 1.0), (1, 0, 1.0), (0, -1, 1.0), (0, 1, 1.0), (-1, -1, r2), (1, -1, r2), (-1, 1, r2), (1, 1, r2)]
    while heap:
        d, i = heapq.heappop(heap)
        if d > best.get(i, np.inf):
            continue
        y, x = divmod(i, w)
        for dx, dy, c in steps:
            nx, ny = x + dx, y + dy
            if 0 <= nx < w and 0 <= ny < h:
                j = ny * w + nx
                dj = d + c
                if dj <= dist and m[j] and dj < best.get(j, np.inf):
                    best[j] = dj
                    heapq.heappush(heap, (dj, j))
    out = K.ravel().copy()
    out[list(best.keys())] = True
    return out.reshape(h, w)


def mspa(inp: np.ndarray, conn: int = 8, W: int = 1, intext: bool = True) -> np.ndarray:
    """GTB codes for an input of 0 missing, 1 background, 2 foreground."""
    fgs, bgs = (EIGHT, FOUR) if conn == 8 else (FOUR, EIGHT)
    t = threshold(W)
    B = frame_width(W)
    h, w = inp.shape
    fg = np.zeros((h + 2 * B, w + 2 * B), bool)
    fg[B:B + h, B:B + w] = inp == 2
    nodata = np.ones_like(fg)
    nodata[B:B + h, B:B + w] = inp == 0
    allholes = None
    if intext:
        X1 = fg | (nodata & within(fg, np.float32(np.sqrt(2.0))))
        allholes = holes(X1, bgs)
    Xr = (fg | (nodata & within(fg, t)))[B:B + h, B:B + w]
    X = np.zeros_like(fg)
    X[B:B + h, B:B + w] = Xr
    X[B:B + h, :B] = Xr[:, :1]
    X[B:B + h, B + w:-1] = Xr[:, -1:]
    X[:B, B:B + w] = Xr[:1, :]
    X[B + h:-1, B:B + w] = Xr[-1:, :]
    core = X & ~within(~X, t)
    islet = X & ~ndimage.binary_propagation(core, structure=fgs, mask=X)
    ring = within(core, t) & ~core
    edge = np.zeros_like(X)
    level = core.copy()
    while True:
        filled = ndimage.binary_fill_holes(level, structure=bgs)
        if not filled.any():
            break
        edge |= within(filled, t) & ~filled
        H = filled & ~level
        inside = ndimage.binary_fill_holes(H, structure=fgs)
        level &= ~(filled & ~inside)
    edge &= ~core
    perf = ring & ~edge
    residue = X & ~core & ~islet & ~perf & ~edge
    S = core | ring | residue
    outer = np.zeros_like(X)
    outer[:2, :] = outer[-2:, :] = True
    outer[:, :2] = outer[:, -2:] = True
    opening = core | ring
    S, core2 = thin(S, core, conn)
    K = S & ~core2
    M = (opening & ~core2) | residue
    size = np.float32((W + 0.98) / np.sqrt(2.0))
    K = widen(K, M, float(np.float32((size - np.float32(1)) * np.float32(np.sqrt(2.0)))))
    lab, _ = ndimage.label(core2, structure=fgs)
    flooded = flood(lab, opening | K, conn)
    comp, n = ndimage.label(K, structure=fgs)
    bridge = np.zeros_like(X)
    loop = np.zeros_like(X)
    if n:
        idx = np.arange(1, n + 1)
        lo = np.asarray(ndimage.minimum(flooded, comp, idx))
        hi = np.asarray(ndimage.maximum(flooded, comp, idx))
        isbridge = np.concatenate([[False], hi > lo])
        bridge = isbridge[comp] & K
        loop = K & ~bridge
    code = (1 + 2 * edge + 4 * perf + 8 * islet + 16 * core2 + 32 * bridge + 64 * loop).astype(np.int64)
    bg = np.zeros(X.shape, np.int64)
    if intext:
        CH = holes(core2, bgs)
        inner = ndimage.binary_fill_holes(CH, structure=bgs)
        code += 100 * inner
        bg = np.where(allholes & ~CH, 220, np.where(inner, 100, 0))
    out = np.where(fg, code, bg)
    out = np.where(nodata, 129, out)
    return out[B:B + h, B:B + w].astype(np.uint8)


# ---- files ------------------------------------------------------------------------------------------------------
def write_asc(path: Path, a: np.ndarray, cell: float = 30.0, x0: float = 36_500_000.0, y0: float = 3_260_000.0):
    """An ESRI ASCII grid, gzip-compressed (GDAL reads it through /vsigzip/), deterministic bytes."""
    import gzip

    h, w = a.shape
    with gzip.GzipFile(path, "wb", mtime=0) as raw, __import__("io").TextIOWrapper(raw, "ascii") as f:
        f.write(f"ncols {w}\nnrows {h}\nxllcorner {x0}\nyllcorner {y0}\ncellsize {cell}\n")
        for row in a:
            f.write(" ".join(str(int(v)) for v in row) + "\n")


def read_landcover(path: str, classes: str):
    import tifffile

    with tifffile.TiffFile(path) as t:
        page = t.pages[0]
        a = page.asarray()
        nd = page.tags.get("GDAL_NODATA")
    fgset = [int(c) for c in classes.split(",")]
    inp = np.ones(a.shape, np.uint8)
    inp[np.isin(a, fgset)] = 2
    if nd is not None:
        inp[a == float(nd.value.strip("\x00"))] = 0
    return inp


def make_fixtures():
    out = ROOT / "Tests/EcoZoneTests/Fixtures/mspa"
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(14)
    inputs = {}
    # Random noise: many small structures, islets, branches; a few missing cells.
    a = np.where(rng.random((50, 64)) < 0.72, 2, 1).astype(np.uint8)
    a[rng.random(a.shape) < 0.02] = 0
    inputs["noise"] = a
    # A smooth random field, thresholded: blobs with holes, necks and bridges, as land cover looks.
    f = ndimage.gaussian_filter(rng.standard_normal((90, 120)), 3.0)
    b = np.where(f > np.quantile(f, 0.45), 2, 1).astype(np.uint8)
    b[40:44, 0:20] = 0
    inputs["blobs"] = b
    # Real-shaped: forest (class 1) in a 150 × 180 window of the Banan land use (30 m, CGCS2000 GK zone 36).
    lu = read_landcover(str(ROOT / "fixtures/banan/landuse.tif"), "1")
    inputs["banan"] = lu[1400:1550, 700:880]
    cases = []
    for name, grid in inputs.items():
        write_asc(out / f"{name}.asc.gz", grid)
        for conn, W, intext in [(8, 1, True), (4, 1, True), (8, 2, True), (8, 3, False), (4, 2, False)]:
            ref = mspa(grid, conn, W, intext)
            tag = f"{name}_{conn}_{W}_{int(intext)}"
            write_asc(out / f"{tag}.asc.gz", ref)
            hist = {int(k): int(v) for k, v in zip(*np.unique(ref, return_counts=True))}
            cases.append({"input": f"{name}.asc.gz", "output": f"{tag}.asc.gz", "connectivity": conn, "edge_width": W,
                          "intext": intext, "histogram": hist})
            print(tag, hist)
    (out / "cases.json").write_text(json.dumps({"cases": cases}, indent=1) + "\n")
    # The same Banan window as a GeoTIFF for the command-line tests, and its reference figures.
    import subprocess

    cli = ROOT / "Tests/ecozoneTests/Fixtures/mspa"
    cli.mkdir(parents=True, exist_ok=True)
    tif = cli / "banan_window.tif"
    subprocess.run(["gdal_translate", "-q", "-srcwin", "700", "1400", "180", "150", "-co", "COMPRESS=DEFLATE",
                    str(ROOT / "fixtures/banan/landuse.tif"), str(tif)], check=True)
    subprocess.run(["gdal_edit.py", "-unsetstats", str(tif)], check=False)
    window = read_landcover(str(tif), "1")
    assert (window == inputs["banan"]).all()
    ref = mspa(window)
    hist = {int(k): int(v) for k, v in zip(*np.unique(ref, return_counts=True))}
    (cli / "banan_window.json").write_text(json.dumps({"foreground": "1", "foreground_cells": int((window == 2).sum()),
                                                       "codes": hist}, indent=1) + "\n")


def main(argv):
    import argparse

    ap = argparse.ArgumentParser(description="MSPA reference (scipy.ndimage)")
    ap.add_argument("mode", choices=["fixtures", "compare", "run"])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--connectivity", type=int, default=8)
    ap.add_argument("--edge-width", type=int, default=1)
    ap.add_argument("--no-intext", action="store_true")
    a = ap.parse_args(argv)
    if a.mode == "fixtures":
        make_fixtures()
        return 0
    inp = read_landcover(a.paths[0], a.paths[1])
    ref = mspa(inp, a.connectivity, a.edge_width, not a.no_intext)
    if a.mode == "run":
        np.save(a.paths[2], ref)
        return 0
    import tifffile

    got = tifffile.imread(a.paths[2])
    diff = np.flatnonzero(got.ravel() != ref.ravel())
    hist = {int(k): int(v) for k, v in zip(*np.unique(ref, return_counts=True))}
    print(f"{ref.size} cells; reference codes {hist}")
    if len(diff):
        y, x = divmod(int(diff[0]), ref.shape[1])
        print(f"{len(diff)} cell(s) differ; first at row {y}, column {x}: ecozone {got[y, x]}, reference {ref[y, x]}")
        return 1
    print("identical, cell for cell")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
