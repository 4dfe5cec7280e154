import Foundation

/// Numbers as project and claims files write them: plain decimal notation only.
///
/// `Double("…")` also reads `inf`, `nan`, `infinity`, hexadecimal (`0x1p3`) and turns 400 digits into
/// +∞; none of those is a figure a plan states. Every number EcoZone reads from a project or claims
/// file goes through here, and a result that is not finite is refused by the caller, naming the line.
enum DecimalText {
    /// The value of an optional sign, digits with at most one decimal point (at least one digit), and
    /// an optional exponent (`1e3`, `2.5E-2`); nil for anything else, surrounding spaces aside. The
    /// result may still be ±∞ when the digits overflow (`1e400`): check `isFinite`.
    static func value(_ text: some StringProtocol) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        var digits = 0, dots = 0, exponent = false, exponentDigits = 0
        var previous: Unicode.Scalar?
        for (i, c) in t.unicodeScalars.enumerated() {
            defer { previous = c }
            switch c {
            case "0"..."9":
                if exponent { exponentDigits += 1 } else { digits += 1 }
            case ".":
                guard !exponent else { return nil }
                dots += 1
            case "e", "E":
                guard !exponent, digits > 0 else { return nil }
                exponent = true
            case "+", "-":
                guard i == 0 || (exponent && exponentDigits == 0 && (previous == "e" || previous == "E")) else { return nil }
            default:
                return nil
            }
        }
        guard digits > 0, dots <= 1, !exponent || exponentDigits > 0 else { return nil }
        return Double(t)
    }

    /// A whole number in plain digits (optional sign), or nil; nil too when it does not fit an `Int`.
    static func integer(_ text: some StringProtocol) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.unicodeScalars.enumerated().allSatisfy({ i, c in ("0"..."9").contains(c) || (i == 0 && (c == "-" || c == "+")) }) else {
            return nil
        }
        return Int(t)
    }
}
