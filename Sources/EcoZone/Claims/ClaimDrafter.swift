import Foundation

/// A figure found in a plan's text, drafted as a claim (`ecozone claims draft`).
public struct DraftClaim: Sendable, Hashable, Codable {
    public var id: String
    /// The sentence (or table row) the figure stands in.
    public var text: String
    public var value: Double
    /// km2, m2, ha, mu, 万亩, km, m, % or count.
    public var unit: String
    /// area, length, count or percent.
    public var kind: String
    /// "≥", "≤", ">" or "<" when the figure is a bound; nil for a plain figure.
    public var qualifier: String?
    /// True for a cumulative figure written "[261]".
    public var cumulative: Bool?
    /// For a percentage paired with an area: [PART, WHOLE] claim ids.
    public var ratio: [String]?
    /// For a table's total row (合计): the claims it adds up.
    public var sum: [String]?
    /// The figure as the claims file writes it: "1823 km2", "≥320 ha", "[261] ha", "29.38".
    public var figure: String

    public init(id: String, text: String, figure f: StatedFigure) {
        self.id = id
        self.text = text
        value = f.value
        unit = f.unit.rawValue
        kind = f.kind.rawValue
        qualifier = f.qualifier == .equal ? nil : f.qualifier.rawValue
        cumulative = f.cumulative ? true : nil
        let n = f.cumulative ? "[\(f.literal)]" : f.literal
        let q = f.qualifier == .equal ? "" : f.qualifier.rawValue
        figure = q + n + (f.unit == .percent || f.unit == .count ? "" : " " + f.unit.rawValue)
    }
}

/// Finds every stated area, length, count and percentage in a plan's plain text and drafts a claims file.
///
/// It reads figures in running text ("1823平方千米", "142.4平方公里", "254公顷", "119.42万亩", "29.38%",
/// "≥320公顷", "不低于50%", "[261]公顷", "8个", "59公里"), and tables laid out one cell per line as text
/// extracted from a PDF or Word plan gives them: a caption line ("表3-1 …"), the header cells, then the
/// rows, a blank line ending the table. In a table the unit comes from a 单位 column or from the header
/// ("面积（平方千米）"); cells such as "—" are skipped.
///
/// Pairing: a percentage is paired with the area stated before it in the same sentence (or the same table
/// row), and drafted as `ratio: [AREA, WHOLE]`. The whole is the area the phrase "占…的" names — the
/// latest earlier area whose sentence mentions it ("占水土流失面积的13.04%") — or, for "占全区…", a
/// bare "占", a coverage rate or a share column, the district's total (the first area stated with
/// 幅员 / 国土面积 / 总面积 / 辖区面积). A table's 合计 row becomes a `sum` of the rows above it.
/// Percentage changes ("个百分点") are not figures to check and are skipped.
public enum ClaimDrafter {
    static let unitPattern = "万亩|平方千米|平方公里|平方米|km2|km²|hm2|公顷|亩|公里|千米|km|米|个百分点|%|％|个|处|座|条|项"
    static let qualifierPattern = "≥|≤|>=|<=|＞|＜|>|<|不低于|不少于|不超过|不高于|不大于|大于|小于|超过|高于|低于"
    static let figureRegex = try! NSRegularExpression(
        pattern: "(\(qualifierPattern))?\\s*([\\[［【])?\\s*(\\d+(?:,\\d{3})*(?:\\.\\d+)?)\\s*([\\]］】])?\\s*(\(unitPattern))")
    static let captionRegex = try! NSRegularExpression(pattern: "^表\\s*[0-9一二三四五六七八九十]+([-—–.．][0-9]+)?")
    static let headerWords = ["序号", "名称", "指标", "单位", "面积", "比例", "占比", "值", "属性", "镇街", "备注", "类型", "年", "长度", "数量", "范围"]
    static let wholeWords = ["全区", "全市", "全县", "国土", "幅员", "辖区", "区域", "行政区"]

