import Foundation

/// The checks an indicator's own figures allow, without any geometry: stated rules, the indicator's
/// sense, target years, trend, cumulative totals and amounts per year. Each check writes its arithmetic
/// out, from the figures as the plan writes them.
///
/// Which values are compared: the baseline and every numeric target, in year order. A bound (≥320,
/// ≤26.5) is compared by its number. Words ("国家下发任务") are skipped. For a cumulative indicator
/// the baseline is compared only when it is written as a cumulative total too: BN's 131.8 ha of mines
/// restored before 2021 is no part of the totals [261] and [386] counted from 2021. A percentage is
/// never a total: brackets on one (锦屏's 森林覆盖率 64.64 → [64]) are read as a level, baseline included.
enum IndicatorSeriesChecks {
    struct Point {
        var year: Int
        var value: Double
        var written: IndicatorValue
        var isBaseline: Bool
    }

    /// Baseline (when comparable) and numeric targets, in the order the file gives them.
    static func series(_ i: Indicator) -> [Point] {
        var out: [Point] = []
        if let b = i.baseline, let v = b.value.value, !i.cumulative || b.value.cumulative || i.claimUnit == .percent {
            out.append(Point(year: b.year, value: v, written: b.value, isBaseline: true))
        }
        for t in i.targets { if let v = t.value.value { out.append(Point(year: t.year, value: v, written: t.value, isBaseline: false)) } }
        return out
    }

    static func symbol(_ i: Indicator) -> String {
        guard let u = i.claimUnit else { return i.unit }
        return u.symbol
    }

    /// "142.4 km²", "47.6 %", "318 万立方米".
    static func withUnit(_ text: String, _ i: Indicator) -> String {
        let s = symbol(i)
        return s.isEmpty ? text : text + " " + s
    }

    /// "184.6 (2020) → 142.4 (2025) → 142.4 (2035)".
    static func chain(_ points: [Point]) -> String {
        points.map { "\($0.written.display) (\($0.year))" }.joined(separator: " → ")
    }

    /// "−42.2 km² (−22.86 %)": the change from a to b at the precision written.
    static func change(_ a: Point, _ b: Point, _ i: Indicator) -> String {
        let d = max(a.written.decimals, b.written.decimals)
        let diff = b.value - a.value
        // A change of a percentage is in percentage points.
        var s = i.claimUnit == .percent ? NumberText.signed(diff, d) + " pt" : withUnit(NumberText.signed(diff, d), i)
        if a.value != 0 { s += " (\(NumberText.signed(100 * diff / a.value, 2)) %)" }
        return s
    }

    /// Every check of this file for `i`; `arithmetic` is the file's tolerance for arithmetic (per-year sums).
    static func checks(_ i: Indicator, arithmetic: Tolerance) -> [IndicatorCheck] {
        var out: [IndicatorCheck] = []
        out += years(i)
        let points = series(i)
        for r in i.rules { out.append(rule(r, points, i)) }
        if let s = sense(i, points) { out.append(s) }
        if let t = trend(i, points) { out.append(t) }
        out += cumulative(i)
        out += perYear(i, tolerance: i.tolerance ?? arithmetic)
        if let p = percentRange(i) { out.append(p) }
        return out
    }

    // MARK: years

    /// Targets dated after the baseline, strictly in year order, and inside the plan period.
    static func years(_ i: Indicator) -> [IndicatorCheck] {
        var problems: [String] = []
        if let b = i.baseline {
            for t in i.targets where t.year <= b.year { problems.append("target \(t.year) is not after the baseline \(b.year)") }
        }
        for (a, b) in zip(i.targets, i.targets.dropFirst()) where b.year <= a.year {
            problems.append(b.year == a.year ? "two targets for \(a.year)" : "target \(b.year) is listed after \(a.year)")
        }
        if let p = i.period {
            for t in i.targets where !p.contains(t.year) { problems.append("target \(t.year) lies outside the plan period \(p.lowerBound)–\(p.upperBound)") }
        }
        var years = i.targets.map { String($0.year) }
        if let b = i.baseline { years.insert("\(b.year) (baseline)", at: 0) }
        let listed = years.joined(separator: " < ")
        let period = i.period.map { ", within \($0.lowerBound)–\($0.upperBound)" } ?? ""
        if problems.isEmpty {
            // A single target with no baseline has no order to check.
            guard years.count >= 2 || i.period != nil else { return [] }
            return [IndicatorCheck(kind: .years, status: .pass, arithmetic: listed + period)]
        }
        return [IndicatorCheck(kind: .years, status: .fail, arithmetic: problems.joined(separator: "; "))]
    }

