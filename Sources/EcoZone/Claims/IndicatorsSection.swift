import Foundation
import GeoKit

/// Reads the `indicators:` section of a claims file (and its default `period:`) through
/// ``YAMLDocument``: every key known, every value checked, each problem one sentence naming the
/// indicator and its line.
///
/// ```yaml
/// period: 2021-2035                      # the plan period (a default for every indicator)
/// indicators:
///   - id: red-line-area
///     name: 生态保护红线面积
///     unit: km2                          # any unit; km2, ha, 亩, % … are computed with
///     baseline: { year: 2020, value: 184.6 }
///     targets:
///       - { year: 2025, value: 142.4 }
///       - { year: 2035, value: 142.4, qualifier: ≥ }
///     attribute: 约束性                   # binding | 预期性, 参考性: expected
///     rules:                             # rules stated in the text
///       - { rule: 不减少, text: 确保生态保护红线面积不减少 }
///     measured-by: { layer: red-line }   # its version dated 2020 checks the baseline; or a claim id
///     progress: { layer: red-line, year: 2023 }
///     within: mines                      # the land it must fit in: a claim id, a role, { layer: … } or 254 ha
/// ```
enum IndicatorsSection {
    static let knownKeys: Set<String> = ["id", "name", "text", "unit", "baseline", "targets", "attribute", "cumulative", "measured-by",
                                         "within", "progress", "rules", "sense", "period", "per-year", "tolerance", "note", "page", "source"]
    static let pointKeys: Set<String> = ["year", "value", "qualifier", "note"]
    static let layerKeys: Set<String> = ["layer", "where", "year", "percent-of"]
    static let ruleKeys: Set<String> = ["rule", "text", "note"]

