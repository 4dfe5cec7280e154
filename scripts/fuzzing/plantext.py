"""Plan text mutators for `claims draft`: long digit runs, huge and odd numbers, units, qualifiers,
table layouts, long lines, many lines, encodings."""
import re

UNITS = ["平方千米", "平方公里", "公顷", "hm2", "hm²", "万亩", "亩", "km²", "km2", "千米", "公里", "米", "%", "个", "处", "条", "％", "个百分点", "万公顷"]
QUALIFIERS = ["≥", "≤", "不低于", "不少于", "以上", "约", "[", "【", "（", "超过", "达到", "±", "~", "—"]
ODD_NUMBERS = ["9" * 400, "1e308", "NaN", "nan", "∞", "inf", "-0", "0." + "0" * 300 + "1", "１８２３", "一千八百二十三", "1,823,000,000,000,000,000,000",
               "1.2.3.4", "..5", "١٢٣", "1e-400", "-1823", "+1823", "1823.", "0x1F", "1/0", "12‰", "3½"]

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def mutate(data, rng):
    try:
        s = data.decode("utf-8")
    except UnicodeDecodeError:
        return data[:rng.randrange(max(1, len(data)))]
    nums = list(_NUMBER.finditer(s))
    what = rng.choice(["digits", "digits", "number", "number", "number", "unit", "qualifier", "table", "longline", "manylines",
                       "percent", "invalid", "bom", "cr", "nul", "zerowidth", "bracket", "sum"])
    if what == "digits":
        n = rng.choice([50, 500, 2000, 3000, 3000, 10000])
        run = rng.choice(["9" * n, "1" + "0" * n, ("1." + "0" * n), "1" * n + "平方千米", "，".join(["1"] * (n // 4)), "12.5" * (n // 4)])
        i = nums[rng.randrange(len(nums))].start() if nums else 0
        return (s[:i] + run + s[i:]).encode("utf-8")
    if what == "number" and nums:
        m = rng.choice(nums)
        return (s[:m.start()] + rng.choice(ODD_NUMBERS) + s[m.end():]).encode("utf-8")
    if what == "unit" and nums:
        m = rng.choice(nums)
        return (s[:m.end()] + rng.choice(UNITS) * rng.choice([1, 2, 50]) + s[m.end():]).encode("utf-8")
    if what == "qualifier" and nums:
        m = rng.choice(nums)
        return (s[:m.start()] + rng.choice(QUALIFIERS) * rng.choice([1, 3, 200]) + s[m.start():]).encode("utf-8")
    if what == "table":
        n = rng.choice([10, 1000, 20000])
        cells = "\n".join(rng.choice(["序号", "指标", "单位", "目标值", "合计", "平方千米", "公顷", "[30]", "≥1.2", "—", "12.5", "1"]) for _ in range(n))
        return (s + "\n表9 指标\n" + cells + "\n").encode("utf-8")
    if what == "longline":
        return (s + rng.choice(["面", "积", "1", "。", "平方千米"]) * rng.choice([10000, 200000])).encode("utf-8")
    if what == "manylines":
        return (s + "\n" * rng.choice([1000, 100000]) + s).encode("utf-8")
    if what == "percent":
        return (s + rng.choice(["占全区面积的1e400%。", "占比NaN%。", "占比-5%。", "占比1000%。", "占" + "9" * 300 + "%。", "%" * 1000]) + "\n").encode("utf-8")
    if what == "invalid":
        i = rng.randrange(max(1, len(data)))
        return data[:i] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe5\xb7"]) + data[i:]
    if what == "bom":
        return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe"]) + data
    if what == "cr":
        return s.replace("\n", "\r").encode("utf-8")
    if what == "nul":
        return data.replace(b"\n", b"\x00", rng.choice([1, 5, -1]))
    if what == "zerowidth" and nums:
        m = rng.choice(nums)
        return (s[:m.start() + 1] + rng.choice(["\u200b", "\u200d", "\u0301", "\ufe0f"]) + s[m.start() + 1:]).encode("utf-8")
    if what == "bracket":
        return (s + "\n" + "[" * rng.choice([10, 10000]) + "261" + "]" * rng.choice([0, 10]) + "公顷\n").encode("utf-8")
    if what == "sum":
        return (s + "\n合计\n" + "\n".join(["1"] * rng.choice([2, 500, 5000])) + "\n平方千米\n").encode("utf-8")
    return data[:rng.randrange(max(1, len(data)))]


MUTATORS = {"plan": mutate}
