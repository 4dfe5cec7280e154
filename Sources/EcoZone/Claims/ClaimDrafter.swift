import Foundation
import GeoKit

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
    /// Bounds on what a plan's text makes the drafter hold and do. A text is read whole (pairing looks
    /// back across the document), so ``draft(contentsOf:)`` refuses one over ``maximumTextBytes``
    /// (16 MiB; a 300-page plan is about 1 MB of text) or stating more than ``maximumFigures`` figures.
    /// Within a text: a claim's `text` is its sentence, or, for a sentence over ``maximumSentence``
    /// characters, an excerpt of ``excerptRadius`` characters either side of the figure; a figure's
    /// clause is read at most ``clauseRadius`` characters either way; the whole named by "占…的" is
    /// looked for among the ``pairingWindow`` areas stated before; a 合计 row adds at most
    /// ``ClaimsFile/Limits/sumTerms`` rows (the claims file's own bound). Scanning is linear in the text.
    public static let maximumTextBytes = 16 << 20
    public static let maximumFigures = ClaimsFile.Limits.claims
    static let maximumSentence = 500
    static let excerptRadius = 100
    static let clauseRadius = 200
    static let pairingWindow = 1_000

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
        // Every two adjacent characters of y, looked up once each: O(|a| + |b|).
        let ys = Array(y)
        var pairs = Set<String>()
        for i in ys.indices.dropLast() { pairs.insert(String(ys[i...i + 1])) }
        for i in 0..<(chars.count - 1) where !chars[i].isWhitespace && !chars[i + 1].isWhitespace {
            if pairs.contains(String(chars[i...i + 1])) { return true }
        }
        return false
    }

    static let clauseStops = Set("，,；;：:（）()。、".unicodeScalars)

    /// The clause (between ，、；：（） and the sentence's ends, at most ``clauseRadius`` characters either
    /// way) around the scalars `range` of `s`, and its words before the range. A character outside the
    /// Basic Multilingual Plane ends a clause, as it did when this ran on UTF-16.
    static func clause(of s: ScalarText, range: Range<Int>) -> (clause: String, before: String) {
        func stop(_ c: Unicode.Scalar) -> Bool { c.value > 0xFFFF || clauseStops.contains(c) }
        var start = range.lowerBound
        while start > 0, range.lowerBound - start < clauseRadius, !stop(s.scalars[start - 1]) { start -= 1 }
        var end = range.upperBound
        while end < s.scalars.count, end - range.upperBound < clauseRadius, !stop(s.scalars[end]) { end += 1 }
        return (s[start..<end], s[start..<range.lowerBound])
    }

    /// A sentence as scalars, with their UTF-8 offsets so that any run of scalars becomes a String in
    /// one copy.
    struct ScalarText {
        let scalars: [Unicode.Scalar]
        let utf8: [UInt8]
        /// UTF-8 offset of each scalar, and of the end.
        let offsets: [Int]

        init(_ text: String) {
            scalars = Array(text.unicodeScalars)
            utf8 = Array(text.utf8)
            var offsets = [Int](repeating: 0, count: scalars.count + 1)
            for (i, c) in scalars.enumerated() { offsets[i + 1] = offsets[i] + UTF8.width(c) }
            self.offsets = offsets
        }

        subscript(_ r: Range<Int>) -> String {
            String(decoding: utf8[offsets[r.lowerBound]..<offsets[r.upperBound]], as: UTF8.self)
        }
    }

    /// `word` in `text`, compared as UTF-8 bytes (for the fixed words the pairing looks for).
    static func mentions(_ text: String, _ word: String) -> Bool {
        var text = text, word = word
        return text.withUTF8 { t in
            word.withUTF8 { w in
                guard let first = w.first else { return true }
                guard t.count >= w.count else { return false }
                outer: for i in 0...(t.count - w.count) where t[i] == first {
                    for k in 1..<w.count where t[i + k] != w[k] { continue outer }
                    return true
                }
                return false
            }
        }
    }

    /// Drafts claims from a plan's text, in the order the figures appear.
    public static func draft(_ text: String) -> [DraftClaim] {
        pair(scan(text, limit: .max)!)
    }

    /// Drafts claims from a plan's text file (UTF-8). Refuses (GeoKitError `.input`, naming the file) a
    /// missing or irregular file, one over ``maximumTextBytes``, text that is not UTF-8, and a text
    /// stating more than ``maximumFigures`` figures, before holding more than that.
    public static func draft(contentsOf path: String) throws -> [DraftClaim] {
        func fail(_ message: String) -> GeoKitError { GeoKitError(.input, message, file: path) }
        let data = try BoundedFileRead.data(path, kind: "plan's text", limit: maximumTextBytes) { n in
            "the plan's text holds \(n) bytes; claims draft reads texts of at most \(maximumTextBytes) bytes (\(maximumTextBytes >> 20) MiB): split it by chapter"
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw fail("the file is not UTF-8 text (convert it first, e.g. iconv -f GB18030 -t UTF-8)")
        }
        guard let found = scan(text, limit: maximumFigures) else {
            throw fail("the text states more than \(maximumFigures) figures; claims draft drafts at most that many from one text: split it by chapter")
        }
        return pair(found)
    }

    /// Claims from the figures found: ids, ratio pairs and table sums.
    static func pair(_ found: [Found]) -> [DraftClaim] {
        var claims: [DraftClaim] = []
        var counters: [String: Int] = [:]
        for f in found {
            let k = f.figure.kind.rawValue
            counters[k, default: 0] += 1
            claims.append(DraftClaim(id: "\(k)-\(counters[k]!)", text: f.text, figure: f.figure))
        }
        // The district's total: the first area stated with 幅员 / 国土面积 / 总面积 / 辖区面积.
        let totalIndex = found.indices.first { i in
            found[i].figure.kind == .area && found[i].tableColumn == nil
                && ["幅员", "国土面积", "国土总面积", "辖区面积", "全区面积", "全区总面积", "全域面积", "行政区域面积"].contains { mentions(found[i].text, $0) }
                && !mentions(found[i].text, "水土流失") && !mentions(found[i].text, "石漠化")
        }
        let areas = found.indices.filter { found[$0].figure.kind == .area }
        for (i, f) in found.enumerated() where f.figure.kind == .percent {
            // Part: the nearest earlier area in the same sentence or table row (figures come in sentence order).
            var part: Int?
            for j in stride(from: i - 1, through: 0, by: -1) {
                guard found[j].sentence == f.sentence else { break }
                if found[j].figure.kind == .area { part = j; break }
            }
            guard let part else { continue }
            var whole: Int? = totalIndex
            if let phrase = f.sharePhrase, !phrase.isEmpty, !wholeWords.contains(where: { phrase.contains($0) }) {
                var key = phrase
                for w in ["的", "总面积", "面积", "总"] { key = key.replacingOccurrences(of: w, with: "") }
                if key.count >= 2 {
                    // The latest earlier area whose sentence names the key, among the last `pairingWindow`.
                    var lo = 0, hi = areas.count   // k: the first area at or after `part`
                    while lo < hi { let mid = (lo + hi) / 2; if areas[mid] < part { lo = mid + 1 } else { hi = mid } }
                    var k = lo
                    var scanned = 0
                    whole = nil
                    while k > 0, scanned < pairingWindow {
                        k -= 1
                        scanned += 1
                        if mentions(found[areas[k]].text, key) { whole = areas[k]; break }
                    }
                    whole = whole ?? totalIndex
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
        // Table totals (合计): the sum of the same column's other rows above, in that table.
        var rowsAbove: [String: [Int]] = [:]
        for (i, f) in found.enumerated() {
            guard let group = f.rowGroup else { continue }
            let key = "\(group)\u{1}\(f.tableColumn ?? "")"
            if f.isTotalRow {
                let members = rowsAbove[key] ?? []
                if f.figure.kind != .percent, members.count >= 2, members.count <= ClaimsFile.Limits.sumTerms {
                    claims[i].sum = members.map { claims[$0].id }
                }
            } else {
                rowsAbove[key, default: []].append(i)
            }
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

    /// Every figure of the text in order; nil as soon as there are more than `limit`.
    static func scan(_ text: String, limit: Int) -> [Found]? {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let layout = TableLayout(lines)
        var found: [Found] = []
        var sentence = 0
        var group = 0
        var i = 0
        var paragraph: [String] = []
        func flushParagraph() -> Bool {
            let joined = paragraph.joined()
            paragraph = []
            for s in sentences(joined) {
                sentence += 1
                found += inline(s, sentence: sentence, start: found.count)
                if found.count > limit { return false }
            }
            return true
        }
        while i < lines.count {
            let line = lines[i]
            if isCaption(line), let (rows, header, next) = layout.table(from: i + 1) {
                guard flushParagraph() else { return nil }
                group += 1
                found += tableFigures(caption: line, header: header, rows: rows, sentence: &sentence, group: group, start: found.count)
                if found.count > limit { return nil }
                i = next
                continue
            }
            if line.isEmpty {
                guard flushParagraph() else { return nil }
            } else {
                paragraph.append(line)
            }
            i += 1
        }
        guard flushParagraph() else { return nil }
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
        let t = ScalarText(s)
        let u = t.scalars
        let long = s.count > maximumSentence
        var out: [Found] = []
        for m in FigureMatcher.matches(in: u) {
            let unitText = t[m.unit]
            if unitText == "个百分点" { continue }
            let number = t[m.number].replacingOccurrences(of: ",", with: "")
            let q = m.qualifier.map { Qualifier.parse(t[$0]) ?? .equal } ?? .equal
            // A digit right before the match is part of something else (a code, a date).
            if m.range.lowerBound > 0 {
                let prev = u[m.range.lowerBound - 1]
                if prev.value <= 0xFFFF && (Character(prev).isNumber || prev == ".") { continue }
            }
            guard let unit = ClaimUnit.parse(unitText), let value = Double(number),
                  StatedFigure.implausibility(value: value, literal: number, unit: unit) == nil else { continue }
            var qualifier = q
            let after = t[m.range.upperBound..<min(u.count, m.range.upperBound + 4)]
            if qualifier == .equal, after.hasPrefix("以上") { qualifier = .atLeast }
            if qualifier == .equal, after.hasPrefix("以下") { qualifier = .atMost }
            let figure = StatedFigure(value: value, unit: unit, qualifier: qualifier, cumulative: m.open != nil && m.close != nil,
                                      literal: number)
            let (clauseText, before) = clause(of: t, range: m.range)
            var phrase: String?
            if unit == .percent {
                // The words between the last "占" before the figure and the figure.
                var z = m.range.lowerBound - 1
                while z >= 0, m.range.lowerBound - z <= clauseRadius, u[z] != "占" { z -= 1 }
                if z >= 0, u[z] == "占" {
                    let p = t[(z + 1)..<m.range.lowerBound]
                    if p.count <= 20, !p.contains("，"), !p.contains(",") { phrase = p }
                }
            }
            // A very long "sentence" (a run-on line, a list without stops) is cut to the figure's surroundings.
            let sentenceText = long
                ? "…" + t[max(0, m.range.lowerBound - excerptRadius)..<min(u.count, m.range.upperBound + excerptRadius)] + "…"
                : s
            out.append(Found(text: sentenceText, figure: figure, order: start + out.count, sentence: sentence, sharePhrase: phrase,
                             isShare: false, tableColumn: nil, isTotalRow: false, rowGroup: nil, clause: clauseText, subject: before))
        }
        return out
    }

    /// "表3-1 …", "表 2": 表, spaces, then a digit or a Chinese numeral up to 十.
    static func isCaption(_ line: String) -> Bool {
        var scalars = line.unicodeScalars.makeIterator()
        guard scalars.next() == "表" else { return false }
        while let c = scalars.next() {
            if FigureMatcher.isSpace(c) { continue }
            return ("0"..."9").contains(c) || "一二三四五六七八九十".unicodeScalars.contains(c)
        }
        return false
    }

    static func isHeaderCell(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 16 && headerWords.contains { s.contains($0) } && !s.contains("。")
    }

    /// Tables laid out one cell per line after their caption: header cells, then rows of the same
    /// width, up to a blank line. Where each run of header cells and of cells ends is worked out once
    /// for the whole text, so looking for a table after each caption costs O(1) plus its rows.
    struct TableLayout {
        let lines: [String]
        /// The first non-blank line at or after each line.
        var nextNonBlank: [Int]
        /// The end of the run of header cells starting at each line (the line itself when it is none).
        var headerEnd: [Int]
        /// The first line at or after each line that ends a table's cells: blank, over 60 characters, or a sentence.
        var cellsEnd: [Int]

        init(_ lines: [String]) {
            self.lines = lines
            let n = lines.count
            nextNonBlank = [Int](repeating: n, count: n + 1)
            headerEnd = [Int](repeating: n, count: n + 1)
            cellsEnd = [Int](repeating: n, count: n + 1)
            for i in stride(from: n - 1, through: 0, by: -1) {
                let l = lines[i]
                nextNonBlank[i] = l.isEmpty ? nextNonBlank[i + 1] : i
                headerEnd[i] = ClaimDrafter.isHeaderCell(l) ? headerEnd[i + 1] : i
                cellsEnd[i] = l.isEmpty || l.count > 60 || l.hasSuffix("。") ? i : cellsEnd[i + 1]
            }
        }

        /// The table whose header starts at the first non-blank line from `from`: rows, header and the
        /// index of the line after the table; nil when there is none.
        func table(from: Int) -> (rows: [[String]], header: [String], next: Int)? {
            let first = nextNonBlank[min(from, lines.count)]
            let end = headerEnd[first]
            guard end - first >= 2 else { return nil }
            let header = Array(lines[first..<end])
            let next = cellsEnd[end]
            let width = header.count
            guard next - end >= width else { return nil }
            let rows = (0..<((next - end) / width)).map { Array(lines[(end + $0 * width)..<(end + $0 * width + width)]) }
            return (rows, header, next)
        }
    }

    static func tableFigures(caption: String, header: [String], rows: [[String]], sentence: inout Int, group: Int, start: Int) -> [Found] {
        let unitColumn = header.firstIndex { $0.contains("单位") }
        let nameColumn = header.firstIndex { ($0.contains("名称") || $0.contains("指标") || $0.contains("项目") || $0.contains("分区")) && !$0.contains("属性") }
            ?? header.firstIndex { !$0.contains("序号") } ?? 0
        let skip: Set<Int> = Set(header.indices.filter { j in
            j == unitColumn || j == nameColumn || ["序号", "属性", "备注", "镇街", "范围", "类型"].contains { header[j].contains($0) }
        })
        var out: [Found] = []
        // A caption line of any length heads every cell's text: a run-on one is cut.
        let caption = caption.count > maximumSentence ? String(caption.prefix(maximumSentence)) + "…" : caption
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
