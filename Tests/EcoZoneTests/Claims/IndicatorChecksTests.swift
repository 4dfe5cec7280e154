import Foundation
import Testing
@testable import EcoZone

/// Every check an indicator's own figures allow, on indicator tables written for the purpose; each
/// expected status and arithmetic is worked out by hand in the comment beside it.
@Suite struct IndicatorChecksTests {
    /// Validates `indicators` (YAML items) with `claims` against the harness project; nothing here
    /// names a layer, so nothing is measured.
    static func check(_ indicators: String, claims: String = "[]", head: String = "period: 2021-2035\n") throws -> ValidationReport {
        try ClaimsHarness.validate(head + "claims: \(claims)\nindicators:\n" + indicators)
    }

    static func item(_ id: String, _ name: String, _ unit: String, baseline: String? = nil, _ targets: [(Int, String)],
                     attribute: String = "约束性", extra: String = "") -> String {
        var s = "  - id: \(id)\n    name: \(name)\n    unit: \"\(unit)\"\n    attribute: \(attribute)\n"
        if let b = baseline { s += "    baseline: { year: 2020, value: \"\(b)\" }\n" }
        s += "    targets:\n" + targets.map { "      - { year: \($0.0), value: \"\($0.1)\" }\n" }.joined()
        return s + extra
    }

    static func check(_ r: IndicatorResult, _ kind: IndicatorCheck.Kind) -> IndicatorCheck? { r.checks.first { $0.kind == kind } }

    // MARK: stated rules

    @Test func statedRules() throws {
        let report = try Self.check(
            // 184.6 → 142.4: 142.4 − 184.6 = −42.2; −42.2 / 184.6 = −22.86 %.
            Self.item("red", "生态保护红线面积", "平方千米", baseline: "184.6", [(2025, "142.4"), (2035, "142.4")],
                      extra: "    rules: [{ rule: 不减少, text: 确保生态保护红线面积不减少 }]\n")
            // 47.6 → 47.6 → 48: never below the one before.
            + Self.item("cover", "森林覆盖率", "%", baseline: "47.6", [(2025, "47.6"), (2035, "48")], extra: "    rules: [不降低]\n")
            // 535.52 → 540: +4.48; 4.48 / 535.52 = +0.84 %.
            + Self.item("erosion", "水土流失面积", "km2", baseline: "535.52", [(2025, "540")], attribute: "预期性", extra: "    rules: [不增加]\n")
            // 194.04 → 194.04 → 190: −4.04; −4.04 / 194.04 = −2.08 %.
            + Self.item("natural", "天然林地保有量", "平方千米", baseline: "194.04", [(2025, "194.04"), (2035, "190")], extra: "    rules: [保持不变]\n"))
        let red = report.indicators[0], cover = report.indicators[1], erosion = report.indicators[2], natural = report.indicators[3]
        #expect(Self.check(red, .rule)?.status == .fail)
        #expect(Self.check(red, .rule)?.arithmetic == "184.6 (2020) → 142.4 (2025): −42.2 km² (−22.86 %) decreases, against 不减少 “确保生态保护红线面积不减少”")
        #expect(Self.check(red, .sense) == nil)   // the stated rule already checks that direction
        #expect(red.status == .fail && red.isBinding)
        #expect(Self.check(cover, .rule)?.status == .pass)
        #expect(Self.check(cover, .rule)?.arithmetic == "47.6 (2020) → 47.6 (2025) → 48 (2035): never decreases, as 不降低 states")
        #expect(Self.check(erosion, .rule)?.arithmetic == "535.52 (2020) → 540 (2025): +4.48 km² (+0.84 %) increases, against 不增加")
        #expect(Self.check(natural, .rule)?.arithmetic == "194.04 (2025) → 190 (2035): −4.04 km² (−2.08 %) changes, against 保持不变")
        // One binding indicator fails (red), one binding fails (natural); erosion (expected) fails but is reported only.
        #expect(report.bindingFailed == 2 && report.expectedFailed == 1 && !report.allPass)
    }

    // MARK: sense

