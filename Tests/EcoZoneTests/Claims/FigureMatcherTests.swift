import Foundation
import Testing
@testable import EcoZone

/// The one-pass figure matcher against the regular expression it replaced (ICU, through
/// NSRegularExpression): the same matches and groups on random short texts made of the characters that
/// matter, and linear time on the pathological lines that made the expression backtrack for minutes.
@Suite struct FigureMatcherTests {
    /// The drafter's former expression, verbatim.
    static let unitPattern = "万亩|平方千米|平方公里|平方米|km2|km²|hm2|公顷|亩|公里|千米|km|米|个百分点|%|％|个|处|座|条|项"
    static let qualifierPattern = "≥|≤|>=|<=|＞|＜|>|<|不低于|不少于|不超过|不高于|不大于|大于|小于|超过|高于|低于"
    static let regex = try! NSRegularExpression(
        pattern: "(\(qualifierPattern))?\\s*([\\[［【])?\\s*(\\d+(?:,\\d{3})*(?:\\.\\d+)?)\\s*([\\]］】])?\\s*(\(unitPattern))")

    /// The regex's matches as scalar offsets (every character used below is in the BMP, so UTF-16
    /// offsets are scalar offsets).
    static func reference(_ text: String) -> [FigureMatcher.Match] {
        let ns = text as NSString
        func range(_ r: NSRange) -> Range<Int>? { r.location == NSNotFound ? nil : r.location..<(r.location + r.length) }
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            FigureMatcher.Match(range: range(m.range)!, qualifier: range(m.range(at: 1)), open: range(m.range(at: 2))?.lowerBound,
                                number: range(m.range(at: 3))!, close: range(m.range(at: 4))?.lowerBound, unit: range(m.range(at: 5))!)
        }
    }

    /// Pieces that exercise every branch: digits (ASCII, full-width, Arabic-Indic), separators in and out
    /// of place, each kind of space \s does and does not take, brackets, qualifiers and their parts, units
    /// and their prefixes.
    static let pieces: [String] = [
        "1", "2", "3", "0", "12", "1,234", ",", ".", "５", "٣", " ", "  ", "\t", "\u{3000}", "\u{00A0}", "\u{0B}", "\u{85}", "\n",
        "[", "]", "［", "】", "【", "≥", ">", "=", ">=", "<", "＞", "不", "低于", "不低于", "大于", "超过", "于",
        "亩", "万亩", "万", "平方", "平方千米", "平方米", "km", "km2", "k", "m", "²", "公顷", "公里", "米", "个", "个百分点", "百分点",
        "%", "％", "处", "项", "占", "面积", "，", "。", "以上", "a",
    ]

    @Test func agreesWithTheRegularExpressionOnRandomTexts() {
        var generator = SplitMix64(seed: 20_241_211)
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...14, using: &generator)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let got = FigureMatcher.matches(in: Array(text.unicodeScalars))
            let want = Self.reference(text)
            #expect(got == want, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if got != want { return }
        }
    }

    @Test func handWrittenCases() {
        // Worked by hand: "1,234,56亩" is no number as a whole; its last suffix that is one, "56", is the figure.
        let s = Array("1,234,56亩".unicodeScalars)
        #expect(FigureMatcher.matches(in: s).map(\.number) == [6..<8])
        // A qualifier, spaces and brackets on both sides belong to the match.
        let t = Array("达到不低于 [ 386 ] 公顷".unicodeScalars)
        let m = FigureMatcher.matches(in: t)
        #expect(m.count == 1 && m[0].range == 2..<t.count && m[0].qualifier == 2..<5 && m[0].open == 6 && m[0].close == 12)
    }

    /// 100,000 digits with no unit, the same with one at the end, and a run-on line of 10,000 figures:
    /// each once in linear time (the test's time limit is the bound; the expression took minutes).
    @Test(.timeLimit(.minutes(1))) func pathologicalLinesTakeLinearTime() {
        let digits = String(repeating: "1234567890", count: 10_000)
        #expect(FigureMatcher.matches(in: Array(digits.unicodeScalars)).isEmpty)
        #expect(ClaimDrafter.draft(digits).isEmpty)
        // 100,000 digits then a unit: one number of 100,000 digits — no plan states that; not drafted.
        #expect(ClaimDrafter.draft(digits + "亩").isEmpty)
        let commas = String(repeating: "1,", count: 50_000) + "5亩"
        #expect(FigureMatcher.matches(in: Array(commas.unicodeScalars)).map(\.number) == [(100_000)..<(100_001)])
        let runOn = String(repeating: "面积1亩", count: 10_000)
        let drafted = ClaimDrafter.draft(runOn)
        #expect(drafted.count == 10_000)
        // Each claim keeps an excerpt around its figure, not the 50,000-character line.
        #expect(drafted.allSatisfy { $0.text.count <= 2 * ClaimDrafter.excerptRadius + 10 })
    }
}