    /// The indicators of the file whose top-level mapping is `top`; `claims` are the file's claims (ids
    /// an indicator names must be among them, and no indicator takes a claim's id).
    static func read(_ top: YAMLNode, doc: YAMLDocument, claims: ClaimsFile) throws -> [Indicator] {
        var defaultPeriod: ClosedRange<Int>?
        if let p = top["period"], !p.isNull {
            defaultPeriod = try period(p) { doc.error($0, at: p) }
        }
        guard let section = top["indicators"], !section.isNull else { return [] }
        guard let items = section.items else { throw doc.error("'indicators' must be a list", at: section) }
        guard items.count <= Indicator.Limits.indicators else {
            throw doc.error("the claims file lists \(items.count) indicators; EcoZone checks at most \(Indicator.Limits.indicators) in one file", at: section)
        }
        var out: [Indicator] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            guard let map = item.pairs else {
                throw GeoKitError(.input, "indicator \(index + 1) (line \(item.line)) must be a mapping with an 'id'", file: doc.path)
            }
            var indicator = try parse(map, index: index, line: item.line, path: doc.path, claims: claims)
            if indicator.period == nil { indicator.period = defaultPeriod }
            let bad = { (m: String) in GeoKitError(.input, "indicator '\(indicator.id)' (line \(item.line)): \(m)", file: doc.path) }
            if !seen.insert(indicator.id).inserted { throw bad("the id is used twice") }
            if claims.claim(indicator.id) != nil { throw bad("the id is also a claim's; give the indicator its own") }
            out.append(indicator)
        }
        return out
    }

    /// "2021-2035", "2021—2035", "2021～2035", [2021, 2035].
    static func period(_ node: YAMLNode, fail: (String) -> GeoKitError) throws -> ClosedRange<Int> {
        let usage = "'period' must be two years, such as 2021-2035"
        var years: [Int] = []
        if let items = node.items {
            years = items.compactMap { $0.text.flatMap { DecimalText.integer($0) } }
            guard years.count == 2, items.count == 2 else { throw fail(usage) }
        } else if let s = node.text {
            let parts = s.split(whereSeparator: { "-—–～~至到".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "年", with: "") }
            years = parts.compactMap { DecimalText.integer($0) }
            guard years.count == 2, parts.count == 2 else { throw fail(usage) }
        } else {
            throw fail(usage)
        }
        guard years.allSatisfy(Project.Limits.years.contains), years[0] <= years[1] else {
            throw fail("'period' \(years[0])-\(years[1]) is not two years in order")
        }
        return years[0]...years[1]
    }

    static func parse(_ kv: [YAMLPair], index: Int, line: Int, path: String, claims: ClaimsFile) throws -> Indicator {
        func value(_ key: String) -> YAMLNode? {
            guard let n = kv.first(where: { $0.name == key })?.value, !n.isNull else { return nil }
            return n
        }
        guard let id = value("id")?.text, !id.isEmpty else {
            throw GeoKitError(.input, "indicator \(index + 1) (line \(line)) has no 'id'", file: path)
        }
        func bad(_ message: String) -> GeoKitError { GeoKitError(.input, "indicator '\(id)' (line \(line)): \(message)", file: path) }
        for pair in kv where !knownKeys.contains(pair.name) { throw bad("unknown key '\(pair.name)' (line \(pair.key.line))") }
        func text(_ key: String) throws -> String? {
            guard let n = value(key) else { return nil }
            guard let s = n.text else { throw bad("'\(key)' must be a single value") }
            return s
        }
        guard let name = try text("name"), !name.isEmpty else { throw bad("has no 'name' (the indicator as the table names it)") }
        guard let unit = try text("unit"), !unit.isEmpty else { throw bad("has no 'unit' (as the table writes it: 平方千米, %, 公顷, 万立方米 …)") }
        guard let attributeText = try text("attribute") else { throw bad("has no 'attribute' (约束性 / binding or 预期性 / expected)") }
        guard let attribute = IndicatorAttribute.parse(attributeText) else {
            throw bad("'attribute: \(StatedFigure.excerpt(attributeText))' is neither 约束性 (binding) nor 预期性 / 参考性 (expected)")
        }

        func figure(_ node: YAMLNode, _ key: String) throws -> IndicatorValue? {
            var raw: String
            var bracketed = false
            if let items = node.items {
                // `value: [261]` in YAML is a list of one: the plan's cumulative brackets.
                guard items.count == 1, let s = items[0].text else { throw bad("'\(key)' must be one value such as 184.6, ≥320 or [261]") }
                raw = s
                bracketed = true
            } else if let s = node.text {
                raw = s
            } else {
                throw bad("'\(key)' must be one value such as 184.6, ≥320 or [261]")
            }
            if bracketed { raw = "[" + raw + "]" }
            switch IndicatorValue.parse(raw) {
            case .success(let v): return v
            case .failure(let e): throw bad("'\(key)': \(e.message)")
            }
        }
        func point(_ node: YAMLNode, _ key: String) throws -> IndicatorPoint? {
            guard let map = node.pairs else { throw bad("'\(key)' must be a mapping { year: 2020, value: 184.6 }") }
            for pair in map where !pointKeys.contains(pair.name) { throw bad("unknown key '\(pair.name)' in '\(key)' (line \(pair.key.line))") }
            guard let y = node["year"]?.text, let year = DecimalText.integer(y), Project.Limits.years.contains(year) else {
                throw bad("'\(key)' needs a 'year' (four digits)")
            }
            guard let v = node["value"], !v.isNull else { throw bad("'\(key)' of \(year) has no 'value'") }
            guard var figure = try figure(v, "\(key).value") else { return nil }
            if let q = node["qualifier"], !q.isNull {
                guard let qt = q.text, let qualifier = Qualifier.parse(qt.trimmingCharacters(in: .whitespaces)) else {
                    throw bad("'qualifier' of \(year) must be ≥, ≤, >, < or =")
                }
                if figure.value == nil { throw bad("'qualifier' of \(year) bounds no number ('\(figure.literal)')") }
                if figure.qualifier != .equal, figure.qualifier != qualifier {
                    throw bad("the value of \(year) says \(figure.qualifier.rawValue) and its 'qualifier' says \(qualifier.rawValue)")
                }
                figure.qualifier = qualifier
            }
            return IndicatorPoint(year: year, value: figure)
        }

        var baseline: IndicatorPoint?
        if let b = value("baseline") { baseline = try point(b, "baseline") }
        guard let t = value("targets") else { throw bad("has no 'targets' (a list of { year, value })") }
        guard let targetItems = t.items else { throw bad("'targets' must be a list of { year, value }") }
        guard !targetItems.isEmpty else { throw bad("'targets' is empty") }
        guard targetItems.count <= Indicator.Limits.targets else {
            throw bad("'targets' lists \(targetItems.count) years; at most \(Indicator.Limits.targets)")
        }
        let targets = try targetItems.compactMap { try point($0, "targets") }

        var cumulative = false
        if let c = try text("cumulative") {
            switch c.lowercased() {
            case "true", "yes": cumulative = true
            case "false", "no": cumulative = false
            default: throw bad("'cumulative' must be true or false")
            }
        }
        if targets.contains(where: { $0.value.cumulative }) { cumulative = true }

        func layerReference(_ map: YAMLNode, _ key: String) throws -> IndicatorLayerReference {
            for pair in map.pairs ?? [] where !layerKeys.contains(pair.name) {
                throw bad("unknown key '\(pair.name)' in '\(key)' (line \(pair.key.line)); keys: layer, where, year, percent-of")
            }
            guard let layer = map["layer"]?.text, !layer.isEmpty else { throw bad("'\(key)' needs a 'layer' (a role of the project)") }
            var year: Int?
            if let y = map["year"], !y.isNull {
                guard let s = y.text, let v = DecimalText.integer(s), Project.Limits.years.contains(v) else { throw bad("'\(key).year' must be a year") }
                year = v
            }
            return IndicatorLayerReference(layer: layer, whereClause: map["where"]?.text, year: year, percentOf: map["percent-of"]?.text)
        }
        func source(_ key: String, figures: Bool) throws -> IndicatorSource? {
            guard let n = value(key) else { return nil }
            if n.pairs != nil { return .layer(try layerReference(n, key)) }
            guard let s = n.text, !s.isEmpty else { throw bad("'\(key)' must be a claim id or { layer: ROLE, where: … }") }
            if figures, case .success(let f) = StatedFigure.parse(s, defaultUnit: nil) { return .figure(f) }
            if claims.claim(s) != nil { return .claim(s) }
            if figures { return .layer(IndicatorLayerReference(layer: s)) }   // a role: resolved against the project
            throw bad("'\(key): \(StatedFigure.excerpt(s))' names no claim of the file (write { layer: ROLE } for a layer)")
        }
        let measuredBy = try source("measured-by", figures: false)
        let within = try source("within", figures: true)
        var progress: IndicatorLayerReference?
        if let p = value("progress") {
            guard p.pairs != nil else { throw bad("'progress' must be { layer: ROLE, year: YYYY }") }
            progress = try layerReference(p, "progress")
        }

        var rules: [StatedRule] = []
        if let r = value("rules") {
            guard let items = r.items else { throw bad("'rules' must be a list (不减少, 不降低, 不增加 … or { rule, text })") }
            guard items.count <= Indicator.Limits.rules else { throw bad("'rules' lists \(items.count) rules; at most \(Indicator.Limits.rules)") }
            for item in items {
                var word: String?, sentence: String?
                if let map = item.pairs {
                    for pair in map where !ruleKeys.contains(pair.name) { throw bad("unknown key '\(pair.name)' in 'rules' (line \(pair.key.line))") }
                    word = item["rule"]?.text
                    sentence = item["text"]?.text
                } else {
                    word = item.text
                }
                guard let w = word, let rule = IndicatorRule.parse(w) else {
                    throw bad("rule '\(StatedFigure.excerpt(word ?? ""))' (line \(item.line)) is none of 不减少, 不降低, 不下降, 不增加, 不扩大, 保持不变")
                }
                rules.append(StatedRule(rule: rule, word: w, text: sentence))
            }
        }
        var sense = IndicatorSense.inferred(from: name)
        var senseDeclared = false
        if let s = try text("sense") {
            guard let v = IndicatorSense(rawValue: s) else { throw bad("'sense' must be higher, lower or none") }
            sense = v
            senseDeclared = true
        }
        var periodRange: ClosedRange<Int>?
        if let p = value("period") { periodRange = try period(p, fail: bad) }
        var perYear: IndicatorValue?
        if let n = value("per-year") {
            guard let v = try figure(n, "per-year"), v.value != nil, !v.cumulative else { throw bad("'per-year' must be a number (the amount of one year)") }
            perYear = v
        }
        var tolerance: Tolerance?
        if let t = try text("tolerance") {
            switch Tolerance.parse(t) {
            case .success(let x): tolerance = x
            case .failure(let e): throw bad(e.message)
            }
        }
        return Indicator(id: id, name: name, unit: unit, claimUnit: ClaimUnit.parse(unit), baseline: baseline, targets: targets,
                         attribute: attribute, attributeText: attributeText, cumulative: cumulative, measuredBy: measuredBy, within: within,
                         progress: progress, rules: rules, sense: sense, senseDeclared: senseDeclared, period: periodRange, perYear: perYear,
                         tolerance: tolerance, text: try text("text"), line: line)
    }
}