    @Test func senseIsAWarning() throws {
        let report = try Self.check(
            // 47.6 → 46: −1.6 pt; −1.6 / 47.6 = −3.36 %.
            Self.item("cover", "森林覆盖率", "%", baseline: "47.6", [(2025, "46")])
            // 535.52 → 540: +4.48 km², +0.84 %.
            + Self.item("erosion", "水土流失面积", "km2", baseline: "535.52", [(2025, "540")])
            // Declared: 100 → 120 grows against `sense: lower`; +20, +20.00 %.
            + Self.item("built", "城镇建设用地规模", "km2", baseline: "100", [(2025, "120")], extra: "    sense: lower\n")
            // 建设 is an amount of work: no sense, no check.
            + Self.item("work", "生态廊道建设", "km", baseline: "10", [(2025, "5")]))
        let r = report.indicators
        #expect(Self.check(r[0], .sense)?.status == .warning)
        #expect(Self.check(r[0], .sense)?.arithmetic == "47.6 (2020) → 46 (2025): −1.6 pt (−3.36 %): 森林覆盖率 shrinks (read from the name: ought to be kept or raised)")
        #expect(Self.check(r[1], .sense)?.arithmetic == "535.52 (2020) → 540 (2025): +4.48 km² (+0.84 %): 水土流失面积 grows (read from the name: ought to be kept or lowered)")
        #expect(Self.check(r[2], .sense)?.arithmetic == "100 (2020) → 120 (2025): +20 km² (+20.00 %): 城镇建设用地规模 grows (sense: lower)")
        #expect(Self.check(r[3], .sense) == nil)
        // Warnings only: binding indicators with warnings do not fail validation.
        #expect(r[0].status == .warning && report.bindingFailed == 0 && report.allPass)
    }

    // MARK: years and trend

