#!/usr/bin/env python3
"""Independent networkx reference for IIC / PC / dIIC / dPC (methods.md sections 1-2).

Brute force, deliberately naive: the base indices come from all-pairs shortest paths
(networkx.floyd_warshall_numpy) on the link graph, and every node's dI comes from removing the node
from the graph and recomputing all pairs again. The connector fraction is obtained by subtraction
(dI - intra - flux), as Conefor, Makurhini and Graphab do. Nothing here shares code or algorithms
with the Swift implementation (which uses dominator trees and targeted recomputation).

Writes Tests/EcoZoneTests/Fixtures/connectivity/networkx_reference.json (seeded, re-runnable):

    python3 scripts/reference/connectivity_networkx.py [--out PATH]

With --bench NODES.csv it times itself on a bench node table instead (scripts/bench-connectivity runs it
that way, in its own process, to measure its time and peak memory).

Distance models (recomputed identically by the Swift tests from the node table):
  disc-edge       d_ij = max(0, sqrt(dx*dx + dy*dy) - r_i - r_j)   (edge-to-edge between discs; non-metric,
                  0 for overlapping discs, so zero-length links and ties occur)
  grid-l1-squared d_ij = (|dx| + |dy|)^2 on integer grid points    (non-metric, integer, many exact ties)
Pairs listed in "missing_pairs" have no direct link (distance +infinity, Conefor "notall").
"""
import argparse
import json
import math
import os
import sys
import time

import networkx as nx
import numpy as np

SEED = 20240611


def distance_matrix(nodes, model, missing_pairs):
    n = len(nodes)
    d = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a, b = nodes[i], nodes[j]
            if model == "disc-edge":
                dx = a["x"] - b["x"]
                dy = a["y"] - b["y"]
                v = math.sqrt(dx * dx + dy * dy) - a["r"] - b["r"]
                v = max(0.0, v)
            elif model == "grid-l1-squared":
                s = abs(a["x"] - b["x"]) + abs(a["y"] - b["y"])
                v = float(s * s)
            else:
                raise ValueError(model)
            d[i, j] = d[j, i] = v
    for i, j in missing_pairs:
        d[i, j] = d[j, i] = math.inf
    return d


def all_pairs(graph, nodelist, weight):
    """All-pairs shortest-path lengths (inf when unreachable) via networkx Floyd-Warshall."""
    if not nodelist:
        return np.zeros((0, 0))
    return nx.floyd_warshall_numpy(graph, nodelist=nodelist, weight=weight)


def build_graphs(d, D, P, pij_min):
    n = d.shape[0]
    k = -math.log(P) / D
    g_iic = nx.Graph()
    g_pc = nx.Graph()
    g_iic.add_nodes_from(range(n))
    g_pc.add_nodes_from(range(n))
    pruned = 0
    for i in range(n):
        for j in range(i + 1, n):
            dij = d[i, j]
            if not math.isfinite(dij):
                continue
            if dij < D:  # strict, as Makurhini get_sdist
                g_iic.add_edge(i, j, hops=1.0)
            if pij_min is not None and math.exp(-k * dij) < pij_min:
                pruned += 1
                continue
            g_pc.add_edge(i, j, dist=dij)
    return g_iic, g_pc, k, pruned


def numerators(g_iic, g_pc, nodelist, a, k):
    a = np.asarray([a[i] for i in nodelist])
    nl = all_pairs(g_iic, nodelist, "hops")
    w_iic = np.where(np.isfinite(nl), 1.0 / (1.0 + nl), 0.0)
    delta = all_pairs(g_pc, nodelist, "dist")
    with np.errstate(over="ignore"):
        w_pc = np.where(np.isfinite(delta), np.exp(-k * delta), 0.0)
    return (float(a @ w_iic @ a), float(a @ w_pc @ a), w_iic, w_pc)


def reference(d, areas, D, P, pij_min=None, removal_sample=None, log=None):
    """Brute-force reference. Returns (result dict, seconds for base, seconds per removal)."""
    n = d.shape[0]
    a = np.asarray(areas, dtype=float)
    t0 = time.perf_counter()
    g_iic, g_pc, k, pruned = build_graphs(d, D, P, pij_min)
    everyone = list(range(n))
    iic_num, pc_num, w_iic, w_pc = numerators(g_iic, g_pc, everyone, a, k)
    t_base = time.perf_counter() - t0

    removals = range(n) if removal_sample is None else removal_sample
    per_node = []
    t1 = time.perf_counter()
    for count, m in enumerate(removals):
        rest = [i for i in everyone if i != m]
        gi = g_iic.copy()
        gi.remove_node(m)
        gp = g_pc.copy()
        gp.remove_node(m)
        iic_minus, pc_minus, _, _ = numerators(gi, gp, rest, a, k)
        row = {"index": m}
        for name, num, minus, w in (("dIIC", iic_num, iic_minus, w_iic), ("dPC", pc_num, pc_minus, w_pc)):
            total = 100.0 * (num - minus) / num
            intra = 100.0 * a[m] * a[m] / num
            others = float(np.dot(np.delete(a, m), np.delete(w[m], m)))
            flux = 100.0 * 2.0 * a[m] * others / num
            row[name] = total
            row[name + "_intra"] = intra
            row[name + "_flux"] = flux
            row[name + "_connector"] = total - intra - flux
            row[name[1:] + "_num_minus"] = minus
        per_node.append(row)
        if log and (count + 1) % 50 == 0:
            log(f"  {count + 1} removals")
    t_removals = time.perf_counter() - t1
    n_removed = max(1, len(per_node))
    return ({"IIC_num": iic_num, "PC_num": pc_num, "pruned_links": pruned, "per_node": per_node},
            t_base, t_removals / n_removed)