    struct Found {
        var text: String
        var figure: StatedFigure
        /// Position in the document (for "before").
        var order: Int
        /// Sentence index (pairing stays within one).
        var sentence: Int
        /// The words between "占" and the percentage, if any.
        var sharePhrase: String?
        var isShare: Bool
        var tableColumn: String?
        var isTotalRow: Bool
        var rowGroup: Int?
        /// The clause around the figure, and the words before the figure in it.
        var clause: String? = nil
        var subject: String? = nil
    }

    static let genericWords = ["面积", "全区", "生态", "其中", "达到", "不低于", "不少于", "以上", "总", "的", "为", "约", "划定", "全面"]

    /// True when `a` and `b` share a two-character word once generic words are removed.
    static func sharesWord(_ a: String, _ b: String) -> Bool {
        var x = a, y = b
        for w in genericWords { x = x.replacingOccurrences(of: w, with: " "); y = y.replacingOccurrences(of: w, with: " ") }
        let chars = Array(x)
        guard chars.count >= 2 else { return false }
        for i in 0..<(chars.count - 1) where !chars[i].isWhitespace && !chars[i + 1].isWhitespace {
            if y.contains(String(chars[i...i + 1])) { return true }
        }
        return false
    }

    /// The clause (between ，、；：（） and the sentence's ends) around a UTF-16 range of `s`.
    static func clause(of s: NSString, range: NSRange) -> (clause: String, before: String) {
        let stops = CharacterSet(charactersIn: "，,；;：:（）()。、")
        var start = range.location
        while start > 0, let u = UnicodeScalar(s.character(at: start - 1)), !stops.contains(u) { start -= 1 }
        var end = range.location + range.length
        while end < s.length, let u = UnicodeScalar(s.character(at: end)), !stops.contains(u) { end += 1 }
        return (s.substring(with: NSRange(location: start, length: end - start)),
                s.substring(with: NSRange(location: start, length: range.location - start)))
    }

    /// Drafts claims from a plan's text, in the order the figures appear.
    public static func draft(_ text: String) -> [DraftClaim] {
        let found = scan(text)
        var claims: [DraftClaim] = []
        var counters: [String: Int] = [:]
        var ids: [Int] = []
        for f in found {
            let k = f.figure.kind.rawValue
            counters[k, default: 0] += 1
            claims.append(DraftClaim(id: "\(k)-\(counters[k]!)", text: f.text, figure: f.figure))
            ids.append(claims.count - 1)
        }
        // The district's total: the first area stated with 幅员 / 国土面积 / 总面积 / 辖区面积.
        let totalIndex = found.indices.first { i in
            found[i].figure.kind == .area && found[i].tableColumn == nil
                && ["幅员", "国土面积", "国土总面积", "辖区面积", "全区面积", "全区总面积", "全域面积", "行政区域面积"].contains { found[i].text.contains($0) }
                && !found[i].text.contains("水土流失") && !found[i].text.contains("石漠化")
        }
        for (i, f) in found.enumerated() where f.figure.kind == .percent {
            // Part: the nearest earlier area in the same sentence or table row.
            guard let part = (0..<i).reversed().first(where: { found[$0].sentence == f.sentence && found[$0].figure.kind == .area }) else { continue }
            var whole: Int? = totalIndex
            if let phrase = f.sharePhrase, !phrase.isEmpty, !wholeWords.contains(where: { phrase.contains($0) }) {
                var key = phrase
                for w in ["的", "总面积", "面积", "总"] { key = key.replacingOccurrences(of: w, with: "") }
                if key.count >= 2 {
                    whole = (0..<part).reversed().first { j in
                        found[j].figure.kind == .area && found[j].text.contains(key)
                    } ?? totalIndex
                }
            } else if f.sharePhrase == nil && !f.isShare {
                // A percentage without "占" or a share column ("森林面积890.50平方千米，森林覆盖率48.84%") is a
                // share of the whole only when its clause names what the area's clause names (森林).
                guard let subject = f.subject, let areaClause = found[part].clause,
                      sharesWord(subject, areaClause) else { continue }
            }
            guard let w = whole, w != part else { continue }
            claims[i].ratio = [claims[part].id, claims[w].id]
        }
        // Table totals (合计): sum of the same column since the previous total of that table.
        for (i, f) in found.enumerated() where f.isTotalRow && f.figure.kind != .percent {
            let members = (0..<i).filter { j in
                found[j].rowGroup == f.rowGroup && found[j].tableColumn == f.tableColumn && !found[j].isTotalRow
            }
            if members.count >= 2 { claims[i].sum = members.map { claims[$0].id } }
        }
        return claims
    }