    // MARK: direction

    /// The first pair of neighbouring values that breaks `rule`, or nil.
    static func violations(_ points: [Point], _ rule: IndicatorRule) -> [(Point, Point)] {
        zip(points, points.dropFirst()).filter { a, b in
            switch rule {
            case .noDecrease: return b.value < a.value
            case .noIncrease: return b.value > a.value
            case .unchanged: return b.value != a.value
            }
        }
    }

    /// A rule the text states, against the values: fail when any value breaks it.
    static func rule(_ r: StatedRule, _ points: [Point], _ i: Indicator) -> IndicatorCheck {
        let quote = r.text.map { " “\($0)”" } ?? ""
        guard points.count >= 2 else {
            return IndicatorCheck(kind: .rule, status: .pass, arithmetic: "\(chain(points)): nothing to compare against \(r.word)\(quote)")
        }
        let bad = violations(points, r.rule)
        if bad.isEmpty {
            return IndicatorCheck(kind: .rule, status: .pass, arithmetic: "\(chain(points)): never \(r.rule.verb), as \(r.word)\(quote) states")
        }
        let steps = bad.map { a, b in "\(a.written.display) (\(a.year)) → \(b.written.display) (\(b.year)): \(change(a, b, i))" }
        return IndicatorCheck(kind: .rule, status: .fail, arithmetic: steps.joined(separator: "; ") + " \(r.rule.verb), against \(r.word)\(quote)")
    }

    /// The indicator's own sense: a warning when it moves the wrong way; nil when it has no sense or a
    /// stated rule already checks that direction.
    static func sense(_ i: Indicator, _ points: [Point]) -> IndicatorCheck? {
        let rule: IndicatorRule
        switch i.sense {
        case .none: return nil
        case .higher: rule = .noDecrease
        case .lower: rule = .noIncrease
        }
        if i.rules.contains(where: { $0.rule == rule || $0.rule == .unchanged }) { return nil }
        guard points.count >= 2 else { return nil }
        let origin = i.senseDeclared ? "sense: \(i.sense.rawValue)" : "read from the name: ought to be \(i.sense == .higher ? "kept or raised" : "kept or lowered")"
        let bad = violations(points, rule)
        let verb = i.sense == .higher ? "shrinks" : "grows"
        if bad.isEmpty {
            return IndicatorCheck(kind: .sense, status: .pass, arithmetic: "\(chain(points)): never \(verb) (\(origin))")
        }
        let steps = bad.map { a, b in "\(a.written.display) (\(a.year)) → \(b.written.display) (\(b.year)): \(change(a, b, i))" }
        return IndicatorCheck(kind: .sense, status: .warning, arithmetic: steps.joined(separator: "; ") + ": \(i.name) \(verb) (\(origin))")
    }

    /// Values that rise and then fall (or fall, then rise): a warning. Nil with fewer than three values.
    static func trend(_ i: Indicator, _ points: [Point]) -> IndicatorCheck? {
        guard points.count >= 3 else { return nil }
        var signs: [Int] = []
        for (a, b) in zip(points, points.dropFirst()) where b.value != a.value { signs.append(b.value > a.value ? 1 : -1) }
        let reversals = zip(signs, signs.dropFirst()).filter { $0 != $1 }.count
        let words = signs.isEmpty ? "unchanged" : signs.allSatisfy({ $0 > 0 }) ? "rises" : signs.allSatisfy({ $0 < 0 }) ? "falls" : nil
        if reversals == 0 {
            return IndicatorCheck(kind: .trend, status: .pass, arithmetic: "\(chain(points)): \(words ?? "one direction")")
        }
        let turns = signs.map { $0 > 0 ? "rises" : "falls" }
        var dedup: [String] = []
        for t in turns where dedup.last != t { dedup.append(t) }
        return IndicatorCheck(kind: .trend, status: .warning, arithmetic: "\(chain(points)): \(dedup.joined(separator: ", then ")) (targets that change direction)")
    }

    // MARK: cumulative

