"""Runs one case through the built `ecozone` and decides whether it failed.

A failure is: death by a signal (SIGILL/SIGTRAP = a Swift trap, SIGSEGV, SIGABRT …), a hang (more CPU
time than the timeout, or ten times that in wall time; the process then gets SIGABRT so the Swift
backtracer prints where it hung, then SIGKILL), an exit code other
than 0/1/2, exit 0 with NaN/inf on stdout (not merely echoing the input), or an input file changed or
removed. Children run with bounded memory (RLIMIT_AS), no core files and bounded file sizes.
"""
import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import time

BACKTRACE = "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,limit=40,top=8,sanitize=no"
NAN = re.compile(r"(?<![A-Za-z0-9_])[-+\u2212]?(?:nan|inf(?:inity)?)(?![A-Za-z0-9_])", re.IGNORECASE)
FRAME = re.compile(r"^\s*\d+\s+(?:\[[a-z]+\]\s+)*0x[0-9a-f]+\s+(.*?)\s+\+\s+\d+\s+in\s+(\S+)(?:\s+at\s+(\S+?):\d+(?::\d+)?)?\s*$")
SYSTEM_IMAGES = ("libswiftCore", "libc.so", "libc-", "libstdc++", "ld-linux", "libpthread", "libdispatch", "libFoundation", "libswift_Concurrency")
SIGNALS = {s.value: s.name.lower() for s in signal.Signals}


def limit_resources(memory_mb):
    """Applied to the fuzzer itself; every child inherits it."""
    if memory_mb:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 30, 1 << 30))


def digest(data):
    return hashlib.sha256(data).hexdigest()


def write_case(folder, files):
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "out").mkdir(exist_ok=True)


def hash_inputs(folder, names):
    out = {}
    for n in names:
        p = folder / n
        try:
            out[n] = digest(p.read_bytes()) if p.is_file() else None
        except OSError:
            out[n] = None
    return out


def cpu_seconds(pid):
    """User + system CPU time of a process (all its threads), from /proc; None when unknown."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def run(binary, folder, argv, timeout):
    """(returncode, timed_out, stdout, stderr, seconds) of `binary argv` run in folder.

    A case hangs when it uses more than `timeout` seconds of CPU (so a loaded machine does not turn a slow
    case into a hang) or, blocked without using CPU (a FIFO, say), more than ten times that in wall time (a
    case sharing two cores with a build and other cases gets a fifth of a core at times).
    The case runs on one worker thread (ECOZONE_THREADS=1): CPU time then tracks the work, and results
    do not depend on how many cores the machine has.
    """
    env = dict(os.environ, SWIFT_BACKTRACE=BACKTRACE, TMPDIR=str(folder / "out"), ECOZONE_THREADS="1")
    t0 = time.monotonic()
    p = subprocess.Popen([str(binary)] + argv, cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, start_new_session=True)
    timed_out = False
    try:
        while True:
            try:
                out, err = p.communicate(timeout=0.25)
                break
            except subprocess.TimeoutExpired:
                cpu = cpu_seconds(p.pid)
                if (cpu is not None and cpu > timeout) or time.monotonic() - t0 > 10 * timeout or (cpu is None and time.monotonic() - t0 > timeout):
                    timed_out = True
                    break
        if timed_out:
            try:
                os.kill(p.pid, signal.SIGABRT)  # the backtracer prints where it was
                out, err = p.communicate(timeout=10)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                out, err = p.communicate()
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)  # anything the case left running in its session
        except (ProcessLookupError, PermissionError):
            pass
    return p.returncode, timed_out, out, err, time.monotonic() - t0


def _normalise(text, width=140):
    text = re.sub(r"'[^']*'|\"[^\"]*\"|‘[^’]*’|“[^”]*”", "'…'", text)
    text = re.sub(r"\S*/(\S+)", r"\1", text)
    text = re.sub(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?", "#", text)
    return text.strip()[:width]


def frames(stderr):
    """(function, image, source path or None) of each frame the Swift backtracer printed."""
    out = []
    for line in stderr.splitlines():
        m = FRAME.match(line)
        if m:
            out.append((m.group(1), m.group(2), m.group(3)))
    return out


def _ours(path):
    return bool(path) and "/Sources/" in path and "/.build" not in path and "/checkouts/" not in path


def top_frame(stderr):
    """The first frame of the crashed thread in this package's Sources, else the first outside system libraries."""
    fs = frames(stderr)
    for func, image, path in fs:
        if _ours(path):
            return f"{func} ({os.path.basename(path)})"
    for func, image, path in fs:
        if not any(s in image for s in SYSTEM_IMAGES) and not func.startswith("0x"):
            return f"{func} in {image}"
    return None


