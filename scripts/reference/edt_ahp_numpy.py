#!/usr/bin/env python3
"""Independent references for the resistance factors (issue 14):

- exact Euclidean distance transform in metres: scipy.ndimage.distance_transform_edt(~feature, sampling=(dy, dx))
  on three grids (square and anisotropic cells, sparse points, a line, one corner cell);
- AHP weights: numpy.linalg.eig's principal eigenvector (normalised to sum 1), lambda_max, CI, CR with Saaty's
  1980 random indices, for two larger matrices of the kind resistance studies use.

Writes Tests/EcoZoneTests/Fixtures/resistance/reference.json.gz.
usage: .venv/bin/python scripts/reference/edt_ahp_numpy.py   (needs numpy, scipy)
"""
import gzip
import json
from pathlib import Path

import numpy as np
from scipy import ndimage

ROOT = Path(__file__).resolve().parents[2]
RI = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]


def edt_case(w, h, dx, dy, feature):
    d = ndimage.distance_transform_edt(~feature, sampling=(dy, dx))
    return {"width": w, "height": h, "dx": dx, "dy": dy,
            "features": [int(i) for i in np.flatnonzero(feature.ravel())],
            "distances": [float(x) for x in d.ravel()]}


def ahp_case(a):
    a = np.array(a, float)
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    w /= w.sum()
    lam = float(vals[k].real)
    n = len(a)
    ci = (lam - n) / (n - 1)
    return {"matrix": a.tolist(), "weights": w.tolist(), "lambda_max": lam, "ci": ci, "cr": ci / RI[n - 1]}


def main():
    rng = np.random.default_rng(141)
    cases = []
    f = rng.random((36, 48)) < 0.01
    cases.append(edt_case(48, 36, 30.0, 30.0, f))
    g = rng.random((30, 40)) < 0.005
    for c in range(40):
        g[int(5 + c * 0.45), c] = True
    cases.append(edt_case(40, 30, 25.0, 40.0, g))
    h = np.zeros((20, 30), bool)
    h[19, 29] = True
    cases.append(edt_case(30, 20, 7.25, 7.25, h))
    # Six factors (land use, slope, elevation, distance to roads, to water, to settlements) and five, as in
    # Chinese security-pattern studies; judgements on Saaty's 1–9 scale.
    six = [[1, 2, 3, 4, 5, 6], [1 / 2, 1, 2, 3, 4, 5], [1 / 3, 1 / 2, 1, 2, 3, 4],
           [1 / 4, 1 / 3, 1 / 2, 1, 2, 3], [1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2], [1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1]]
    five = [[1, 3, 5, 7, 9], [1 / 3, 1, 3, 5, 7], [1 / 5, 1 / 3, 1, 3, 5], [1 / 7, 1 / 5, 1 / 3, 1, 3], [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1]]
    out = {"edt": cases, "ahp": [ahp_case(six), ahp_case(five)]}
    path = ROOT / "Tests/EcoZoneTests/Fixtures/resistance/reference.json.gz"
    with gzip.GzipFile(path, "wb", mtime=0) as z:
        z.write((json.dumps(out) + "\n").encode())
    for a in out["ahp"]:
        print([round(x, 4) for x in a["weights"]], round(a["lambda_max"], 4), round(a["cr"], 4))


if __name__ == "__main__":
    main()