    /// A cumulative total never falls (fail); a percentage is no total (warning); cumulative and plain
    /// targets mixed (warning).
    static func cumulative(_ i: Indicator) -> [IndicatorCheck] {
        guard i.cumulative else { return [] }
        var out: [IndicatorCheck] = []
        let totals = i.targets.compactMap { t in t.value.value.map { Point(year: t.year, value: $0, written: t.value, isBaseline: false) } }
            .filter { $0.written.cumulative || !i.targets.contains(where: { $0.value.cumulative }) }
        // A percentage is read as a level (warned below), not checked as a total.
        if totals.count >= 2, i.claimUnit != .percent {
            let falls = violations(totals, .noDecrease)
            if falls.isEmpty {
                out.append(IndicatorCheck(kind: .cumulative, status: .pass,
                                          arithmetic: totals.map { "\($0.written.display) (\($0.year))" }.joined(separator: " ≤ ") + ": the total never falls"))
            } else {
                let steps = falls.map { a, b in "\(b.written.display) (\(b.year)) < \(a.written.display) (\(a.year)): \(change(a, b, i))" }
                out.append(IndicatorCheck(kind: .cumulative, status: .fail,
                                          arithmetic: steps.joined(separator: "; ") + ": a total counted from the start of the period cannot fall"))
            }
        }
        if i.claimUnit == .percent {
            let written = i.targets.filter { $0.value.cumulative }.map { "\($0.value.display) (\($0.year))" }.joined(separator: ", ")
            out.append(IndicatorCheck(kind: .cumulative, status: .warning,
                                      arithmetic: "\(written.isEmpty ? "cumulative" : written) %: a percentage is a level, not a total that adds up over the years"))
        }
        let plain = i.targets.filter { $0.value.value != nil && !$0.value.cumulative }
        let bracketed = i.targets.filter { $0.value.cumulative }
        if !plain.isEmpty, !bracketed.isEmpty {
            out.append(IndicatorCheck(kind: .cumulative, status: .warning,
                                      arithmetic: "\(bracketed.map { "\($0.value.display) (\($0.year))" }.joined(separator: ", ")) cumulative beside \(plain.map { "\($0.value.display) (\($0.year))" }.joined(separator: ", ")) not: which is meant?"))
        }
        return out
    }

    /// An amount per year × the years from the period's start to each cumulative target, against the
    /// target: as a sum of stated figures, allowed the rounding of each written figure plus `tolerance`.
    static func perYear(_ i: Indicator, tolerance: Tolerance) -> [IndicatorCheck] {
        guard let py = i.perYear, let rate = py.value else { return [] }
        let start = i.period?.lowerBound ?? i.baseline.map { $0.year + 1 }
        let totals = i.targets.filter { $0.value.value != nil && ($0.value.cumulative || i.cumulative) }
        guard !totals.isEmpty else { return [] }
        guard let start else {
            return [IndicatorCheck(kind: .perYear, status: .error, arithmetic: "",
                                   message: "'per-year' needs the plan period ('period: 2021-2035') or a baseline year to count the years")]
        }
        return totals.map { t in
            let target = t.value.value!
            let n = t.year - start + 1
            let total = rate * Double(n)
            let d = max(py.decimals, t.value.decimals)
            let allowed = (tolerance.allowance(stated: target, unit: i.claimUnit ?? .count) ?? 0) + py.roundingHalfWidth * Double(max(n, 0)) + t.value.roundingHalfWidth
            let ok: Bool
            switch t.value.qualifier {
            case .equal: ok = abs(total - target) <= allowed * (1 + 1e-12)
            case .atLeast, .greater: ok = total >= target - allowed
            case .atMost, .less: ok = total <= target + allowed
            }
            let relation: String
            if t.value.qualifier != .equal {
                relation = (ok ? "meets " : "fails ") + t.value.display
            } else {
                relation = (ok ? (NumberText.fixed(total, d) == NumberText.fixed(target, d) ? "= " : "≈ ") : "≠ ") + t.value.display
            }
            let rel = target != 0 ? ", \(NumberText.signed(100 * (total - target) / target, 2)) %" : ""
            let text = "\(py.literal) × \(n) years (\(start)–\(t.year)) = \(NumberText.fixed(total, d)) \(relation) \(symbol(i)) (\(NumberText.signed(total - target, d))\(rel))"
            return IndicatorCheck(kind: .perYear, status: ok ? .pass : .fail, arithmetic: text)
        }
    }

    // MARK: shares

    /// A percentage outside 0…100 (a bound ≤ or < excepted above 100): fail. Nil when every value is in range.
    static func percentRange(_ i: Indicator) -> IndicatorCheck? {
        guard i.claimUnit == .percent else { return nil }
        var values = i.targets
        if let b = i.baseline { values.insert(b, at: 0) }
        let bad = values.filter { p in
            guard let v = p.value.value else { return false }
            if v < 0 { return true }
            return v > 100 && p.value.qualifier != .atMost && p.value.qualifier != .less
        }
        guard !bad.isEmpty else { return nil }
        return IndicatorCheck(kind: .feasibility, status: .fail,
                              arithmetic: bad.map { "\($0.value.display) % (\($0.year))" }.joined(separator: ", ") + ": a share lies within 0–100 %")
    }
}
