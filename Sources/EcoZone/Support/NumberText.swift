import Foundation

/// Numbers as tables print them: fixed decimals, thousands grouped with commas, and a minus sign
/// only when the printed digits are not all zero (−0.00 reads as a wrong figure).
public enum NumberText {
    /// - Parameter minus: "-" for terminals and CSV-minded readers, "−" (U+2212) for typeset pages.
    public static func grouped(_ x: Double, decimals: Int, minus: String = "-") -> String {
        guard x.isFinite else { return String(x) }
        let fixed = String(format: "%.\(decimals)f", abs(x))
        let parts = fixed.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0]), grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        let sign = x < 0 && fixed.contains(where: { $0 != "0" && $0 != "." }) ? minus : ""
        return sign + whole + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }
}
