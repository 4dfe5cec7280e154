import Foundation
import GeoKit

/// The outcome of one claim.
public struct ClaimResult: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable {
        /// The computed value agrees with the stated one within the tolerance.
        case pass
        /// It does not.
        case fail
        /// The claim could not be checked: the layer is missing or unreadable, the filter matches nothing,
        /// a claim it depends on has an error …; `message` says which.
        case error
        /// A stated figure without a layer: nothing to measure (sums and ratios may still use it).
        case unchecked
    }

    public var id: String
    public var text: String?
    /// area, length, count, percent, sum, difference, ratio.
    public var kind: String
    public var status: Status
    /// The stated value in `unit` (for a sum or difference, the stated result).
    public var stated: Double?
    /// The stated value as the plan writes it: "≥320 ha", "[261] ha", "13.04 %".
    public var statedText: String?
    public var computed: Double?
    /// km2, m2, ha, mu, 万亩, km, m, % or count; differences of percentages are in percentage points.
    public var unit: String?
    /// computed − stated, in `unit`.
    public var difference: Double?
    /// (computed − stated) / stated, a fraction.
    public var relative: Double?
    /// The tolerance applied, as written ("1%", "0.05 pt"), and the allowed difference in `unit`
    /// (tolerance plus the rounding of the written figures).
    public var tolerance: String?
    public var allowed: Double?
    /// The arithmetic written out: "127.45 + 131.6 + … = 1731.61 ≠ 1823 (−91.39, −5.01 %)".
    public var arithmetic: String?
    /// Why a claim has an error, or a remark.
    public var message: String?
    /// The project role measured, and the filter applied (claim's and layer's `where` combined).
    public var layer: String?
    public var whereClause: String?
    /// Which cells of a raster, or which part of a layer, is measured: "classes 1 inside boundary",
    /// "slope 25–90°", "inside zones" (``Claim/cells``, ``Claim/inside``); nil: the whole layer.
    public var selection: String?
    /// Features measured.
    public var features: Int?

    enum CodingKeys: String, CodingKey {
        case id, text, kind, status, stated, computed, unit, difference, relative, tolerance, allowed, arithmetic, message, layer, features, selection
        case statedText = "stated_text"
        case whereClause = "where"
    }
}

extension ClaimResult {
    /// The decimals its figures are shown with: as many as the plan wrote, at least 2 for a measure
    /// (an area, a length, a share); a count as written ("27.8795" 亿元 stays 27.8795, 12 处 stays 12).
    public var displayDecimals: Int {
        let written = statedText.flatMap { t -> Int? in
            let digits = t.filter { $0.isNumber || $0 == "." }
            return digits.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first.map(\.count) ?? 0
        } ?? 0
        return unit == "count" ? written : max(2, written)
    }
}
