import Foundation

/// What a plan's pattern label declares for one role: "八屏" → 8, "多廊" → many (no count).
public struct DeclaredCount: Sendable, Equatable, Codable {
    /// The label's words for this role, e.g. "八屏".
    public var text: String
    /// The count, nil for 多 (many) or any word that is not a number.
    public var count: Int?
}

/// Parses security-pattern labels such as "八屏八带多廊多点" or "一屏两带三廊多点".
public enum PatternLabel {
    /// Each role the label mentions, with its declared count. A role the label does not mention is absent.
    /// The words before each role character (屏 带 廊 点) since the previous one are its quantity:
    /// Chinese numerals 一…九十 (十二, 二十, 两 = 2), Arabic digits, or 多/若干/N (no count).
    public static func parse(_ label: String) -> [PatternRole: DeclaredCount] {
        var result: [PatternRole: DeclaredCount] = [:]
        var pending = ""
        for ch in label {
            if let role = PatternRole(symbol: ch) {
                let quantity = pending.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
                if result[role] == nil { result[role] = DeclaredCount(text: quantity + String(ch), count: number(quantity)) }
                pending = ""
            } else {
                pending.append(ch)
            }
        }
        return result
    }

    /// A Chinese (一…九十九, 两) or Arabic number; nil for 多, 若干, an empty string or anything else.
    public static func number(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if let n = Int(t), n >= 0 { return n }
        let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                                        "六": 6, "七": 7, "八": 8, "九": 9]
        let chars = Array(t)
        if chars.count == 1, let d = digits[chars[0]] { return d }
        guard let ten = chars.firstIndex(of: "十"), chars.filter({ $0 == "十" }).count == 1, chars.count <= 3 else { return nil }
        let tensPart = chars[..<ten], unitsPart = chars[(ten + 1)...]
        var tens = 1, units = 0
        if let c = tensPart.first {
            guard tensPart.count == 1, let d = digits[c], d > 0 else { return nil }
            tens = d
        }
        if let c = unitsPart.first {
            guard unitsPart.count == 1, let d = digits[c], d > 0 else { return nil }
            units = d
        }
        return tens * 10 + units
    }
}
