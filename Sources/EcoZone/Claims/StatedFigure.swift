import Foundation

/// What a stated figure measures.
public enum FigureKind: String, Sendable, Codable, CaseIterable {
    case area, length, count, percent
}

/// The units plans state figures in. Areas convert through m², lengths through m; a percentage is in
/// percent (its differences in percentage points); a count has no unit.
public enum ClaimUnit: String, Sendable, Codable, CaseIterable {
    case km2, m2, ha, mu
    /// 万亩 = 10 000 亩.
    case wanMu = "万亩"
    case km, m
    case percent = "%"
    case count

    public var kind: FigureKind {
        switch self {
        case .km2, .m2, .ha, .mu, .wanMu: return .area
        case .km, .m: return .length
        case .percent: return .percent
        case .count: return .count
        }
    }

    /// Base units (m² or m) in one unit; 1 for percent and count.
    public var base: Double {
        switch self {
        case .km2: return 1e6
        case .m2: return 1
        case .ha: return 1e4
        case .mu: return 10_000.0 / 15.0
        case .wanMu: return 1e8 / 15.0
        case .km: return 1000
        case .m: return 1
        case .percent, .count: return 1
        }
    }

    /// Symbol for reports: km², ha, 亩, 万亩, km, %, "".
    public var symbol: String {
        switch self {
        case .km2: return "km²"
        case .m2: return "m²"
        case .ha: return "ha"
        case .mu: return "亩"
        case .wanMu: return "万亩"
        case .km: return "km"
        case .m: return "m"
        case .percent: return "%"
        case .count: return ""
        }
    }

    /// Converts `value` in this unit to `other` (same kind).
    public func convert(_ value: Double, to other: ClaimUnit) -> Double { value * base / other.base }

    /// Every spelling accepted in a claims file or a plan's text.
    public static let spellings: [String: ClaimUnit] = [
        "km2": .km2, "km²": .km2, "平方千米": .km2, "平方公里": .km2, "sqkm": .km2,
        "m2": .m2, "m²": .m2, "平方米": .m2,
        "ha": .ha, "hm2": .ha, "hm²": .ha, "公顷": .ha,
        "mu": .mu, "亩": .mu,
        "万亩": .wanMu, "wanmu": .wanMu,
        "km": .km, "公里": .km, "千米": .km,
        "m": .m, "米": .m,
        "%": .percent, "％": .percent, "percent": .percent,
        "count": .count, "个": .count, "处": .count, "座": .count, "条": .count, "项": .count, "块": .count,
    ]

    /// The unit a spelling names, or nil.
    public static func parse(_ text: String) -> ClaimUnit? {
        let t = text.trimmingCharacters(in: .whitespaces)
        return spellings[t] ?? spellings[t.lowercased()]
    }

    /// The spellings listed in error messages.
    public static let listed = "km2, m2, ha, mu, 万亩, 平方千米, 平方公里, 公顷, 亩, km, 公里, %"
}

/// A bound a figure states: "≥320" is a target met by any value at or above 320.
public enum Qualifier: String, Sendable, Codable {
    case equal = "="
    case atLeast = "≥"
    case atMost = "≤"
    case greater = ">"
    case less = "<"

    static func parse(_ s: String) -> Qualifier? {
        switch s {
        case "≥", ">=", "≧", "不低于", "不少于", "大于等于", "至少": return .atLeast
        case "≤", "<=", "≦", "不超过", "不高于", "不大于", "小于等于": return .atMost
        case ">", "大于", "超过", "高于": return .greater
        case "<", "小于", "低于": return .less
        case "=", "": return .equal
        default: return nil
        }
    }
}

/// A figure as a plan writes it: value, unit, bound and whether it is cumulative ("[386]", a total
/// over the plan period). `literal` keeps the digits as written ("131.6", not "131.60") so that the
/// arithmetic in a report reads like the plan.
public struct StatedFigure: Sendable, Hashable, Codable {
    public var value: Double
    public var unit: ClaimUnit
    public var qualifier: Qualifier
    public var cumulative: Bool
    /// The number as written, without separators: "1823", "69.30".
    public var literal: String

    public init(value: Double, unit: ClaimUnit, qualifier: Qualifier = .equal, cumulative: Bool = false, literal: String? = nil) {
        self.value = value
        self.unit = unit
        self.qualifier = qualifier
        self.cumulative = cumulative
        self.literal = literal ?? NumberText.plain(value)
    }

    public var kind: FigureKind { unit.kind }

