/// Cheap text width estimates for layout without a font engine: CJK and full-width characters one
/// em, everything else a little over half an em.
enum TextMetrics {
    static func width(_ text: String, fontSize: Double) -> Double {
        var em = 0.0
        for s in text.unicodeScalars { em += isWide(s) ? 1.0 : 0.58 }
        return em * fontSize
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        (0x2E80...0x9FFF).contains(s.value) || (0xAC00...0xD7A3).contains(s.value)
            || (0xF900...0xFAFF).contains(s.value) || (0xFF00...0xFF60).contains(s.value)
            || (0x20000...0x2FA1F).contains(s.value)
    }

    /// The text cut to fit `maxWidth`, ending in "…" when cut.
    static func truncated(_ text: String, fontSize: Double, maxWidth: Double) -> String {
        if width(text, fontSize: fontSize) <= maxWidth { return text }
        var out = ""
        for ch in text {
            if width(out + String(ch) + "…", fontSize: fontSize) > maxWidth { break }
            out.append(ch)
        }
        return out + "…"
    }

    /// Lines of at most `maxWidth`, broken at spaces where possible, otherwise between characters.
    static func wrapped(_ text: String, fontSize: Double, maxWidth: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for ch in text {
            let candidate = line + String(ch)
            if width(candidate, fontSize: fontSize) > maxWidth, !line.isEmpty {
                if let space = line.lastIndex(of: " "), ch != " " {
                    lines.append(String(line[..<space]))
                    line = String(line[line.index(after: space)...]) + String(ch)
                } else {
                    lines.append(line)
                    line = ch == " " ? "" : String(ch)
                }
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
