#!/usr/bin/env python3
"""A large categorical raster for scripts/bench-zonal: COLS × ROWS UInt8 cells (classes 1–6, NoData 0 in a
few patches) in EPSG:4524 over the Banan district, cell size chosen so the raster spans the district's
bounding box. Written a strip at a time (memory: one strip), tiled, DEFLATE. Deterministic.

usage: zonal_data.py OUT.tif [COLS ROWS]      default 10000 × 10000 (100 M cells)
"""
import sys
import numpy as np
import rasterio
from rasterio.transform import from_origin
from rasterio.windows import Window
from pyproj import Transformer

out = sys.argv[1]
cols, rows = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (10000, 10000)
t = Transformer.from_crs("EPSG:4490", "EPSG:4524", always_xy=True)
x0, y0 = t.transform(106.42, 29.12)
x1, y1 = t.transform(107.01, 29.78)
cell = max((x1 - x0) / cols, (y1 - y0) / rows)
tf = from_origin(x0, y1, cell, cell)
rng = np.random.default_rng(13)
coarse = rng.random((rows // 200 + 2, cols // 200 + 2))
with rasterio.open(out, "w", driver="GTiff", width=cols, height=rows, count=1, dtype="uint8", crs="EPSG:4524", transform=tf,
                   nodata=0, tiled=True, blockxsize=512, blockysize=512, compress="DEFLATE", BIGTIFF="IF_SAFER") as ds:
    strip = 512
    for r0 in range(0, rows, strip):
        n = min(strip, rows - r0)
        yy = (np.arange(r0, r0 + n) / 200)[:, None]
        xx = (np.arange(cols) / 200)[None, :]
        a = coarse[yy.astype(int), xx.astype(int)] + 0.15 * np.sin(xx * 7.3 + yy * 3.1) + 0.05 * rng.random((n, cols))
        classes = (1 + np.clip(a * 6, 0, 5.999)).astype(np.uint8)
        classes[(a > 1.05)] = 0
        ds.write(classes, 1, window=Window(0, r0, cols, n))
print(f"{out}: {cols} × {rows} cells of {cell:.2f} m")