    /// The claims file for `claims`: figures filled in, layers left for the reviewer.
    public static func yaml(_ claims: [DraftClaim], source: String) -> String {
        var out: [String] = []
        out.append("# Claims drafted by `ecozone claims draft` from \(source).")
        out.append("# Name the layer of each figure to check it against the geometry (layer: ROLE, and where: … for a part).")
        out.append("# A claim left without a layer is a stated figure: the sums and ratios below still check it.")
        out.append("tolerance: 1%")
        out.append("claims:")
        for c in claims {
            out.append("  - id: \(c.id)")
            out.append("    text: \(quoted(c.text))")
            let key = c.kind
            if let ratio = c.ratio {
                out.append("    ratio: [\(ratio.joined(separator: ", "))]")
            } else if let sum = c.sum {
                out.append("    sum: [\(sum.joined(separator: ", "))]")
            } else if c.kind != "percent" {
                out.append("    layer:            # the layer's role in the project")
            }
            out.append("    \(key): \(quoted(c.figure))")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: scanning

    static func scan(_ text: String) -> [Found] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var found: [Found] = []
        var sentence = 0
        var group = 0
        var i = 0
        var paragraph: [String] = []
        func flushParagraph() {
            let joined = paragraph.joined()
            paragraph = []
            for s in sentences(joined) {
                sentence += 1
                found += inline(s, sentence: sentence, start: found.count)
            }
        }
        while i < lines.count {
            let line = lines[i].trimmingCharacters(in: .whitespaces)
            if isCaption(line), let (rows, header, next) = table(lines, from: i + 1) {
                flushParagraph()
                group += 1
                found += tableFigures(caption: line, header: header, rows: rows, sentence: &sentence, group: group, start: found.count)
                i = next
                continue
            }
            if line.isEmpty { flushParagraph() } else { paragraph.append(line) }
            i += 1
        }
        flushParagraph()
        return found
    }

    static func sentences(_ paragraph: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in paragraph {
            current.append(ch)
            if "。；;！？!?".contains(ch) {
                out.append(current)
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current) }
        return out.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func inline(_ s: String, sentence: Int, start: Int) -> [Found] {
        let ns = s as NSString
        var out: [Found] = []
        for m in figureRegex.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
            let unitText = ns.substring(with: m.range(at: 5))
            if unitText == "个百分点" { continue }
            let number = ns.substring(with: m.range(at: 3)).replacingOccurrences(of: ",", with: "")
            let open = m.range(at: 2).location != NSNotFound, close = m.range(at: 4).location != NSNotFound
            let q = m.range(at: 1).location != NSNotFound ? Qualifier.parse(ns.substring(with: m.range(at: 1))) ?? .equal : .equal
            // A digit right before the match is part of something else (a code, a date).
            if m.range.location > 0 {
                let prev = ns.substring(with: NSRange(location: m.range.location - 1, length: 1))
                if prev.first?.isNumber == true || prev == "." { continue }
            }
            guard let unit = ClaimUnit.parse(unitText), let value = Double(number) else { continue }
            var qualifier = q
            let after = ns.substring(from: m.range.location + m.range.length)
            if qualifier == .equal, after.hasPrefix("以上") { qualifier = .atLeast }
            if qualifier == .equal, after.hasPrefix("以下") { qualifier = .atMost }
            let figure = StatedFigure(value: value, unit: unit, qualifier: qualifier, cumulative: open && close, literal: number)
            let (clauseText, before) = clause(of: ns, range: m.range)
            var phrase: String?
            if unit == .percent {
                let before = ns.substring(to: m.range.location)
                if let zhan = before.range(of: "占", options: .backwards) {
                    let p = String(before[zhan.upperBound...])
                    if p.count <= 20, !p.contains("，"), !p.contains(",") { phrase = p }
                }
            }
            out.append(Found(text: s, figure: figure, order: start + out.count, sentence: sentence, sharePhrase: phrase,
                             isShare: false, tableColumn: nil, isTotalRow: false, rowGroup: nil, clause: clauseText, subject: before))
        }
        return out
    }

    static func isCaption(_ line: String) -> Bool {
        captionRegex.firstMatch(in: line, range: NSRange(location: 0, length: (line as NSString).length)) != nil
    }

    static func isHeaderCell(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 16 && headerWords.contains { s.contains($0) } && !s.contains("。")
    }

    /// A table laid out one cell per line after its caption: header cells, then rows of the same width,
    /// up to a blank line. Returns rows, header and the index of the line after the table.
    static func table(_ lines: [String], from: Int) -> (rows: [[String]], header: [String], next: Int)? {
        var i = from
        while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).isEmpty { i += 1 }
        var header: [String] = []
        while i < lines.count {
            let l = lines[i].trimmingCharacters(in: .whitespaces)
            guard isHeaderCell(l) else { break }
            header.append(l)
            i += 1
        }
        guard header.count >= 2 else { return nil }
        var cells: [String] = []
        while i < lines.count {
            let l = lines[i].trimmingCharacters(in: .whitespaces)
            if l.isEmpty || l.count > 60 || l.hasSuffix("。") { break }
            cells.append(l)
            i += 1
        }
        let width = header.count
        guard cells.count >= width else { return nil }
        let rowCount = cells.count / width
        let rows = (0..<rowCount).map { Array(cells[($0 * width)..<($0 * width + width)]) }
        return (rows, header, i)
    }

