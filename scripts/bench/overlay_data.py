#!/usr/bin/env python3
"""Generates the overlay benchmark's county-scale data inside the real Banan boundary
(fixtures/banan/boundary.shp): N graded erosion polygons with irregular edges, ~500 red-line
polygons, and a project file that adds the Banan fixture's 5 restoration zones and 23 towns.

Erosion polygons: a Voronoi tessellation of seeded random points, clipped to the district, each cell
shrunk toward its centroid by a random factor per vertex (star-shaped, irregular, non-overlapping).
Deterministic for a given N and seed.

usage: overlay_data.py OUT_DIR N_EROSION [SEED]
"""
import os
import sys

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Polygon

GRADES = ["轻度", "中度", "强烈", "极强烈", "剧烈"]
GRADE_WEIGHTS = [0.45, 0.3, 0.15, 0.07, 0.03]


def irregular_cells(boundary, n, rng, keep_share, shrink=(0.55, 0.95), subdivide=4):
    minx, miny, maxx, maxy = boundary.bounds
    # Enough seeds over the bbox that about n cells survive clipping and sampling.
    share_inside = boundary.area / ((maxx - minx) * (maxy - miny))
    seeds = int(n / share_inside / keep_share * 1.05) + 10
    pts = shapely.points(rng.uniform(minx, maxx, seeds), rng.uniform(miny, maxy, seeds))
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=boundary))
    cells = shapely.intersection(cells, boundary)
    cells = cells[~shapely.is_empty(cells)]
    out = []
    prepared = shapely.prepared.prep(boundary) if hasattr(shapely, "prepared") else None
    for c in cells:
        if rng.random() > keep_share:
            continue
        if c.geom_type != "Polygon":
            c = max(shapely.get_parts(c), key=lambda g: g.area)
            if c.geom_type != "Polygon":
                continue
        ring = np.asarray(c.exterior.coords)[:-1]
        # Subdivide every edge, then pull each vertex toward the centroid by its own factor.
        t = np.linspace(0, 1, subdivide, endpoint=False)
        nxt = np.roll(ring, -1, axis=0)
        dense = (ring[:, None, :] * (1 - t)[None, :, None] + nxt[:, None, :] * t[None, :, None]).reshape(-1, 2)
        cx, cy = c.centroid.x, c.centroid.y
        f = rng.uniform(*shrink, len(dense))[:, None]
        pts = np.column_stack([cx + (dense[:, 0] - cx) * f[:, 0], cy + (dense[:, 1] - cy) * f[:, 0]])
        p = Polygon(pts)
        if not p.is_valid:
            p = shapely.make_valid(p)
            if p.geom_type != "Polygon":
                continue
        if p.area > 0:
            out.append(p)
        if len(out) >= n:
            break
    return out


def main(out_dir, n, seed=20261123):
    here = os.path.dirname(os.path.abspath(__file__))
    fixtures = os.path.normpath(os.path.join(here, "..", "..", "fixtures", "banan"))
    rng = np.random.default_rng(seed)
    boundary = gpd.read_file(os.path.join(fixtures, "boundary.shp")).to_crs(4490).geometry.union_all()
    os.makedirs(out_dir, exist_ok=True)

    erosion = irregular_cells(boundary, n, rng, keep_share=0.6)
    grades = rng.choice(GRADES, size=len(erosion), p=GRADE_WEIGHTS)
    gpd.GeoDataFrame({"GRADE": grades}, geometry=erosion, crs=4490).to_file(
        os.path.join(out_dir, "erosion.gpkg"), layer="erosion", driver="GPKG")

    red = irregular_cells(boundary, 500, rng, keep_share=0.35, shrink=(0.6, 0.9), subdivide=8)
    gpd.GeoDataFrame({"ID": np.arange(len(red))}, geometry=red, crs=4490).to_file(
        os.path.join(out_dir, "redline.gpkg"), layer="redline", driver="GPKG")

    with open(os.path.join(out_dir, "project.yaml"), "w", encoding="utf-8") as f:
        f.write(f"""name: overlay benchmark ({len(erosion)} erosion polygons)
crs: EPSG:4490
layers:
  soil-erosion:      {{ source: erosion.gpkg, grade: GRADE }}
  red-line:          {{ source: redline.gpkg }}
  restoration-zones: {{ source: {os.path.join(fixtures, 'zones.shp')}, name: NAME }}
  towns:             {{ source: {os.path.join(fixtures, 'towns.shp')}, name: NAME }}
""")
    print(f"{out_dir}: {len(erosion)} erosion polygons, {len(red)} red-line polygons, "
          f"{sum(len(p.exterior.coords) for p in erosion)} erosion vertices")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), *(int(a) for a in sys.argv[3:4]))
