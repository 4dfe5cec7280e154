import Foundation

/// What a plan's pattern label declares for one symbol: "八屏" → 8, "多廊" → many (no count).
public struct DeclaredCount: Sendable, Equatable, Codable {
    /// The label's words for this symbol, e.g. "八屏", "二十二廊".
    public var text: String
    /// The count, nil for 多 / 若干 (many, uncounted) or any word that is not a number.
    public var count: Int?

    public init(text: String, count: Int?) {
        self.text = text
        self.count = count
    }
}

/// One "N字" token of a label: a quantity and the symbol it counts.
public struct LabelToken: Sendable, Equatable, Codable {
    public var symbol: Character
    public var text: String
    public var count: Int?

    public var declared: DeclaredCount { DeclaredCount(text: text, count: count) }

    enum CodingKeys: String, CodingKey { case symbol, text, count }

    public init(symbol: Character, text: String, count: Int?) {
        self.symbol = symbol
        self.text = text
        self.count = count
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol).first ?? "?"
        text = try c.decode(String.self, forKey: .text)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(String(symbol), forKey: .symbol)
        try c.encode(text, forKey: .text)
        try c.encode(count, forKey: .count)
    }
}

/// Parses security-pattern labels: "八屏八带多廊多点", "三带四屏多廊多点", "三屏、两廊、三区",
/// "两带-四屏-二十二廊-多块", "一心三带七群".
///
/// Every "N字" token is read: a quantity — Arabic digits (full-width too) or a Chinese numeral (十 = 10,
/// 二十二 = 22, 两 = 2, 一百零八 = 108, up to 万), or 多 / 若干 / 数 / 众多 / 诸多 for an uncounted number —
/// followed by one character, the symbol it counts. Separators (、，,;；-—–·/ and spaces) may stand
/// between tokens. A symbol EcoZone gives a default kind (屏 带 廊 点 块 区 心 轴, ``ElementKind``) is also
/// read when no quantity precedes it ("屏带" → two uncounted tokens). A symbol written twice keeps its
/// first count.
public enum PatternLabel {
    static let separators: Set<Character> = ["、", "，", ",", ";", "；", "-", "—", "–", "·", "/", " ", "　", "\t", "\n", "＋", "+"]
    static let uncounted = ["多", "若干", "数", "众多", "诸多"]
    static let numeralCharacters: Set<Character> = Set("〇零一二两三四五六七八九十百千万0123456789０１２３４５６７８９")

    /// The label's tokens in order, each symbol once.
    public static func tokens(_ label: String) -> [LabelToken] {
        var out: [LabelToken] = []
        var pending = ""
        func isQuantity(_ t: String) -> Bool { uncounted.contains(t) || number(t) != nil }
        /// Text that a quantity may still grow from: numerals, or the start of 若干 / 众多 ….
        func isQuantityPrefix(_ t: String) -> Bool {
            !t.isEmpty && (t.allSatisfy { numeralCharacters.contains($0) } || uncounted.contains { $0.hasPrefix(t) })
        }
        func emit(_ symbol: Character) {
            if !out.contains(where: { $0.symbol == symbol }) {
                out.append(LabelToken(symbol: symbol, text: pending + String(symbol), count: number(pending)))
            }
            pending = ""
        }
        for ch in label {
            let candidate = pending + String(ch)
            if separators.contains(ch) {
                pending = ""
            } else if isQuantity(pending), !isQuantityPrefix(candidate) {
                emit(ch)                                   // "二十二" + 廊
            } else if isQuantityPrefix(candidate) {
                pending = candidate                        // the quantity goes on
            } else if isQuantityPrefix(String(ch)) {
                pending = String(ch)                       // a quantity starts after other words
            } else if ElementKind(defaultFor: ch) != nil {
                emit(ch)                                   // a known symbol without a count
            } else {
                pending = candidate                        // words that are not a token ("生态")
            }
        }
        return out
    }

    /// Each symbol the label mentions, with its declared count. A symbol the label does not mention is absent.
    public static func parse(_ label: String) -> [Character: DeclaredCount] {
        Dictionary(tokens(label).map { ($0.symbol, $0.declared) }, uniquingKeysWith: { a, _ in a })
    }

    /// A Chinese numeral (一…九千九百九十九万…, 两, 零 between units: 一百零八) or Arabic digits; nil for
    /// 多, 若干, an empty string or anything else ("十十", "二二").
    public static func number(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        let ascii = String(t.map { ch -> Character in
            if let v = ch.unicodeScalars.first?.value, (0xFF10...0xFF19).contains(v) { return Character(UnicodeScalar(v - 0xFF10 + 0x30)!) }
            return ch
        })
        if ascii.allSatisfy(\.isASCII), let n = Int(ascii), n >= 0 { return n }
        let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]
        var total = 0, section = 0
        var digit: Int?          // a digit waiting for its unit
        var lastUnit = 10_000    // units within a section must fall: 千 > 百 > 十
        var zero = false         // a 零 was written: the next digit stands below a skipped unit
        for ch in t {
            if let d = digits[ch] {
                guard digit == nil else { return nil }          // two digits in a row ("二二")
                if d == 0 { guard section > 0 || total > 0, !zero else { return nil }; zero = true; continue }
                digit = d
            } else if let u = units[ch] {
                guard u < lastUnit else { return nil }           // "十十", "十百"
                if digit == nil && !(u == 10 && section == 0 && total == 0) { return nil }   // only 十 may stand alone, first
                section += (digit ?? 1) * u
                digit = nil
                lastUnit = u
                zero = false
            } else if ch == "万" {
                guard total == 0, section + (digit ?? 0) > 0 else { return nil }
                total = (section + (digit ?? 0)) * 10_000
                section = 0
                digit = nil
                lastUnit = 10_000
                zero = false
            } else {
                return nil
            }
        }
        if zero && digit == nil { return nil }                  // a trailing 零
        return total + section + (digit ?? 0)
    }
}