    @Test func yearsAfterTheBaselineInOrderInsideThePeriod() throws {
        let report = try Self.check(
            Self.item("a", "生态质量指数", "分", baseline: "60", [(2020, "61"), (2035, "62"), (2030, "63")])
            + Self.item("b", "生态质量指数", "分", baseline: "60", [(2025, "61"), (2025, "62")])
            + Self.item("c", "生态质量指数", "分", baseline: "60", [(2025, "61"), (2035, "62")]))
        let r = report.indicators
        #expect(Self.check(r[0], .years)?.status == .fail)
        #expect(Self.check(r[0], .years)?.arithmetic
                == "target 2020 is not after the baseline 2020; target 2030 is listed after 2035; target 2020 lies outside the plan period 2021–2035")
        #expect(Self.check(r[1], .years)?.arithmetic == "two targets for 2025")
        #expect(Self.check(r[2], .years)?.status == .pass && Self.check(r[2], .years)?.arithmetic == "2020 (baseline) < 2025 < 2035, within 2021–2035")
    }

    @Test func trendThatReversesIsAWarning() throws {
        let report = try Self.check(
            // 60 → 65 → 62: rises, then falls.
            Self.item("ei", "生态质量指数", "分", baseline: "60", [(2025, "65"), (2035, "62")])
            + Self.item("stock", "森林蓄积量", "万立方米", baseline: "318", [(2025, "≥320"), (2035, "≥330")]))
        #expect(Self.check(report.indicators[0], .trend)?.status == .warning)
        #expect(Self.check(report.indicators[0], .trend)?.arithmetic == "60 (2020) → 65 (2025) → 62 (2035): rises, then falls (targets that change direction)")
        #expect(Self.check(report.indicators[1], .trend)?.arithmetic == "318 (2020) → ≥320 (2025) → ≥330 (2035): rises")
    }

    // MARK: cumulative and per year

    @Test func cumulativeTotals() throws {
        let report = try Self.check(
            // [300] → [200]: −100 ha, −100 / 300 = −33.33 %.
            Self.item("falls", "封育治理面积", "公顷", [(2025, "[300]"), (2035, "[200]")], attribute: "预期性")
            // BN: 131.8 restored before 2021 is no part of the totals; [261] ≤ [386].
            + Self.item("mines", "历史遗留和关闭矿山生态修复面积", "公顷", baseline: "131.8", [(2025, "[261]"), (2035, "[386]")])
            // 锦屏: a percentage in brackets. 64.64 → [64] also shrinks: −0.64 pt, −0.64 / 64.64 = −0.99 %.
            + Self.item("cover", "森林覆盖率", "%", baseline: "64.64", [(2025, "[64]"), (2035, "[64]")])
            // ≥320 beside [386] (banan_plan.txt's 新增造林面积).
            + Self.item("mixed", "新增造林面积", "公顷", [(2025, "≥320"), (2035, "[386]")], attribute: "预期性"))
        let r = report.indicators
        #expect(Self.check(r[0], .cumulative)?.status == .fail)
        #expect(Self.check(r[0], .cumulative)?.arithmetic == "[200] (2035) < [300] (2025): −100 ha (−33.33 %): a total counted from the start of the period cannot fall")
        #expect(Self.check(r[1], .cumulative)?.arithmetic == "[261] (2025) ≤ [386] (2035): the total never falls" && r[1].status == .pass)
        #expect(Self.check(r[1], .trend) == nil)   // two totals; the baseline of another quantity is left out
        let cover = r[2].checks.filter { $0.kind == .cumulative }.map(\.arithmetic)
        // Read as a level: no check of a total that never falls, one warning.
        #expect(cover == ["[64] (2025), [64] (2035) %: a percentage is a level, not a total that adds up over the years"])
        #expect(Self.check(r[2], .sense)?.arithmetic == "64.64 (2020) → [64] (2025): −0.64 pt (−0.99 %): 森林覆盖率 shrinks (read from the name: ought to be kept or raised)")
        #expect(r[2].status == .warning)
        #expect(Self.check(r[3], .cumulative)?.arithmetic == "[386] (2035) cumulative beside ≥320 (2025) not: which is meant?")
        #expect(Self.check(r[3], .cumulative)?.status == .warning)
    }

    @Test func amountPerYearAgainstTheCumulativeTargets() throws {
        let report = try Self.check(
            // 2021–2025: 5 years × 50 = 250 = [250]; 2021–2035: 15 × 50 = 750 ≠ [700] (+50, +50 / 700 = +7.14 %),
            // beyond the rounding allowed: 15 × 0.5 + 0.5 = 8.
            Self.item("pace", "封育治理面积", "公顷", [(2025, "[250]"), (2035, "[700]")], attribute: "预期性", extra: "    per-year: 50\n    period: 2021-2035\n")
            // Without a period or a baseline the years cannot be counted.
            + Self.item("nowhen", "封育治理面积", "公顷", [(2025, "[250]")], attribute: "预期性", extra: "    per-year: 50\n"),
            head: "")
        let pace = report.indicators[0].checks.filter { $0.kind == .perYear }
        #expect(pace.map(\.status) == [.pass, .fail])
        #expect(pace.map(\.arithmetic) == ["50 × 5 years (2021–2025) = 250 = [250] ha (+0, +0.00 %)",
                                           "50 × 15 years (2021–2035) = 750 ≠ [700] ha (+50, +7.14 %)"])
        #expect(Self.check(report.indicators[1], .perYear)?.status == .error)
    }

    // MARK: feasibility

    @Test func feasibilityAgainstStatedLand() throws {
        let claims = "\n  - { id: cropland, area: 12689.74 ha }\n"
        let report = try Self.check(
            // 锦屏: [19980] ha of 耕地保护与质量提升 beside 12,689.74 ha of cropland: 19980 − 12689.74 = 7290.26 ha;
            // 19980 / 12689.74 = 157.45 %.
            Self.item("arable", "耕地保护与质量提升", "公顷", [(2025, "[6660]"), (2035, "[19980]")], attribute: "预期性", extra: "    within: cropland\n")
            + Self.item("figure", "耕地保护与质量提升", "公顷", [(2025, "[6660]"), (2035, "[19980]")], attribute: "预期性", extra: "    within: 20000 ha\n")
            // A share above 100 %.
            + Self.item("share", "湿地保护率", "%", baseline: "100", [(2025, "120")]),
            claims: claims)
        let r = report.indicators
        #expect(Self.check(r[0], .feasibility)?.status == .fail)
        #expect(Self.check(r[0], .feasibility)?.arithmetic
                == "[19980] ha (2035) > 12689.74 ha (claim cropland, stated 12689.74 ha): 7290.26 ha more than the land there is (157.45 % of it)")
        // 19980 / 20000 = 99.90 %.
        #expect(Self.check(r[1], .feasibility)?.arithmetic == "[19980] ha (2035) ≤ 20000 ha (stated 20000 ha): 99.90 % of it")
        #expect(Self.check(r[2], .feasibility)?.arithmetic == "120 % (2025): a share lies within 0–100 %")
        // The expected indicator fails, reported only; the binding share fails.
        #expect(report.expectedFailed == 1 && report.bindingFailed == 1)
    }

    /// The report's JSON carries every indicator, its checks and the counts that decide the exit code.
    @Test func json() throws {
        let report = try Self.check(Self.item("cover", "森林覆盖率", "%", baseline: "47.6", [(2025, "46")], attribute: "预期性"))
        let json = try JSONSerialization.jsonObject(with: try JSONOutput.data(report)) as! [String: Any]
        let ind = (json["indicators"] as! [[String: Any]])[0]
        #expect(ind["id"] as? String == "cover" && ind["attribute"] as? String == "expected" && ind["attribute_text"] as? String == "预期性")
        #expect(ind["status"] as? String == "warning" && ind["baseline_year"] as? Int == 2020 && ind["baseline"] as? String == "47.6")
        #expect((ind["checks"] as! [[String: Any]]).contains { $0["kind"] as? String == "sense" && $0["status"] as? String == "warning" })
        #expect(json["binding_failed"] as? Int == 0 && json["expected_failed"] as? Int == 0)
    }
}
