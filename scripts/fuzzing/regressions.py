"""The regression folder (Tests/ecozoneTests/Fixtures/fuzz): one sub-folder per failure signature,
<kind>-<hash>/, holding the input files and case.json:

    {"command": ["area", "towns3.shp", "--method", "both"],   # run in a copy of the folder, with out/ created
     "kind": "sigill", "signature": "area|sigill|…", "expected": "open" | "fixed",
     "timeout": 10, "detail": "…", "found": {"seed": 1, "case": 123, "mutations": ["shp_record towns3.shp"]}}

Cases marked "open" are known failures (a fix is pending); "fixed" ones must pass — FuzzRegressionTests
replays both and enforces the fixed ones. The fuzzer reports a failure as new unless an "open" case has
its signature.
"""
import hashlib
import json
import shutil


def load(folder):
    """{folder name: case.json} of every case."""
    out = {}
    if folder.is_dir():
        for d in sorted(folder.iterdir()):
            p = d / "case.json"
            if p.is_file():
                try:
                    out[d.name] = json.loads(p.read_text(encoding="utf-8"))
                except ValueError:
                    continue
    return out


def known_open(cases):
    return {c.get("signature") for c in cases.values() if c.get("expected") == "open"}


def folder_name(kind, signature):
    return f"{kind}-{hashlib.sha256(signature.encode('utf-8')).hexdigest()[:10]}"


def write(folder, files, argv, failure, found, timeout):
    """Writes a new case folder (never over an existing one); returns its path or None."""
    dest = folder / folder_name(failure["kind"], failure["signature"])
    if dest.exists():
        return None
    tmp = dest.with_name("." + dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    case = {"command": argv, "kind": failure["kind"], "signature": failure["signature"], "expected": "open",
            "timeout": timeout, "detail": failure["detail"][:300], "found": found}
    (tmp / "case.json").write_text(json.dumps(case, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.rename(dest)
    return dest


def inputs(case_folder):
    return {p.name: p.read_bytes() for p in sorted(case_folder.iterdir()) if p.is_file() and p.name != "case.json"}
