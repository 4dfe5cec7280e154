#!/usr/bin/env python3
"""The peer of `ecozone zonal RASTER --zones ZONES --by FIELD --classes`: exactextract (exact coverage fractions,
C++) through rasterio; zones read with pyogrio and transformed vertex-wise into the raster's CRS with pyproj.
Prints JSON {key: {class: coverage-weighted fraction}} (exactextract's 'unique' + 'frac'; its areas are not
ellipsoidal, so shares are compared, not km²).

usage: zonal_exactextract.py RASTER ZONES FIELD
"""
import json
import sys

import numpy as np
import pyogrio.raw as ogr
import rasterio
import shapely
from exactextract import exact_extract
from pyproj import Transformer

raster, zones, field = sys.argv[1:4]
meta, _, geoms, fields = ogr.read(zones)
keys = fields[list(meta["fields"]).index(field)]
with rasterio.open(raster) as ds:
    t = Transformer.from_crs(meta["crs"], ds.crs.to_wkt(), always_xy=True)
    feats = [{"type": "Feature", "properties": {"key": str(k)},
              "geometry": shapely.geometry.mapping(shapely.transform(g, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1]))))}
             for k, g in zip(keys, shapely.from_wkb(geoms))]
    result = exact_extract(ds, feats, ["unique", "frac"], include_cols=["key"])
out = {f["properties"]["key"]: {str(int(v)): float(s) for v, s in zip(f["properties"]["unique"], f["properties"]["frac"])}
       for f in result}
print(json.dumps(out, ensure_ascii=False))
