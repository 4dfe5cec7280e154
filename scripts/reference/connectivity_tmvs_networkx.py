#!/usr/bin/env python3
"""Independent reference for `ecozone connectivity` on Makurhini's TMVS habitat nodes (shapely + networkx).

Data: ../shared/data/real/connectivity-makurhini-tmvs/makurhini_tmvs.gpkg (404 polygons, layer
habitat_nodes; study area layer TMVS_study_area), NAD27 Albers, metres. Settings of the published
Makurhini example (docs/articles/PC_IIC.html): centroid distances, D = 10 000 m, P = 0.5, areas in ha,
LA = area of the study area.

Everything is recomputed here from the geometry, with no code shared with EcoZone:
  * node attribute: planar area (shapely .area, the layer's projected CRS, as sf::st_area) / 1e4 -> ha;
    invalid polygons (Id 129) are repaired with shapely.make_valid first (the area does not change);
  * node point: Makurhini's rule (R/st_centroid_within_poly.R, R/euclidean_distances.R, methods.md 1.6):
    centroid of the largest polygon part; if the within-test gives a MIX of TRUE and FALSE over all
    nodes, each centroid that is not strictly within its polygon is replaced by point_on_surface
    (if all were outside, none would be replaced);
  * d_ij = Euclidean distance between the points;
  * indices: brute force (networkx link graphs, Floyd-Warshall on the graph and on G - k for every k,
    connector by subtraction), with no pruning and with Makurhini's pij_min = 0.01.

Writes Tests/EcoZoneTests/Fixtures/connectivity/tmvs_networkx_reference.json:

    .venv/bin/python scripts/reference/connectivity_tmvs_networkx.py [--out PATH]   (a few minutes)
"""
import argparse
import json
import math
import os
import sys

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import connectivity_networkx as ref  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
GPKG = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "real", "connectivity-makurhini-tmvs",
                                     "makurhini_tmvs.gpkg"))
D = 10000.0
P = 0.5


def largest_part(geom):
    if geom.geom_type == "Polygon":
        return geom
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
    return max(parts, key=lambda g: g.area)


def makurhini_points(geoms):
    centroids = [shapely.centroid(largest_part(g)) for g in geoms]
    within = [shapely.within(c, g) for c, g in zip(centroids, geoms)]
    replaced = []
    if len(set(within)) > 1:
        for i, inside in enumerate(within):
            if not inside:
                centroids[i] = shapely.point_on_surface(geoms[i])
                replaced.append(i)
    return centroids, replaced


def floyd_warshall(a):
    """networkx.floyd_warshall_numpy's kernel, on an adjacency matrix (inf = no link, 0 diagonal)."""
    a = a.copy()
    for i in range(a.shape[0]):
        a = np.minimum(a, a[i, :][np.newaxis, :] + a[:, i][:, np.newaxis])
    return a


