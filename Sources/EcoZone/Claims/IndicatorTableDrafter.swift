import Foundation

/// A value of a drafted indicator as the table writes it.
public struct DraftPoint: Sendable, Hashable, Codable {
    public var year: Int
    /// The cell: "184.6", "≥320", "[261]", "国家下发任务".
    public var value: String
}

/// A row of a plan's indicator table, drafted for the claims file's `indicators:` section.
public struct DraftIndicator: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// As the table writes it ("平方千米", "%", "万立方米"); "-" when the table gives none.
    public var unit: String
    /// The row's group (类别: 生态质量类, 保护修复类), carried down merged cells.
    public var category: String?
    /// "约束性", "预期性" …; nil when the table has no 属性 column.
    public var attribute: String?
    public var baseline: DraftPoint?
    public var targets: [DraftPoint]
    public var cumulative: Bool
    /// Rules the text states about this indicator ("确保生态保护红线面积不减少").
    public var rules: [StatedRule]
    /// "表2-1 规划指标：生态保护红线面积".
    public var text: String
    /// Cells left out and why ("2025: '约320' is no number").
    public var notes: [String]
}

/// What `claims draft` finds in a plan's text: figures as claims, indicator tables as indicators.
public struct DraftDocument: Sendable, Codable {
    public var claims: [DraftClaim]
    public var indicators: [DraftIndicator]

    public init(claims: [DraftClaim], indicators: [DraftIndicator] = []) {
        self.claims = claims
        self.indicators = indicators
    }
}

/// Reads indicator tables laid out one cell per line, as text extracted from a plan gives them:
///
/// ```
/// 表2-1 规划指标表
/// 序号 / 类别 / 指标 / 单位 / 2020年 / 2025年 / 2035年 / 属性     (one cell per line)
/// 1 / 保护类 / 生态保护红线面积 / 平方千米 / 184.6 / 142.4 / 142.4 / 约束性
/// 2 / 森林蓄积量 / 万立方米 / 318 / ≥320 / ≥330 / 约束性            (类别 merged: one cell fewer)
/// ```
///
/// A table is an indicator table when its header names the indicator (指标, 名称) and at least one
/// column holds a year (2020年, 2025年目标值). The baseline column is the one saying 基期, 现状, 基准 or
/// 基年, else the first year column when several are given and it says no 目标; the other year columns
/// are targets. With a 序号 column, rows are found by their numbers (1, 2, 3 …), so a row whose 类别
/// cell is merged with the row above has one cell fewer and takes that category; without one, every row
/// has the header's width. Rules the text states ("确保生态保护红线面积不减少", "森林覆盖率不降低") are paired
/// with the indicator whose name stands before the rule's words in the same clause.
enum IndicatorTableDrafter {
    /// Sentences with a rule word that the scan keeps, clauses with one that pairing reads, and the
    /// characters before a rule's word searched for a name (a plan states a handful of rules; these keep
    /// pairing bounded on any text: at most clauses × indicators × characters).
    static let maximumRuleSentences = 2_000
    static let maximumRuleClauses = 1_000
    static let ruleContext = 100

    struct Columns {
        var number: Int?
        var category: Int?
        var name: Int
        var unit: Int?
        var attribute: Int?
        var baseline: (column: Int, year: Int)?
        var targets: [(column: Int, year: Int)]
    }

    /// The first four-digit year (1900–2099) in a header cell.
    static func year(in header: String) -> Int? {
        let s = Array(header.unicodeScalars)
        var i = 0
        while i + 4 <= s.count {
            let run = s[i..<(i + 4)]
            let before = i > 0 ? s[i - 1] : " ", after = i + 4 < s.count ? s[i + 4] : " "
            if run.allSatisfy({ ("0"..."9").contains($0) }), !("0"..."9").contains(before), !("0"..."9").contains(after),
               let y = Int(String(String.UnicodeScalarView(run))), (1900...2099).contains(y) {
                return y
            }
            i += 1
        }
        return nil
    }

