#!/usr/bin/env python3
"""A generated land cover for scripts/bench-mspa: N × N cells of 30 m in CGCS2000 3° GK zone 36 over Banan, classes
1 (forest) where a smooth random field is high — patches with holes, necks, bridges and branches at the scale of tens
of cells, as land cover has them — 2 elsewhere, and a band of NoData (0) along one side.

usage: .venv/bin/python scripts/bench/mspa_data.py OUT.tif N   (needs numpy, scipy, tifffile; gdal_edit.py)
"""
import subprocess
import sys

import numpy as np
import tifffile
from scipy import ndimage


def main(path, n):
    rng = np.random.default_rng(2014)
    coarse = ndimage.gaussian_filter(rng.standard_normal((n // 16 + 2, n // 16 + 2)).astype(np.float32), 1.5)
    field = ndimage.zoom(coarse, 16, order=1)[:n, :n]
    field += 0.35 * rng.standard_normal((n, n)).astype(np.float32) * float(coarse.std())
    cover = np.where(field > np.quantile(coarse, 0.45), 1, 2).astype(np.uint8)
    del field
    cover[:, : n // 50] = 0
    tifffile.imwrite(path, cover, compression="zlib", tile=(256, 256))
    x0, y0 = 36_560_000.0, 3_290_000.0
    subprocess.run(["gdal_edit.py", "-a_srs", "EPSG:4524", "-a_nodata", "0", "-a_ullr", str(x0), str(y0), str(x0 + 30 * n), str(y0 - 30 * n), path],
                   check=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
