import Foundation

/// One row of a plan's indicator table (规划指标表): a figure at a base year and the targets set for
/// later years, binding (约束性) or expected (预期性), with what measures it and the rules the text
/// states about it (the claims file's `indicators:` section, README "Indicators").
///
/// Values keep the plan's own writing: a bound ("≥320"), a cumulative total over the plan period
/// ("[261]", 规划期累计值) or words ("国家下发任务", "保持良好": a target that is stated but cannot be
/// computed with).
public struct Indicator: Sendable, Hashable {
    public var id: String
    /// The indicator's name as the table writes it: "生态保护红线面积".
    public var name: String
    /// The unit as written ("平方千米", "km2", "%", "万立方米", "河流"); ``claimUnit`` when EcoZone knows it.
    public var unit: String
    public var claimUnit: ClaimUnit?
    public var baseline: IndicatorPoint?
    /// In year order (the file must list them so).
    public var targets: [IndicatorPoint]
    public var attribute: IndicatorAttribute
    /// The attribute as written: "约束性", "binding", "参考性" …
    public var attributeText: String
    /// `cumulative: true`, or any value written "[…]": targets are totals from the start of the plan period.
    public var cumulative: Bool
    /// What measures the indicator: a layer (its version dated the baseline year checks the baseline) or a claim.
    public var measuredBy: IndicatorSource?
    /// The land the indicator must fit within (a restoration target no larger than the land of that kind).
    public var within: IndicatorSource?
    /// A layer dated after the baseline: the value reached so far.
    public var progress: IndicatorLayerReference?
    public var rules: [StatedRule]
    /// Which way the indicator ought to move: declared (`sense:`) or read from its name (``IndicatorSense/inferred(from:)``).
    public var sense: IndicatorSense
    public var senseDeclared: Bool
    /// The plan period (2021…2035): every target lies in it, and a cumulative total counts its years.
    public var period: ClosedRange<Int>?
    /// An amount stated per year (每年…): per-year × years up to a target equals the cumulative target.
    public var perYear: IndicatorValue?
    public var tolerance: Tolerance?
    public var text: String?
    /// Line in the claims file (1-based).
    public var line: Int

    public var isBinding: Bool { attribute == .binding }

    /// Bounds on the `indicators:` section, beside ``ClaimsFile/Limits``: how many indicators, targets
    /// per indicator and rules per indicator a claims file may state.
    public enum Limits {
        public static let indicators = 2_000
        public static let targets = 64
        public static let rules = 32
    }
}

/// A value at a year: the baseline (基期值, 现状值) or a target (目标值).
public struct IndicatorPoint: Sendable, Hashable, Codable {
    public var year: Int
    public var value: IndicatorValue
}

/// 约束性 (binding: a failed check makes `validate` exit 1) or 预期性 / 参考性 (expected: reported only).
public enum IndicatorAttribute: String, Sendable, Hashable, Codable {
    case binding
    case expected

    /// "约束性", "binding" → binding; "预期性", "参考性", "expected", "reference" → expected; nil for anything else.
    public static func parse(_ text: String) -> IndicatorAttribute? {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "约束性", "约束", "binding", "constraint", "mandatory": return .binding
        case "预期性", "预期", "参考性", "参考", "expected", "reference", "indicative": return .expected
        default: return nil
        }
    }
}

/// A figure of an indicator table as written: a number with its bound and cumulative brackets, or words.
public struct IndicatorValue: Sendable, Hashable, Codable {
    /// Nil for words ("国家下发任务").
    public var value: Double?
    public var qualifier: Qualifier
    public var cumulative: Bool
    /// The number as written without separators ("142.4", "69.30"), or the words.
    public var literal: String
    /// "*" when the plan marks the figure (以国家批准数为准, to be set by the state).
    public var mark: String?

    public init(value: Double?, qualifier: Qualifier = .equal, cumulative: Bool = false, literal: String, mark: String? = nil) {
        self.value = value
        self.qualifier = qualifier
        self.cumulative = cumulative
        self.literal = literal
        self.mark = mark
    }