    /// The columns of an indicator table, or nil when the header is not one.
    static func columns(_ header: [String]) -> Columns? {
        guard let name = header.firstIndex(where: { ($0.contains("指标") || $0.contains("名称")) && !$0.contains("属性") }) else { return nil }
        let dated = header.indices.compactMap { j -> (Int, Int)? in
            guard j != name, let y = year(in: header[j]) else { return nil }
            return (j, y)
        }
        guard !dated.isEmpty else { return nil }
        var baseline: (column: Int, year: Int)?
        if let b = dated.first(where: { j, _ in ["基期", "现状", "基准", "基年"].contains { header[j].contains($0) } }) {
            baseline = (b.0, b.1)
        } else if dated.count >= 2, !header[dated[0].0].contains("目标") {
            baseline = (dated[0].0, dated[0].1)
        }
        let targets = dated.filter { $0.0 != baseline?.column }.map { (column: $0.0, year: $0.1) }
        return Columns(number: header.firstIndex { $0.contains("序号") },
                       category: header.firstIndex { ["类别", "分类", "类型"].contains(where: $0.contains) },
                       name: name, unit: header.firstIndex { $0.contains("单位") },
                       attribute: header.firstIndex { $0.contains("属性") }, baseline: baseline, targets: targets)
    }

    /// The indicator table whose header starts at the first non-blank line from `from`: its rows as
    /// drafted indicators (rules not yet paired) and the line after it; nil when there is none.
    static func table(_ layout: ClaimDrafter.TableLayout, caption: String, from: Int, firstId: Int) -> (indicators: [DraftIndicator], next: Int)? {
        let lines = layout.lines
        let first = layout.nextNonBlank[min(from, lines.count)]
        let end = layout.headerEnd[first]
        guard end - first >= 2 else { return nil }
        let header = Array(lines[first..<end])
        guard let c = columns(header) else { return nil }
        let next = layout.cellsEnd[end]
        let cells = Array(lines[end..<next])
        let width = header.count
        var rows: [[String]] = []
        if c.number == 0 {
            // Rows by their numbers: row k starts with "k"; one cell fewer when the category is merged.
            var k = 0, expected = 1
            while k < cells.count, cells[k] == String(expected) {
                let full = k + width, short = k + width - 1
                func startsRow(_ at: Int) -> Bool { at == cells.count || (at < cells.count && cells[at] == String(expected + 1)) }
                if full <= cells.count, startsRow(full) {
                    rows.append(Array(cells[k..<full]))
                    k = full
                } else if c.category != nil, short <= cells.count, startsRow(short) {
                    var row = Array(cells[k..<short])
                    row.insert("", at: c.category!)   // merged with the row above
                    rows.append(row)
                    k = short
                } else {
                    break
                }
                expected += 1
            }
        } else {
            rows = stride(from: 0, to: cells.count - width + 1, by: width).map { Array(cells[$0..<($0 + width)]) }
        }
        guard !rows.isEmpty else { return nil }
        let caption = caption.count > ClaimDrafter.maximumSentence ? String(caption.prefix(ClaimDrafter.maximumSentence)) + "…" : caption
        var out: [DraftIndicator] = []
        var category: String?
        for row in rows {
            if let j = c.category, !row[j].isEmpty { category = row[j] }
            var name = row[c.name]
            var unit = c.unit.map { row[$0] } ?? ""
            // "林地保有量（万亩）": the unit in the name when the table has no 单位 column.
            if unit.isEmpty, let u = parenthesised(name) {
                unit = u.text
                name = u.stripped
            }
            var notes: [String] = []
            func point(_ column: Int, _ year: Int) -> DraftPoint? {
                let cell = row[column]
                switch IndicatorValue.parse(cell) {
                case .success(nil): return nil
                case .success: return DraftPoint(year: year, value: cell)
                case .failure(let e):
                    notes.append("\(year): \(e.message)")
                    return nil
                }
            }
            let baseline = c.baseline.flatMap { point($0.column, $0.year) }
            let targets = c.targets.compactMap { point($0.column, $0.year) }
            guard !targets.isEmpty else { continue }
            let cumulative = targets.contains { (try? IndicatorValue.parse($0.value).get())??.cumulative == true }
            out.append(DraftIndicator(id: "indicator-\(firstId + out.count)", name: name, unit: unit.isEmpty ? "-" : unit, category: category,
                                      attribute: c.attribute.map { row[$0] }.flatMap { $0.isEmpty ? nil : $0 }, baseline: baseline,
                                      targets: targets, cumulative: cumulative, rules: [],
                                      text: "\(caption)：" + (category.map { "\($0)，" } ?? "") + name, notes: notes))
        }
        return (out, next)
    }

