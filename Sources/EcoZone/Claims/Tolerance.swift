import Foundation

/// How far a computed value may lie from a stated one and still pass.
///
/// - `N%` is **relative** to the stated value, for every kind of claim, percentages included: `1%` on a
///   stated 13.04 % allows ±0.1304 percentage points.
/// - `0.05 km2`, `3 ha`, `0.5 km` are **absolute**, converted to the claim's unit.
/// - `0.05 pt` (also `pp`, `个百分点`) is **absolute in percentage points**, for percent claims.
/// - A bare number (`0.05`, `0`) is absolute in the claim's own unit: points for a percent claim, the
///   stated unit for an area or length, features for a count.
///
/// On top of the tolerance, every check allows for the rounding of the figures as written: half a unit
/// in the last written digit of the stated value ("13.04" may stand for 13.035…13.045) and, for
/// arithmetic claims, the same half-unit of each operand carried through the sum, difference or ratio.
public struct Tolerance: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Mode: String, Sendable, Hashable, Codable {
        /// A fraction of the stated value.
        case relative
        /// An amount in `unit` (nil: the claim's own unit; `.percent` means percentage points).
        case absolute
    }

    public var mode: Mode
    public var amount: Double
    public var unit: ClaimUnit?
    /// As written in the claims file.
    public var text: String

    public static let zero = Tolerance(mode: .absolute, amount: 0, unit: nil, text: "0")

    public var description: String { text }

    /// Parses "1%", "0.05 km2", "0.05 pt", "0". Numbers are plain decimals (``DecimalText``), never
    /// `inf` or `nan`. Bounds: a relative tolerance is at most 100 % (more would pass a figure of
    /// any size from zero to twice the stated one), percentage points at most 100, a bare number at
    /// most 10¹⁵, and an amount with a unit is a figure a plan could state (``StatedFigure``'s limits).
    public static func parse(_ text: String) -> Result<Tolerance, FigureParseError> {
        let t = text.trimmingCharacters(in: .whitespaces)
        let shown = StatedFigure.excerpt(text)
        let usage = "(write 1%, 0.05 km2, 0.05 pt or 0)"
        /// nil: not a number at all; .failure: a number that is not finite, negative, or too large.
        func number(_ s: Substring, at most: Double, _ unit: String) -> Result<Double, FigureParseError>? {
            let word = s.trimmingCharacters(in: .whitespaces).lowercased()
            guard let x = DecimalText.value(word) else {
                return word.contains("inf") || word.contains("nan") ? .failure(.init("tolerance '\(shown)' is not a finite number \(usage)")) : nil
            }
            guard x.isFinite else { return .failure(.init("tolerance '\(shown)' is not a finite number \(usage)")) }
            guard x >= 0 else { return .failure(.init("tolerance '\(shown)' is negative \(usage)")) }
            guard x <= most else { return .failure(.init("tolerance '\(shown)' is too large: at most \(NumberText.plain(most))\(unit)")) }
            return .success(x)
        }
        if t.hasSuffix("%") || t.hasSuffix("％"), let x = number(t.dropLast(), at: 100, "%, which already passes anything from 0 to twice the stated figure") {
            return x.map { Tolerance(mode: .relative, amount: $0 / 100, unit: nil, text: t) }
        }
        for suffix in ["个百分点", "pt", "pp", "points", "point"] where t.hasSuffix(suffix) {
            if let x = number(t.dropLast(suffix.count), at: 100, " percentage points") {
                return x.map { Tolerance(mode: .absolute, amount: $0, unit: .percent, text: t) }
            }
        }
        if let x = number(Substring(t), at: 1e15, " in the claim's unit") { return x.map { Tolerance(mode: .absolute, amount: $0, unit: nil, text: t) } }
        switch StatedFigure.parse(t, defaultUnit: nil) {
        case .success(let f) where f.value >= 0 && f.qualifier == .equal && !f.cumulative:
            return .success(Tolerance(mode: .absolute, amount: f.value, unit: f.unit, text: t))
        case .failure(let e) where e.message.contains("digits") || e.message.contains("Earth"):
            return .failure(.init("tolerance \(e.message)"))
        default:
            return .failure(.init("tolerance '\(shown)' is not understood \(usage)"))
        }
    }

    /// The allowed difference in `unit` for a stated value in that unit; nil when the tolerance's unit
    /// is of another kind (e.g. km2 on a percent claim).
    public func allowance(stated: Double, unit claimUnit: ClaimUnit) -> Double? {
        switch mode {
        case .relative: return abs(stated) * amount
        case .absolute:
            guard let u = unit else { return amount }
            guard u.kind == claimUnit.kind else { return nil }
            return u.convert(amount, to: claimUnit)
        }
    }
}

/// The tolerances a claims file sets: one for every measured claim, or one per kind.
///
/// ```yaml
/// tolerance: 1%            # every measured claim (area, length, count, percent-of)
/// tolerance:               # or per kind
///   area: 1%
///   length: 2%
///   count: 0
///   percent: 0.05 pt       # percent-of claims, in percentage points
///   arithmetic: 0          # sum, ratio, difference (default 0: the written precision only)
/// ```
///
/// Arithmetic claims compare stated figures with each other; nothing is measured, so by default they
/// allow only the rounding of the figures as written, not the file's measurement tolerance. A claim's
/// own `tolerance` overrides all of these.
public struct ToleranceDefaults: Sendable, Hashable, Codable {
    public var area: Tolerance
    public var length: Tolerance
    public var count: Tolerance
    public var percent: Tolerance
    public var arithmetic: Tolerance

    public static let standard = ToleranceDefaults(measured: Tolerance(mode: .relative, amount: 0.01, unit: nil, text: "1%"))

    public init(measured: Tolerance, arithmetic: Tolerance = .zero) {
        area = measured; length = measured; count = measured; percent = measured
        self.arithmetic = arithmetic
    }

    public func forMeasured(_ kind: FigureKind) -> Tolerance {
        switch kind {
        case .area: return area
        case .length: return length
        case .count: return count
        case .percent: return percent
        }
    }
}