    /// "≥320", "[261]", "＞95*", "国家下发任务".
    public var display: String {
        guard value != nil else { return literal }
        let q = qualifier == .equal ? "" : qualifier.rawValue
        return q + (cumulative ? "[\(literal)]" : literal) + (mark ?? "")
    }

    /// Decimals written: 2 for "69.30".
    public var decimals: Int {
        guard value != nil, let dot = literal.firstIndex(of: ".") else { return 0 }
        return literal.distance(from: dot, to: literal.endIndex) - 1
    }

    /// Half a unit in the last written digit.
    public var roundingHalfWidth: Double { 0.5 * pow(10, -Double(decimals)) }

    static let empty: Set<String> = ["", "—", "——", "-", "--", "－", "–", "/", "／", "无"]

    /// Reads a cell or a claims-file value: "184.6", "≥320", "＞95*", "[261]", "【6660】", "1,823", "50以上",
    /// "国家下发任务". `.success(nil)` for an empty cell ("——", "-", "/"). Text holding digits that is no
    /// clean number ("3a20", "约320") is an error; text without digits is kept as words.
    public static func parse(_ text: String) -> Result<IndicatorValue?, FigureParseError> {
        var s = text.trimmingCharacters(in: .whitespaces)
        if empty.contains(s) { return .success(nil) }
        let shown = StatedFigure.excerpt(text)
        guard s.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) else {
            return .success(IndicatorValue(value: nil, literal: s))
        }
        var qualifier = Qualifier.equal
        let prefixes: [(String, Qualifier)] = [("≥", .atLeast), (">=", .atLeast), ("≧", .atLeast), ("＞=", .atLeast), ("≤", .atMost), ("<=", .atMost),
                                               ("≦", .atMost), ("＜=", .atMost), ("＞", .greater), (">", .greater), ("＜", .less), ("<", .less),
                                               ("不低于", .atLeast), ("不少于", .atLeast), ("不超过", .atMost), ("不高于", .atMost),
                                               ("大于", .greater), ("超过", .greater), ("高于", .greater), ("小于", .less), ("低于", .less), ("=", .equal)]
        for (p, q) in prefixes where s.hasPrefix(p) {
            qualifier = q
            s = String(s.dropFirst(p.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        var mark: String?
        for star in ["*", "＊", "※"] where s.hasSuffix(star) {
            mark = "*"
            s = String(s.dropLast(star.count)).trimmingCharacters(in: .whitespaces)
        }
        if qualifier == .equal, s.hasSuffix("以上") { qualifier = .atLeast; s = String(s.dropLast(2)) }
        if qualifier == .equal, s.hasSuffix("以下") { qualifier = .atMost; s = String(s.dropLast(2)) }
        var cumulative = false
        if let first = s.first, "[［【".contains(first) {
            guard let last = s.last, "]］】".contains(last), s.count >= 2 else {
                return .failure(.init("'\(shown)' opens '[' without closing it"))
            }
            s = String(s.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
            cumulative = true
        }
        let digits = s.replacingOccurrences(of: ",", with: "")
        guard let value = DecimalText.value(digits), !digits.lowercased().contains("e"), !digits.hasPrefix("+") else {
            return .failure(.init("'\(shown)' is not a number (write 184.6, ≥320, [261] or words such as 国家下发任务)"))
        }
        if let problem = StatedFigure.implausibility(value: value, literal: digits, unit: .count) {
            return .failure(.init("'\(shown)' \(problem)"))
        }
        return .success(IndicatorValue(value: value, qualifier: qualifier, cumulative: cumulative, literal: digits, mark: mark))
    }
}

/// A rule the plan's text states about an indicator: "确保生态保护红线面积不减少".
public struct StatedRule: Sendable, Hashable, Codable {
    public var rule: IndicatorRule
    /// The words as written: "不减少", "不降低".
    public var word: String
    /// The sentence stating it.
    public var text: String?
}

/// What a rule demands of the values from the baseline through every target.
public enum IndicatorRule: String, Sendable, Hashable, Codable {
    /// 不减少, 不降低, 不下降: no value below the one before.
    case noDecrease = "no-decrease"
    /// 不增加, 不扩大, 不上升: no value above the one before.
    case noIncrease = "no-increase"
    /// 保持不变, 不变: every value equals the one before.
    case unchanged

    /// The words each rule is written with, longest first within a rule.
    public static let words: [(String, IndicatorRule)] = [
        ("只增不减", .noDecrease), ("不减少", .noDecrease), ("不降低", .noDecrease), ("不下降", .noDecrease), ("不缩小", .noDecrease), ("不减", .noDecrease),
        ("只减不增", .noIncrease), ("不增加", .noIncrease), ("不扩大", .noIncrease), ("不上升", .noIncrease), ("不增长", .noIncrease),
        ("保持不变", .unchanged), ("维持不变", .unchanged), ("不变", .unchanged),
    ]

    /// The rule a word (or a rule name) states, or nil.
    public static func parse(_ text: String) -> IndicatorRule? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let r = IndicatorRule(rawValue: t) { return r }
        return words.first { $0.0 == t }?.1
    }

    /// "never decreases", … for messages.
    var verb: String {
        switch self {
        case .noDecrease: return "decreases"
        case .noIncrease: return "increases"
        case .unchanged: return "changes"
        }
    }
}

/// Which way an indicator ought to move, whatever the plan says: a red line, forest cover or protected
/// area that shrinks, or erosion that grows, is a warning (not a failure: the sense is EcoZone's reading
/// of the name, and plans do shrink a red line through an approved adjustment; a rule the text states
/// is what makes a change fail).
public enum IndicatorSense: String, Sendable, Hashable, Codable {
    /// Ought not to shrink: protected land, forest, cropland, shares of good quality.
    case higher
    /// Ought not to grow: erosion, desertification, emissions, consumption.
    case lower
    /// No sense: amounts of work (治理, 修复, 建设), or a name EcoZone does not read.
    case none

    /// Words in a name that make it an amount of work, not a state: no sense.
    static let effortWords = ["治理", "修复", "整治", "建设", "新增", "造林", "营造", "改造", "提升", "降低"]
    /// Rates of good quality: higher, whatever else the name holds (受污染耕地安全利用率).
    static let goodRateWords = ["覆盖率", "保护率", "达标率", "保持率", "利用率", "优良", "绿地率"]
    static let lowerWords = ["水土流失", "石漠化", "荒漠化", "沙化", "排放", "能耗", "能源消耗", "污染", "退化"]
    static let higherWords = ["红线", "蓄积", "保护地", "林地", "天然林", "湿地", "草地", "草原", "耕地", "基本农田", "丰度", "岸线保有"]

    /// The sense of an indicator from its name: effort words first (新增石漠化治理面积 has none), then
    /// rates of good quality (higher), words of harm (lower), then protected land and resources (higher).
    public static func inferred(from name: String) -> IndicatorSense {
        if effortWords.contains(where: { name.contains($0) }) { return .none }
        if goodRateWords.contains(where: { name.contains($0) }) { return .higher }
        if lowerWords.contains(where: { name.contains($0) }) { return .lower }
        if higherWords.contains(where: { name.contains($0) }) { return .higher }
        return .none
    }
}

/// A layer that measures an indicator: a project role (or ROLE-YEAR), an optional filter, the year the
/// layer shows (for a layer the project does not date), and for a percentage the role it is a share of.
public struct IndicatorLayerReference: Sendable, Hashable {
    public var layer: String
    public var whereClause: String?
    public var year: Int?
    public var percentOf: String?
}

/// Where an indicator's value or its land comes from.
public enum IndicatorSource: Sendable, Hashable {
    case layer(IndicatorLayerReference)
    /// A claim of the same file: its computed value when it is measured, else its stated one.
    case claim(String)
    case figure(StatedFigure)
}
