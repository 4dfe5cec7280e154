/// Escaping and number formatting shared by the SVG map and the HTML report.
enum Markup {
    /// Text made safe for HTML and SVG/XML content and attribute values: `& < > " '` become entities,
    /// and control characters that XML forbids (U+0000–U+001F other than tab, line feed and carriage
    /// return) are dropped, so the output always parses as XML.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A pixel coordinate rounded to 0.1 and written without a trailing ".0" ("12.3", "-4", "0").
    /// Clamped to ±1e9 px (NaN as 0), so a degenerate map extent draws off the page rather than trap.
    static func pixel(_ value: Double) -> String {
        let clamped = value.isNaN ? 0 : min(max(value, -1e9), 1e9)
        let tenths = Int((clamped * 10).rounded())
        if tenths == 0 { return "0" }
        let sign = tenths < 0 ? "-" : ""
        let m = abs(tenths)
        let whole = m / 10, frac = m % 10
        return frac == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(frac)"
    }

    /// A plain decimal with at most `digits` decimals, trailing zeros trimmed.
    static func decimal(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var s = String(rounded)
        if s.hasSuffix(".0") { s.removeLast(2) }
        if s == "-0" { s = "0" }
        return s
    }
}
