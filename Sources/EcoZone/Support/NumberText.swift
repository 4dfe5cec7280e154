import Foundation

/// The one number formatter of EcoZone's tables, reports, messages and the CLI: every figure shown
/// to a person is written here (figures written for machines — CSV cells, JSON — are `String(x)` or
/// the encoder's, in full). A minus sign is written only when the printed digits are not all zero
/// (−0.00 reads as a wrong figure); `minus` is "-" for terminals and CSV-minded readers, "−"
/// (U+2212) for typeset pages.
public enum NumberText {
    /// Fixed decimals, thousands grouped with commas: "1,820,288.02". Not finite: "nan", "inf".
    public static func grouped(_ x: Double, decimals: Int, minus: String = "-") -> String {
        guard x.isFinite else { return String(x) }
        let (sign, digits) = fixedParts(x, decimals, minus: minus)
        let parts = digits.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0]), grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        return sign + whole + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Fixed decimals without grouping, a true minus (U+2212) by default: "1823.00", "−91.39".
    public static func fixed(_ x: Double, _ decimals: Int, minus: String = "−") -> String {
        guard x.isFinite else { return String(x) }
        let (sign, digits) = fixedParts(x, decimals, minus: minus)
        return sign + digits
    }

    /// Signed fixed decimals: "+0.12", "−91.39".
    public static func signed(_ x: Double, _ decimals: Int) -> String {
        let s = fixed(x, decimals)
        return s.hasPrefix("−") ? s : "+" + s
    }

    /// A fraction as a signed percentage, grouped: 0.00042 → "+0.042 %".
    public static func signedPercent(_ fraction: Double, decimals: Int = 3) -> String {
        (fraction >= 0 ? "+" : "") + grouped(fraction * 100, decimals: decimals) + " %"
    }

    /// The shortest plain decimal, at most 10 decimals: "1823", "142.4", "0.0001".
    public static func plain(_ x: Double) -> String {
        guard x.isFinite else { return String(x) }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.10f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A whole number in full (below 10¹⁵); else at most `digits` significant digits, in plain or
    /// scientific notation as is shorter (C's %g): 1000000000, 1697.06, 1.5e+20.
    public static func significant(_ x: Double, digits: Int = 6) -> String {
        guard x.isFinite else { return String(x) }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.\(max(1, digits))g", x)
    }

    /// Scientific notation with `digits` decimals in the mantissa: 2.135845e+11, 1e+08.
    public static func scientific(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return String(x) }
        return String(format: "%.\(max(0, digits))e", x)
    }

    private static func fixedParts(_ x: Double, _ decimals: Int, minus: String) -> (sign: String, digits: String) {
        let digits = String(format: "%.\(max(0, decimals))f", abs(x))
        return (x < 0 && digits.contains(where: { $0 != "0" && $0 != "." }) ? minus : "", digits)
    }
}
