"""A synthetic resistance raster and core raster for scripts/bench-mpi (issue 20).

usage: circuit_data.py OUTDIR WIDTH HEIGHT [POINTS]
Writes OUTDIR/resistance.vrt (Float32, 1-100 with a smooth pattern and noise, NoData -1 on a diagonal
river of impassable cells with two fords) and OUTDIR/cores.vrt (Int32: core 1 a disc at the west edge,
core 2 a disc at the east edge; with POINTS, instead POINTS single-cell cores 1…POINTS spread over the
grid, Circuitscape's focal points), raw little-endian data beside them, on a 30 m grid in EPSG:4524.
scripts/bench-mpi turns them into tiled GeoTIFFs with gdal_translate.
"""
import os
import sys

import numpy as np

out, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20)
y, x = np.mgrid[0:h, 0:w].astype(np.float32)
r = 1 + 49.5 * (1 + np.sin(x / 157.0) * np.cos(y / 211.0)) + rng.uniform(0, 10, size=(h, w)).astype(np.float32)
r = np.clip(r, 1, 100).astype(np.float32)
river = np.abs((x - w / 2) - 0.3 * (y - h / 2)) < 3
fords = (np.abs(y - h / 4) < 20) | (np.abs(y - 3 * h / 4) < 20)
r[river & ~fords] = -1
cores = np.zeros((h, w), dtype=np.int32)
rad = min(w, h) / 20
cores[(x - rad * 1.5) ** 2 + (y - h / 2) ** 2 < rad ** 2] = 1
cores[(x - (w - rad * 1.5)) ** 2 + (y - h / 2) ** 2 < rad ** 2] = 2
cores[r < 0] = 0
if len(sys.argv) > 4:
    # Focal points on a 3-column lattice of rows, each moved east off the river if it falls on it.
    cores[:] = 0
    n = int(sys.argv[4])
    for k in range(n):
        px, py = int(w * (0.1 + 0.4 * (k % 3))), int(h * (0.1 + 0.8 * (k // 3) / max(1, (n - 1) // 3)))
        while r[py, px] < 0:
            px += 1
        cores[py, px] = k + 1

srs = 'EPSG:4524'
gt = '36500000, 30, 0, 3300000, 0, -30'
for name, arr, gdal_type, size, nodata in [("resistance", r, "Float32", 4, "<NoDataValue>-1</NoDataValue>"),
                                           ("cores", cores, "Int32", 4, "")]:
    arr.astype("<f4" if gdal_type == "Float32" else "<i4").tofile(os.path.join(out, name + ".raw"))
    with open(os.path.join(out, name + ".vrt"), "w") as f:
        f.write(f"""<VRTDataset rasterXSize="{w}" rasterYSize="{h}">
  <SRS>{srs}</SRS>
  <GeoTransform>{gt}</GeoTransform>
  <VRTRasterBand dataType="{gdal_type}" band="1" subClass="VRTRawRasterBand">
    {nodata}
    <SourceFilename relativetoVRT="1">{name}.raw</SourceFilename>
    <ImageOffset>0</ImageOffset>
    <PixelOffset>{size}</PixelOffset>
    <LineOffset>{size * w}</LineOffset>
    <ByteOrder>LSB</ByteOrder>
  </VRTRasterBand>
</VRTDataset>
""")
print(f"{out}: {w} x {h} cells, cores {int(cores.max())}, core cells {int((cores > 0).sum())}")
