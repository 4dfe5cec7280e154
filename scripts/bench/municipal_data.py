#!/usr/bin/env python3
"""Generates the municipal-scale tabulation benchmark's data (issue 16): N graded erosion patches
over the real Banan boundary (fixtures/banan/boundary.shp), at the density of a municipal survey
(2,000,000 patches over the district are ~900 m² each), and a project file that adds the Banan
fixture's 5 restoration zones and 23 towns.

Patches: a regular grid of cells over the district's bounding box, ~square in metres, one star-shaped
polygon per cell whose centre lies in the district (12 vertices at jittered angles, each at its own
0.55–0.95 of the half cell from the centre: simple and valid by construction, non-overlapping).
Vectorised (numpy + shapely), so 2 M patches take about a minute; deterministic for a given N and seed.

usage: municipal_data.py OUT_DIR N_EROSION [SEED]
"""
import math
import os
import sys

import geopandas as gpd
import numpy as np
import shapely

GRADES = ["轻度", "中度", "强烈", "极强烈", "剧烈"]
GRADE_WEIGHTS = [0.45, 0.3, 0.15, 0.07, 0.03]
VERTICES = 12


def patches(boundary, n, rng):
    minx, miny, maxx, maxy = boundary.bounds
    lat = math.radians((miny + maxy) / 2)
    # Cells square in metres: a degree of longitude is cos(lat) of a degree of latitude.
    aspect = math.cos(lat)
    share_inside = boundary.area / ((maxx - minx) * (maxy - miny))
    cells = n / share_inside * 1.02
    dy = math.sqrt((maxx - minx) * aspect * (maxy - miny) / cells)
    dx = dy / aspect
    xs = np.arange(minx + dx / 2, maxx, dx)
    ys = np.arange(miny + dy / 2, maxy, dy)
    cx, cy = (a.ravel() for a in np.meshgrid(xs, ys))
    inside = shapely.contains_xy(boundary, cx, cy)
    cx, cy = cx[inside], cy[inside]
    if len(cx) > n:
        # Evenly over the district, not its southern rows first.
        keep = np.linspace(0, len(cx) - 1, n).round().astype(np.int64)
        cx, cy = cx[keep], cy[keep]
    m = len(cx)
    angles = (np.arange(VERTICES)[None, :] + rng.uniform(-0.35, 0.35, (m, VERTICES))) * (2 * math.pi / VERTICES)
    radius = rng.uniform(0.55, 0.95, (m, VERTICES)) / 2
    px = cx[:, None] + np.cos(angles) * radius * dx
    py = cy[:, None] + np.sin(angles) * radius * dy
    ring = np.stack([px, py], axis=-1)
    ring = np.concatenate([ring, ring[:, :1, :]], axis=1)
    return shapely.polygons(ring), dx, dy


def main(out_dir, n, seed=20261206):
    here = os.path.dirname(os.path.abspath(__file__))
    fixtures = os.path.normpath(os.path.join(here, "..", "..", "fixtures", "banan"))
    rng = np.random.default_rng(seed)
    boundary = gpd.read_file(os.path.join(fixtures, "boundary.shp")).to_crs(4490).geometry.union_all()
    os.makedirs(out_dir, exist_ok=True)
    polys, dx, dy = patches(boundary, n, rng)
    grades = rng.choice(GRADES, size=len(polys), p=GRADE_WEIGHTS)
    gpd.GeoDataFrame({"GRADE": grades}, geometry=polys, crs=4490).to_file(
        os.path.join(out_dir, "erosion.gpkg"), layer="erosion", driver="GPKG")
    with open(os.path.join(out_dir, "project.yaml"), "w", encoding="utf-8") as f:
        f.write(f"""name: municipal tabulation benchmark ({len(polys)} erosion patches)
crs: EPSG:4490
layers:
  soil-erosion:      {{ source: erosion.gpkg, grade: GRADE }}
  restoration-zones: {{ source: {os.path.join(fixtures, 'zones.shp')}, name: NAME }}
  towns:             {{ source: {os.path.join(fixtures, 'towns.shp')}, name: NAME }}
""")
    print(f"{out_dir}: {len(polys)} erosion patches, cells {dx:.6f}° × {dy:.6f}°, {len(polys) * VERTICES} vertices")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), *(int(a) for a in sys.argv[3:4]))