    /// Decimals written: 2 for "69.30", 0 for "1823".
    public var decimals: Int {
        guard let dot = literal.firstIndex(of: ".") else { return 0 }
        return literal.distance(from: dot, to: literal.endIndex) - 1
    }

    /// Half a unit in the last written digit: how far the true figure may lie from the written one.
    public var roundingHalfWidth: Double { 0.5 * pow(10, -Double(decimals)) }

    /// "≥320 ha", "[261] ha", "13.04 %", "23".
    public var display: String {
        let q = qualifier == .equal ? "" : qualifier.rawValue
        let n = cumulative ? "[\(literal)]" : literal
        let u = unit.symbol
        return q + n + (u.isEmpty ? "" : (unit == .percent ? " %" : " " + u))
    }

    /// Reads "1823 km2", "142.4平方公里", "≥320 ha", "[386]", "29.38%", "23". `defaultUnit` is used when
    /// no unit is written; nil makes a missing unit an error.
    public static func parse(_ text: String, defaultUnit: ClaimUnit?) -> Result<StatedFigure, FigureParseError> {
        var s = text.trimmingCharacters(in: .whitespaces)
        var qualifier = Qualifier.equal
        for q in ["≥", ">=", "≧", "≤", "<=", "≦", ">", "<", "="] where s.hasPrefix(q) {
            qualifier = Qualifier.parse(q)!
            s = String(s.dropFirst(q.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        var cumulative = false
        if s.hasPrefix("[") || s.hasPrefix("［") || s.hasPrefix("【") {
            guard let close = s.firstIndex(where: { "]］】".contains($0) }) else { return .failure(.init("'\(excerpt(text))' opens '[' without closing it")) }
            let inner = s[s.index(after: s.startIndex)..<close]
            s = inner.trimmingCharacters(in: .whitespaces) + s[s.index(after: close)...]
            cumulative = true
        }
        var digits = ""
        var rest = Substring(s)
        if rest.first == "-" || rest.first == "−" { digits = "-"; rest = rest.dropFirst() }
        while let c = rest.first, c.isASCII && (c.isNumber || c == "." || c == ",") {
            if c != "," { digits.append(c) }
            rest = rest.dropFirst()
        }
        guard let value = Double(digits), !digits.isEmpty, digits != "-" else {
            return .failure(.init("'\(excerpt(text))' is not a number with a unit"))
        }
        let unitText = rest.trimmingCharacters(in: .whitespaces)
        let unit: ClaimUnit
        if unitText.isEmpty {
            guard let d = defaultUnit else { return .failure(.init("'\(excerpt(text))' has no unit (units: \(ClaimUnit.listed))")) }
            unit = d
        } else if let u = ClaimUnit.parse(unitText) {
            unit = u
        } else {
            return .failure(.init("unknown unit '\(excerpt(unitText))' in '\(excerpt(text))' (units: \(ClaimUnit.listed))"))
        }
        if let problem = implausibility(value: value, literal: digits, unit: unit) {
            return .failure(.init("'\(excerpt(text))' \(problem)"))
        }
        return .success(StatedFigure(value: value, unit: unit, qualifier: qualifier, cumulative: cumulative,
                                     literal: digits))
    }

    /// Digits a stated figure may have (as written, separators aside): 20. No plan states more, and
    /// fewer than 309 keep every figure, sum and ratio finite.
    public static let maximumDigits = 20
    /// No area a plan states exceeds the Earth's surface, 510,072,000 km² (GRS 80 authalic sphere).
    public static let earthSurfaceSquareMetres = 5.10072e14

    /// Why a figure cannot be one a plan states, or nil: more than ``maximumDigits`` digits, not
    /// finite, or an area larger than the Earth's surface. Worded to follow the figure ("'…' has 400 digits …").
    static func implausibility(value: Double, literal: String, unit: ClaimUnit) -> String? {
        let written = literal.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        if written > maximumDigits || !value.isFinite { return "has \(written) digits; a stated figure has at most \(maximumDigits)" }
        if unit.kind == .area, abs(unit.convert(value, to: .m2)) > earthSurfaceSquareMetres {
            return "is larger than the Earth's surface (510 million km²)"
        }
        return nil
    }

    /// The start of a long text for a message: a 400-digit figure is not repeated whole.
    static func excerpt(_ text: String, length: Int = 32) -> String {
        text.count <= length ? text : String(text.prefix(length)) + "…"
    }
}

public struct FigureParseError: Error, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}
