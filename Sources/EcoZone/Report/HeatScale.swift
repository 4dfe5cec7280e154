/// Shading of numeric table cells by value (the overlap matrix): a green ramp from the table's
/// smallest number (or zero, when none is negative) to its largest, on a square-root scale so that
/// a large diagonal (a layer's overlap with itself) does not wash out the pairs.
struct HeatScale {
    let low: Double
    let high: Double

    /// The range of the numbers found in the given cells; nil when there are none.
    init?(cells: [String]) {
        let values = cells.compactMap(Self.number)
        guard let lo = values.min(), let hi = values.max() else { return nil }
        low = min(lo, 0)
        high = hi
    }

    /// The number a formatted cell shows: "1,234.5", "−0.15 %", "+2.71", "12 km²" → 1234.5, −0.15,
    /// 2.71, 12; nil for text, blanks and dashes.
    static func number(_ cell: String) -> Double? {
        var s = ""
        var started = false
        for ch in cell {
            switch ch {
            case "0"..."9", ".":
                s.append(ch); started = true
            case "−", "-":
                if started { return Double(s) }
                s = "-"
            case ",", "\u{2009}", "\u{202F}", "\u{00A0}", " ", "+":
                if ch == "+" && started { return Double(s) }
            default:
                if started { return Double(s) }
                s = ""
            }
        }
        return started ? Double(s) : nil
    }

    /// Inline style for a cell's value: background alpha grows with the value; white text on the
    /// darkest third.
    func style(for cell: String) -> String? {
        guard let v = Self.number(cell) else { return nil }
        let t = high > low ? max(0, min(1, (v - low) / (high - low))).squareRoot() : (v > 0 ? 1 : 0)
        if t <= 0 { return nil }
        let alpha = Markup.decimal(0.06 + 0.84 * t, digits: 3)
        var style = "background:rgba(43,138,62,\(alpha))"
        if t > 0.6 { style += ";color:#ffffff" }
        return style
    }
}