def entry_frame(stderr):
    """The frame the command's run() called: where a hang is interrupted varies, the step it hangs in does not."""
    ours = [(func, path) for func, image, path in frames(stderr) if _ours(path)]
    for i, (func, path) in enumerate(ours):
        if re.search(r"Command\.run\(\)", func) and i > 0:
            callee, callee_path = ours[i - 1]
            return f"{callee} ({os.path.basename(callee_path)})"
    return None


def stack_overflow(stderr):
    """A crash whose backtrace repeats one function many times: unbounded recursion."""
    counts = {}
    for func, _, _ in frames(stderr):
        counts[func] = counts.get(func, 0) + 1
    return "Bad pointer dereference" in stderr and any(n >= 8 for n in counts.values())


def fatal_message(stderr):
    m = re.search(r"Fatal error: ?(.*)", stderr)
    if m:
        return _normalise(m.group(1))
    for pat in (r"(failed to allocate \S+ bytes)", r"(terminate called .*)", r"(Assertion .* failed)", r"(double free.*|free\(\): .*|malloc\(\): .*)"):
        m = re.search(pat, stderr)
        if m:
            return _normalise(m.group(1))
    return None


DELIMITERS = set(" \t\r\n\"'`,:;()[]{}<>|=" "，。：；、（）《》「」【】！？")
# A line that says a coordinate of the input is NaN or infinite reports the input (inspect's validity,
# GEOS's reason); it is not a number the command computed.
REPORTED = ("has a coordinate that is", "Invalid Coordinate at")


def _appears(text, inputs, word_start=False, word_end=False):
    """Whether text occurs in an input. At an end where text is a whole word's end on stdout (word_start,
    word_end), the input must not continue the word there either (no letter, digit or CJK character); at an
    end cut inside a word, an end that is an ASCII letter or digit must not continue an ASCII word there
    ("nan" is not an echo of "banana")."""
    ascii_word = re.compile(r"[A-Za-z0-9_]")
    before = r"(?<!\w)" if word_start else ("(?<![A-Za-z0-9_])" if ascii_word.match(text) else "")
    after = r"(?!\w)" if word_end else ("(?![A-Za-z0-9_])" if ascii_word.match(text[-1:]) else "")
    pat = re.compile(before + re.escape(text) + after)
    return any(pat.search(t) for t in inputs)


def nan_on_stdout(stdout, input_texts):
    """The first NaN/inf token on stdout that is not an echo of the input, or None.

    An echo is a token whose word (the run of characters around it up to whitespace or punctuation, ASCII or
    CJK, such as quotes, commas, colons and brackets), or the token with up to three characters of that word
    either side, or on one side only (claims draft pieces a quote together from table cells), occurs in an
    input file: a plan sentence or a field value the command repeats. A number the command computed ("nan",
    "-inf" standing alone) is not found there. A line that reports an input coordinate as NaN or infinite
    (REPORTED) is not a computed number either.
    """
    for line in stdout.splitlines():
        if any(r in line for r in REPORTED):
            continue
        for m in NAN.finditer(line):
            s, e = m.start(), m.end()
            while s > 0 and line[s - 1] not in DELIMITERS:
                s -= 1
            while e < len(line) and line[e] not in DELIMITERS:
                e += 1
            left, right = max(s, m.start() - 3), min(e, m.end() + 3)
            contexts = {(s, e), (left, right), (left, m.end()), (m.start(), right)} - {(m.start(), m.end())}
            if any(_appears(line[a:b], input_texts, a == s, b == e) for a, b in contexts) or \
                    _appears(m.group(0), input_texts, True, True):
                continue
            return m.group(0), line.strip()
    return None