    static func tableFigures(caption: String, header: [String], rows: [[String]], sentence: inout Int, group: Int, start: Int) -> [Found] {
        let unitColumn = header.firstIndex { $0.contains("单位") }
        let nameColumn = header.firstIndex { ($0.contains("名称") || $0.contains("指标") || $0.contains("项目") || $0.contains("分区")) && !$0.contains("属性") }
            ?? header.firstIndex { !$0.contains("序号") } ?? 0
        let skip: Set<Int> = Set(header.indices.filter { j in
            j == unitColumn || j == nameColumn || ["序号", "属性", "备注", "镇街", "范围", "类型"].contains { header[j].contains($0) }
        })
        var out: [Found] = []
        for row in rows {
            sentence += 1
            let name = row[nameColumn]
            let rowUnit = unitColumn.flatMap { ClaimUnit.parse(row[$0]) }
            let total = ["合计", "总计", "小计", "全区"].contains { name.hasPrefix($0) }
            for j in row.indices where !skip.contains(j) {
                let cell = row[j]
                if cell.isEmpty || ["—", "-", "/", "－", "——", "–"].contains(cell) { continue }
                var unit = rowUnit ?? headerUnit(header[j])
                var share = false
                if unit == nil, header[j].contains("比例") || header[j].contains("占比") || header[j].contains("%") { unit = .percent; share = true }
                if header[j].contains("比例") || header[j].contains("占比") { share = true }
                guard let u = unit, case .success(let f) = StatedFigure.parse(cell, defaultUnit: u) else { continue }
                let text = "\(caption)：\(name)，\(header[j]) \(cell)" + (rowUnit != nil ? " \(row[unitColumn!])" : "")
                out.append(Found(text: text, figure: f, order: start + out.count, sentence: sentence, sharePhrase: share ? "" : nil,
                                 isShare: share, tableColumn: header[j], isTotalRow: total, rowGroup: group))
            }
        }
        return out
    }

    /// "面积（平方千米）" → km2; "占比（%）" → %.
    static func headerUnit(_ h: String) -> ClaimUnit? {
        for (open, close) in [("（", "）"), ("(", ")")] {
            if let a = h.range(of: open), let b = h.range(of: close, range: a.upperBound..<h.endIndex) {
                return ClaimUnit.parse(String(h[a.upperBound..<b.lowerBound]))
            }
        }
        return nil
    }
}