    /// "生态保护红线控制面积（万平方公里）" → ("万平方公里", "生态保护红线控制面积"): any words in the name's
    /// last parentheses that look like a unit (no 指标 words).
    static func parenthesised(_ name: String) -> (text: String, stripped: String)? {
        for (open, close) in [("（", "）"), ("(", ")")] {
            guard name.hasSuffix(close), let a = name.range(of: open, options: .backwards) else { continue }
            let inner = String(name[a.upperBound..<name.index(before: name.endIndex)])
            let unitish = ["米", "亩", "公顷", "%", "％", "吨", "个", "处", "条", "公里", "千米", "元", "亿"].contains { inner.contains($0) }
            if unitish, inner.count <= 8 { return (inner, String(name[..<a.lowerBound])) }
        }
        return nil
    }

    // MARK: rules

    /// True when `sentence` holds a rule word (不减少, 不降低 …).
    static func statesRule(_ sentence: String) -> Bool {
        IndicatorRule.words.contains { sentence.contains($0.0) }
    }

    /// The names a rule may use for an indicator: its name, without a trailing 面积 / 占比 / 比例, and
    /// without a parenthesised tail ("生态质量指数（EI）").
    static func names(_ name: String) -> [String] {
        var out = [name]
        var base = name
        if let p = base.firstIndex(where: { $0 == "（" || $0 == "(" }) { base = String(base[..<p]); out.append(base) }
        for suffix in ["面积", "占比", "比例", "保有量"] where base.hasSuffix(suffix) && base.count - suffix.count >= 3 {
            out.append(String(base.dropLast(suffix.count)))
        }
        return out
    }

    /// Pairs each indicator with the rules of `sentences` stated about it: in a clause of the sentence
    /// (split at ，、；：), the words before the rule's word name the indicator.
    static func pairRules(_ indicators: inout [DraftIndicator], sentences: [String]) {
        let stops = Set("，,、；;：:。")
        let names = indicators.map { Self.names($0.name) }
        // The indicators each stretch before a rule word names, worked out once per distinct stretch.
        var named: [String: [Int]] = [:]
        var clausesRead = 0
        for s in sentences.prefix(maximumRuleSentences) {
            var clause = ""
            var clauses: [String] = []
            for ch in s {
                if stops.contains(ch) { clauses.append(clause); clause = "" } else { clause.append(ch) }
            }
            clauses.append(clause)
            for c in clauses {
                guard let (word, rule) = IndicatorRule.words.first(where: { c.contains($0.0) }),
                      let r = c.range(of: word) else { continue }
                clausesRead += 1
                guard clausesRead <= maximumRuleClauses else { return }
                let before = String(c[..<r.lowerBound].suffix(ruleContext))
                let matched = named[before] ?? indicators.indices.filter { k in names[k].contains { ClaimDrafter.mentions(before, $0) } }
                named[before] = matched
                for k in matched {
                    if !indicators[k].rules.contains(where: { $0.rule == rule && $0.text == s }) {
                        indicators[k].rules.append(StatedRule(rule: rule, word: word, text: s))
                    }
                }
            }
        }
    }

    // MARK: YAML

    static func yaml(_ indicators: [DraftIndicator]) -> [String] {
        guard !indicators.isEmpty else { return [] }
        let q = ClaimDrafter.quoted
        var out = ["# Indicator tables: each row's baseline and targets by year. Name the layer that measures an indicator",
                   "# (measured-by: { layer: ROLE }: its version dated the baseline year checks the baseline; progress: { layer: ROLE, year: YYYY }),",
                   "# and the land it must fit in (within: a claim id, { layer: ROLE } or a figure such as 254 ha).",
                   "indicators:"]
        for d in indicators {
            out.append("  - id: \(d.id)")
            out.append("    name: \(q(d.name))")
            out.append("    text: \(q(d.text))")
            out.append("    unit: \(q(d.unit))" + (d.unit == "-" ? "          # the table gives no unit" : ""))
            if let b = d.baseline { out.append("    baseline: { year: \(b.year), value: \(q(b.value)) }") }
            out.append("    targets:")
            for t in d.targets { out.append("      - { year: \(t.year), value: \(q(t.value)) }") }
            if let a = d.attribute, IndicatorAttribute.parse(a) != nil {
                out.append("    attribute: \(q(a))")
            } else {
                out.append("    attribute: \"预期性\"     # the table states \(d.attribute.map { "'\($0)'" } ?? "no 属性"): set 约束性 where it binds")
            }
            if !d.rules.isEmpty {
                out.append("    rules:")
                for r in d.rules { out.append("      - { rule: \(q(r.word)), text: \(q(r.text ?? "")) }") }
            }
            for n in d.notes { out.append("    # left out: \(n.replacingOccurrences(of: "\n", with: " "))") }
        }
        return out
    }
}