def nan_where(line):
    """What a NaN line is about, without the data: a JSON key, else the line's ASCII words with numbers as #."""
    m = re.match(r'\s*"([^"]+)"\s*:', line)
    if m:
        return f'"{m.group(1)}"'
    words = [w for w in line.split() if w.isascii() and not NAN.fullmatch(w.strip("(),;:±≥≤"))]
    text = re.sub(r"[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?", "#", " ".join(words))
    return text[:60]


def command_key(argv):
    return " ".join(argv[:2]) if argv[0] == "claims" else argv[0]


def options(argv):
    return " ".join(sorted({a for a in argv if a.startswith("--")}))


def classify(argv, rc, timed_out, stdout, stderr, modified, input_texts):
    """None, or {kind, signature, detail} for a failure."""
    cmd = command_key(argv)
    out = stdout.decode("utf-8", "replace")
    err = stderr.decode("utf-8", "replace")
    if timed_out or (rc is not None and rc < 0):
        kind = "timeout" if timed_out else SIGNALS.get(-rc, f"signal{-rc}")
        frame, message = (entry_frame(err) or top_frame(err)) if timed_out else top_frame(err), fatal_message(err)
        if message is None and stack_overflow(err):
            message = "stack overflow"
        where = " / ".join(x for x in (frame, message) if x) or "no stack"
        return {"kind": kind, "signature": f"{cmd}|{kind}|{where}", "detail": message or frame or ""}
    if rc not in (0, 1, 2):
        last = next((l for l in reversed(err.splitlines()) if l.strip()), "")
        return {"kind": f"exit{rc}", "signature": f"{cmd}|exit{rc}|{_normalise(last)}", "detail": last[:300]}
    if modified:
        exts = " ".join(sorted({os.path.splitext(n)[1].lower() or n for n in modified}))
        return {"kind": "modified", "signature": f"{cmd}|modified|{exts}|{options(argv)}",
                "detail": "input changed or removed: " + ", ".join(sorted(modified))}
    if rc == 0:
        hit = nan_on_stdout(out, input_texts)
        if hit:
            token, line = hit
            return {"kind": "nan", "signature": f"{cmd}|nan|{token.lower().lstrip('+-−')}|{nan_where(line)}", "detail": line[:300]}
    return None


def execute(binary, work, name, files, argv, timeout, keep=None):
    """Write the case into work/name, run it, classify it; the folder is removed unless kept."""
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    write_case(folder, files)
    before = hash_inputs(folder, files)
    texts = [d.decode("utf-8", "ignore") for d in files.values()]
    for attempt in range(3):
        if attempt:
            shutil.rmtree(folder / "out", ignore_errors=True)
            (folder / "out").mkdir()
        rc, timed_out, out, err, seconds = run(binary, folder, argv, timeout)
        after = hash_inputs(folder, files)
        modified = [n for n in files if before[n] != after[n]]
        failure = classify(argv, rc, timed_out, out, err, modified, texts)
        # A crash the backtracer could not unwind (e.g. inside libc's malloc, which keeps no frame
        # pointers) has no stable signature: run it again, at most twice, for a better backtrace.
        if not (failure and rc is not None and rc < 0 and not timed_out and top_frame(err.decode("utf-8", "replace")) is None):
            break
        if modified:
            break
    if keep is not None and failure:
        dest = keep / name
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(folder, dest, symlinks=True)
        (dest / "stdout.txt").write_bytes(out)
        (dest / "stderr.txt").write_bytes(err)
    shutil.rmtree(folder, ignore_errors=True)
    return {"rc": rc, "timed_out": timed_out, "seconds": seconds, "failure": failure,
            "stderr": err.decode("utf-8", "replace")[-4000:], "stdout": out.decode("utf-8", "replace")[:2000]}
