"""Summarise sanitizer log files (log_path=…): one line per distinct report with its first frames in this
package (else its first frames). usage: summarise.py LOG_DIR NAME; exit 1 if there is any report."""
import collections
import pathlib
import re
import sys

HEADER = re.compile(r"^(?:==\d+==)?(ERROR: AddressSanitizer: .*|WARNING: ThreadSanitizer: .*|(?:Direct|Indirect) leak of .*)$", re.M)
FRAME = re.compile(r"^\s*#\d+ (?:0x[0-9a-f]+ in )?(\S+)(?: (\S+))?", re.M)


ALLOCATORS = ("malloc", "calloc", "realloc", "posix_memalign", "aligned_alloc", "operator new", "swift_slowAlloc", "swift_allocObject",
              "__interceptor_", "___interceptor_")


def ours(location):
    return bool(location) and "/Sources/" in location and "/.build" not in location


def main():
    folder, name = pathlib.Path(sys.argv[1]), sys.argv[2]
    reports = collections.OrderedDict()
    for log in sorted(p for p in folder.glob("*") if p.is_file()):
        text = log.read_text(errors="replace")
        heads = list(HEADER.finditer(text))
        for k, h in enumerate(heads):
            body = text[h.end():heads[k + 1].start() if k + 1 < len(heads) else len(text)]
            frames = [f for f in FRAME.findall(body) if not f[0].startswith(ALLOCATORS)]
            mine = [f"{fn} {loc}" for fn, loc in frames if ours(loc)]
            shown = mine[:6] or [f"{fn} {loc}".strip() for fn, loc in frames[:6]]
            kind = re.sub(r"0x[0-9a-f]+|\(pid=\d+\)|\d+ byte\(s\)|\d+ object\(s\)", "#", h.group(1)).strip()
            key = (kind, tuple(shown[:3]))
            entry = reports.setdefault(key, {"count": 0, "log": log.name, "frames": shown})
            entry["count"] += 1
    if not reports:
        print(f"sanitize {name}: no reports")
        return 0
    print(f"sanitize {name}: {sum(e['count'] for e in reports.values())} report(s), {len(reports)} distinct (full text in {folder}):")
    for (kind, _), e in reports.items():
        print(f"  ×{e['count']} {kind}   [first in {e['log']}]")
        for f in e["frames"]:
            print(f"      {f}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