def brute_force(d, areas, pij_min):
    """Base indices and, for every node k, the indices of G - k recomputed from scratch.

    The link graphs are built with networkx exactly as connectivity_networkx.build_graphs does (IIC:
    d < D, strict; PC: every finite pair, minus pairs with p < pij_min); their adjacency matrices are
    taken once with networkx and every removal reruns Floyd-Warshall on the matrix without row/column k
    (the work networkx.floyd_warshall_numpy would do, without rebuilding a 404-node complete graph 808
    times). Connector = dI - intra - flux (by subtraction, as Conefor/Makurhini)."""
    n = d.shape[0]
    a = np.asarray(areas, dtype=float)
    g_iic, g_pc, k, pruned = ref.build_graphs(d, D, P, pij_min)
    nodelist = list(range(n))
    adj_iic = nx.to_numpy_array(g_iic, nodelist=nodelist, weight="hops", nonedge=np.inf)
    adj_pc = nx.to_numpy_array(g_pc, nodelist=nodelist, weight="dist", nonedge=np.inf)
    np.fill_diagonal(adj_iic, 0.0)
    np.fill_diagonal(adj_pc, 0.0)

    def weights(adj_i, adj_p):
        nl = floyd_warshall(adj_i)
        delta = floyd_warshall(adj_p)
        w_iic = np.where(np.isfinite(nl), 1.0 / (1.0 + nl), 0.0)
        w_pc = np.where(np.isfinite(delta), np.exp(-k * np.where(np.isfinite(delta), delta, 0.0)), 0.0)
        return w_iic, w_pc, nl

    w_iic, w_pc, nl = weights(adj_iic, adj_pc)
    iic_num = float(a @ w_iic @ a)
    pc_num = float(a @ w_pc @ a)
    # Makurhini's finite stand-in for an infinite hop count (methods.md 1.5): unreachable pairs add
    # a_i a_j / (1 + 16443701) to its base IICnum. Recorded to explain the published IIC figures.
    sentinel = float(a @ np.where(np.isfinite(nl), 0.0, 1.0 / 16443702.0) @ a)
    p_direct = np.where(np.isfinite(adj_pc), np.exp(-k * np.where(np.isfinite(adj_pc), adj_pc, 0.0)), 0.0)
    np.fill_diagonal(p_direct, 0.0)
    pc_direct = float(a @ p_direct @ a)
    per_node = []
    for m in range(n):
        keep = [i for i in range(n) if i != m]
        wi, wp, _ = weights(adj_iic[np.ix_(keep, keep)], adj_pc[np.ix_(keep, keep)])
        ak = a[keep]
        row = {"index": m}
        for name, num, minus, w in (("dIIC", iic_num, float(ak @ wi @ ak), w_iic),
                                    ("dPC", pc_num, float(ak @ wp @ ak), w_pc)):
            total = 100.0 * (num - minus) / num
            intra = 100.0 * a[m] * a[m] / num
            flux = 100.0 * 2.0 * a[m] * float(np.dot(a[keep], w[m, keep])) / num
            row[name] = total
            row[name + "_intra"] = intra
            row[name + "_flux"] = flux
            row[name + "_connector"] = total - intra - flux
        per_node.append(row)
        if (m + 1) % 100 == 0:
            print(f"  {m + 1} removals", file=sys.stderr, flush=True)
    return {"IIC_num": iic_num, "PC_num": pc_num, "PC_direct_num": pc_direct, "pruned_links": pruned,
            "IIC_num_sentinel_extra": sentinel, "per_node": per_node}


def main():
    default_out = os.path.join(ROOT, "Tests", "EcoZoneTests", "Fixtures", "connectivity",
                               "tmvs_networkx_reference.json")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=default_out)
    args = parser.parse_args()

    nodes = gpd.read_file(GPKG, layer="habitat_nodes")
    study = gpd.read_file(GPKG, layer="TMVS_study_area")
    geoms = [shapely.make_valid(g) if not g.is_valid else g for g in nodes.geometry]
    repaired = [int(i) for i, g in zip(nodes.Id, nodes.geometry) if not g.is_valid]
    areas = [g.area / 1e4 for g in geoms]
    landscape = float(sum(g.area for g in study.geometry)) / 1e4
    points, replaced = makurhini_points(geoms)
    xy = np.array([[p.x, p.y] for p in points])
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, 0.0)
    ids = [str(int(i)) for i in nodes.Id]

    variants = []
    for name, pij_min in (("no-pruning", None), ("makurhini-pij-min-0.01", 0.01)):
        print(f"{name}: base + 404 removals ...", file=sys.stderr, flush=True)
        result = brute_force(d, areas, pij_min)
        for row in result["per_node"]:
            row["id"] = ids[row.pop("index")]
        variants.append({"name": name, "pij_min": pij_min, **result})

    out = {
        "source": "makurhini_tmvs.gpkg", "layer": "habitat_nodes", "landscape_layer": "TMVS_study_area",
        "D": D, "P": P, "landscape_area_ha": landscape,
        "ids": ids, "area_ha": areas, "x": xy[:, 0].tolist(), "y": xy[:, 1].tolist(),
        "point_on_surface_ids": [ids[i] for i in replaced], "repaired_ids": [str(i) for i in repaired],
        "variants": variants,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