def disc_nodes(rng, n, clusters, extent, spread, rmin, rmax):
    centres = rng.uniform(0, extent, size=(clusters, 2))
    nodes = []
    for i in range(n):
        c = centres[i % clusters]
        x = round(float(c[0] + rng.normal(0, spread)), 1)
        y = round(float(c[1] + rng.normal(0, spread)), 1)
        r = round(float(rng.uniform(rmin, rmax)), 1)
        area = round(math.pi * r * r / 10000.0, 4)  # ha
        nodes.append({"id": f"n{i}", "x": x, "y": y, "r": r, "area": area})
    return nodes


def make_cases():
    rng = np.random.default_rng(SEED)
    cases = []

    # 1. Dense, non-metric edge distances, no pruning, a few missing pairs, A_L given.
    nodes = disc_nodes(rng, 300, clusters=12, extent=30000.0, spread=1800.0, rmin=40.0, rmax=700.0)
    pairs = set()
    while len(pairs) < 300:
        i, j = sorted(int(v) for v in rng.integers(0, 300, size=2))
        if i != j:
            pairs.add((i, j))
    total = sum(nd["area"] for nd in nodes)
    cases.append({"name": "dense-disc-edge", "distance_model": "disc-edge", "nodes": nodes,
                  "missing_pairs": sorted(pairs), "D": 2000.0, "P": 0.5, "pij_min": None,
                  "landscape_area": round(total * 4.0, 1)})

    # 2. Three far-apart clusters with Makurhini's pruning (pij_min = 0.01): disconnected PC and IIC.
    nodes = disc_nodes(rng, 180, clusters=3, extent=200000.0, spread=2500.0, rmin=30.0, rmax=500.0)
    cases.append({"name": "pruned-clusters", "distance_model": "disc-edge", "nodes": nodes,
                  "missing_pairs": [], "D": 1500.0, "P": 0.5, "pij_min": 0.01, "landscape_area": None})

    # 3. Integer grid with holes, d = (L1)^2: exact ties everywhere, many stepping stones.
    pts = [(x, y) for x in range(14) for y in range(10)]
    keep = rng.permutation(len(pts))[:110]
    nodes = []
    for idx, p in enumerate(sorted(pts[i] for i in keep)):
        nodes.append({"id": f"g{idx}", "x": p[0], "y": p[1], "r": 0,
                      "area": float(rng.integers(1, 9))})
    cases.append({"name": "grid-ties", "distance_model": "grid-l1-squared", "nodes": nodes,
                  "missing_pairs": [], "D": 2.0, "P": 0.3, "pij_min": None, "landscape_area": None})
    return cases


def bench(args):
    """--bench NODES.csv: the reference on a bench node table (id,x,y,radius,area_ha; disc-edge distances),
    removing the listed nodes only; writes timings and those rows as JSON to --out."""
    nodes = []
    with open(args.bench) as f:
        next(f)
        for line in f:
            i, x, y, r, area = line.strip().split(",")
            nodes.append({"id": i, "x": float(x), "y": float(y), "r": float(r), "area": float(area)})
    d = distance_matrix(nodes, "disc-edge", [])
    sample = None if args.removals == "all" else [int(v) for v in args.removals.split(",") if v]
    result, t_base, t_per = reference(d, [nd["area"] for nd in nodes], args.D, args.P, removal_sample=sample)
    result.update({"seconds_base": t_base, "seconds_per_removal": t_per, "removals": len(result["per_node"])})
    with open(args.out, "w") as f:
        json.dump(result, f)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "..", "Tests", "EcoZoneTests", "Fixtures", "connectivity",
                               "networkx_reference.json")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.normpath(default_out))
    parser.add_argument("--bench", metavar="NODES.csv", help="time the reference on a bench node table (scripts/bench-connectivity)")
    parser.add_argument("--D", type=float, default=5000.0, help="with --bench: dispersal distance")
    parser.add_argument("--P", type=float, default=0.5, help="with --bench: probability at D")
    parser.add_argument("--removals", default="all", help="with --bench: 'all' or comma-separated node indices to remove")
    args = parser.parse_args()
    if args.bench:
        return bench(args)

    out_cases = []
    for case in make_cases():
        t = time.perf_counter()
        d = distance_matrix(case["nodes"], case["distance_model"], case["missing_pairs"])
        areas = [nd["area"] for nd in case["nodes"]]
        result, _, _ = reference(d, areas, case["D"], case["P"], case["pij_min"],
                                 log=lambda s: print(s, file=sys.stderr))
        for row in result["per_node"]:
            row["id"] = case["nodes"][row.pop("index")]["id"]
        case = dict(case)
        case.update(result)
        out_cases.append(case)
        print(f"{case['name']}: {len(case['nodes'])} nodes, {time.perf_counter() - t:.1f} s", file=sys.stderr)

    doc = {"generator": "scripts/reference/connectivity_networkx.py", "seed": SEED,
           "networkx": nx.__version__, "numpy": np.__version__,
           "method": "brute force: networkx floyd_warshall_numpy on the full graph and on G - k for every k; "
                     "connector = dI - intra - flux",
           "cases": out_cases}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
