/// Finds figures in running text in one pass: what the drafter's former regular expression
///
///     (Q)?\s*([\[［【])?\s*(\d+(?:,\d{3})*(?:\.\d+)?)\s*([\]］】])?\s*(U)
///
/// (Q a qualifier such as ≥ or 不低于, U a unit such as 平方千米 or %) matched, leftmost first, without
/// its backtracking: ICU tried every start inside a run of digits and every way of splitting it, so a
/// line of 10,000 digits took 21 s and 100,000 digits minutes. Here each character is looked at a
/// bounded number of times, so a sentence of n characters takes O(n).
///
/// Why one pass gives the same matches: the number must end where its run of digits, commas and points
/// ends (what follows a number — spaces, a closing bracket, a unit — is none of those), so each run has
/// one candidate end, the tail after it is checked once, and the leftmost start is the leftmost suffix
/// of the run that is a well-formed number, or, when the whole run is one, the leftmost start of the
/// qualifier, spaces and bracket before it. `\d` is any Unicode decimal digit and `\s` any
/// White_Space character, as ICU reads the expression.
enum FigureMatcher {
    /// One match, in offsets into the scalars searched.
    struct Match: Equatable {
        var range: Range<Int>
        var qualifier: Range<Int>?
        var open: Int?
        var number: Range<Int>
        var close: Int?
        var unit: Range<Int>
    }

    /// In the expression's order: the first that matches is the one taken.
    static let qualifiers: [[Unicode.Scalar]] = ["≥", "≤", ">=", "<=", "＞", "＜", ">", "<", "不低于", "不少于", "不超过", "不高于",
                                                 "不大于", "大于", "小于", "超过", "高于", "低于"].map { Array($0.unicodeScalars) }
    static let units: [[Unicode.Scalar]] = ["万亩", "平方千米", "平方公里", "平方米", "km2", "km²", "hm2", "公顷", "亩", "公里", "千米", "km",
                                            "米", "个百分点", "%", "％", "个", "处", "座", "条", "项"].map { Array($0.unicodeScalars) }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.properties.generalCategory == .decimalNumber }
    static func isSpace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }
    static func isNumeric(_ c: Unicode.Scalar) -> Bool { c == "," || c == "." || isDigit(c) }
    static func isOpen(_ c: Unicode.Scalar) -> Bool { c == "[" || c == "［" || c == "【" }
    static func isClose(_ c: Unicode.Scalar) -> Bool { c == "]" || c == "］" || c == "】" }

    static func starts(_ s: [Unicode.Scalar], at i: Int, with word: [Unicode.Scalar]) -> Bool {
        guard i >= 0, i + word.count <= s.count else { return false }
        for k in word.indices where s[i + k] != word[k] { return false }
        return true
    }

    /// Every match, left to right, not overlapping.
    static func matches(in s: [Unicode.Scalar]) -> [Match] {
        var out: [Match] = []
        var consumed = 0   // where the previous match ended: no match starts before it
        var i = 0
        while i < s.count {
            guard isNumeric(s[i]) else { i += 1; continue }
            let a = i
            var r = a
            while r < s.count, isNumeric(s[r]) { r += 1 }
            i = r
            guard let tail = tail(s, at: r), let d = numberStart(s, a, r) else { continue }
            var start = d, qualifier: Range<Int>?, open: Int?
            if d == a {
                // Spaces, an opening bracket, spaces and a qualifier may come before a whole run.
                var k = a
                while k > consumed, isSpace(s[k - 1]) { k -= 1 }
                if k > consumed, isOpen(s[k - 1]) {
                    open = k - 1
                    k -= 1
                    while k > consumed, isSpace(s[k - 1]) { k -= 1 }
                }
                start = k
                for q in qualifiers where k - q.count >= consumed && k - q.count < start && starts(s, at: k - q.count, with: q) {
                    start = k - q.count
                    qualifier = start..<k
                }
            }
            out.append(Match(range: start..<tail.unit.upperBound, qualifier: qualifier, open: open, number: d..<r,
                             close: tail.close, unit: tail.unit))
            consumed = tail.unit.upperBound
            i = consumed
        }
        return out
    }

    /// `\s*([\]］】])?\s*(U)` at `r`: the closing bracket's offset if any, and the unit.
    static func tail(_ s: [Unicode.Scalar], at r: Int) -> (close: Int?, unit: Range<Int>)? {
        var k = r
        while k < s.count, isSpace(s[k]) { k += 1 }
        var close: Int?
        if k < s.count, isClose(s[k]) {
            close = k
            k += 1
            while k < s.count, isSpace(s[k]) { k += 1 }
        }
        guard let u = units.first(where: { starts(s, at: k, with: $0) }) else { return nil }
        return (close, k..<(k + u.count))
    }

    /// The leftmost `d` in `a..<r` (a run of digits, commas and points) such that `s[d..<r]` is a
    /// whole `\d+(?:,\d{3})*(?:\.\d+)?`, or nil.
    static func numberStart(_ s: [Unicode.Scalar], _ a: Int, _ r: Int) -> Int? {
        guard let last = (a..<r).last(where: { s[$0] == "." }) else { return integerStart(s, a, r) }
        let fraction = (last + 1)..<r
        guard !fraction.isEmpty, fraction.allSatisfy({ isDigit(s[$0]) }) else {
            // No suffix can hold this point: the number lies after it.
            return integerStart(s, last + 1, r)
        }
        let previous = (a..<last).last { s[$0] == "." }
        return integerStart(s, (previous ?? (a - 1)) + 1, last) ?? (last + 1)
    }

    /// The leftmost `d` in `lo..<e` (digits and commas only) such that `s[d..<e]` is a whole
    /// `\d+(?:,\d{3})*`, or nil.
    static func integerStart(_ s: [Unicode.Scalar], _ lo: Int, _ e: Int) -> Int? {
        guard lo < e else { return nil }
        // groups[x - lo] for a comma at x: s[x..<e] is a whole (?:,\d{3})*. nextComma: the first comma at or after x, or e.
        var groups = [Bool](repeating: false, count: e - lo + 1)
        var nextComma = [Int](repeating: e, count: e - lo + 1)
        groups[e - lo] = true
        for x in stride(from: e - 1, through: lo, by: -1) {
            nextComma[x - lo] = s[x] == "," ? x : nextComma[x + 1 - lo]
            guard s[x] == "," else { continue }
            let threeDigits = x + 3 < e && (x + 1...x + 3).allSatisfy { isDigit(s[$0]) }
            groups[x - lo] = threeDigits && (x + 4 == e || s[x + 4] == ",") && groups[x + 4 - lo]
        }
        return (lo..<e).first { d in isDigit(s[d]) && groups[nextComma[d - lo] - lo] }
    }
}
