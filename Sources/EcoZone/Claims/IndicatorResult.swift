import Foundation

/// One check of an indicator, with its arithmetic written out.
public struct IndicatorCheck: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        /// A rule the text states (不减少 …) against the values: fail.
        case rule
        /// The indicator's own sense (a red line that shrinks, erosion that grows): warning.
        case sense
        /// Targets dated after the baseline, in year order, inside the plan period: fail.
        case years
        /// Values that reverse (rise, then fall): warning.
        case trend
        /// Cumulative totals never fall; a percentage is no cumulative total: fail, warning.
        case cumulative
        /// An amount per year × the years up to a target against the cumulative target: fail.
        case perYear = "per-year"
        /// A target no larger than the land it must fit in, a share within 0…100 %: fail.
        case feasibility
        /// The baseline against the geometry (or claim) that measures it: fail.
        case baseline
        /// The value a later-dated layer measures, and the share of the way to the target: pass or warning.
        case progress
    }

    public enum Status: String, Sendable, Codable, Hashable {
        case pass, fail, warning, error
    }

    public var kind: Kind
    public var status: Status
    /// "184.6 (2020) → 142.4 (2025): −42.2 km² (−22.86 %), against 不减少".
    public var arithmetic: String
    public var message: String?
}

/// How far an indicator has come, measured on a layer dated after its baseline.
public struct IndicatorProgress: Sendable, Codable, Hashable {
    /// The year the layer shows.
    public var year: Int
    /// The value measured, in the indicator's unit.
    public var measured: Double
    /// The target it is measured against and its year.
    public var targetYear: Int
    public var target: Double
    /// (measured − baseline) / (target − baseline); nil when the target equals the baseline or there is none.
    public var share: Double?
    /// (year − baseline year) / (target year − baseline year): the share of the time gone.
    public var timeShare: Double?
    /// True when the measured value already meets the target.
    public var met: Bool

    enum CodingKeys: String, CodingKey {
        case year, measured, target, share, met
        case targetYear = "target_year"
        case timeShare = "time_share"
    }
}

/// The outcome of one indicator: every check, the worst status, and its progress.
public struct IndicatorResult: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable {
        /// Every check holds.
        case pass
        /// A check fails (a binding indicator that fails makes `validate` exit 1).
        case fail
        /// No check fails but one warns.
        case warning
        /// A measurement the indicator needs could not be made.
        case error
        /// Nothing to check (one value, words only).
        case unchecked
    }

    public struct Target: Sendable, Codable, Hashable {
        public var year: Int
        /// As written: "≥320", "[261]", "国家下发任务".
        public var value: String
    }

    public var id: String
    public var name: String
    public var unit: String
    /// "binding" or "expected"; `attributeText` as written (约束性).
    public var attribute: String
    public var attributeText: String
    public var baselineYear: Int?
    public var baseline: String?
    public var targets: [Target]
    public var cumulative: Bool
    public var status: Status
    public var checks: [IndicatorCheck]
    public var progress: IndicatorProgress?
    public var text: String?

    public var isBinding: Bool { attribute == IndicatorAttribute.binding.rawValue }

    enum CodingKeys: String, CodingKey {
        case id, name, unit, attribute, baseline, targets, cumulative, status, checks, progress, text
        case attributeText = "attribute_text"
        case baselineYear = "baseline_year"
    }

    /// The worst of the checks: fail, then error, warning, pass; unchecked when there is none.
    static func status(of checks: [IndicatorCheck]) -> Status {
        let s = Set(checks.map(\.status))
        if s.contains(.fail) { return .fail }
        if s.contains(.error) { return .error }
        if s.contains(.warning) { return .warning }
        return checks.isEmpty ? .unchecked : .pass
    }
}
