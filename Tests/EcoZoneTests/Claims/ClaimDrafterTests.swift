import Foundation
import Testing
@testable import EcoZone

/// `claims draft` on a realistic plan text (Fixtures/claims/banan_plan.txt): every figure, in order, read by hand.
@Suite struct ClaimDrafterTests {
    static var plan: String { try! String(contentsOf: TestPaths.fixture("claims/banan_plan.txt"), encoding: .utf8) }

    /// id, figure as the claims file writes it, ratio or sum partners — written by reading the text.
    static let expected: [(String, String, [String]?, [String]?)] = [
        ("area-1", "1823 km2", nil, nil), ("count-1", "8", nil, nil), ("count-2", "15", nil, nil), ("count-3", "23", nil, nil),
        ("length-1", "59 km", nil, nil),
        ("area-2", "890.50 km2", nil, nil), ("percent-1", "48.84", ["area-2", "area-1"], nil),
        ("area-3", "119.42 万亩", nil, nil),
        ("area-4", "436.66 km2", nil, nil), ("area-5", "65.50 万亩", nil, nil), ("area-6", "301.09 km2", nil, nil),
        ("area-7", "142.4 km2", nil, nil), ("percent-2", "7.81", ["area-7", "area-1"], nil),
        ("area-8", "184.6 km2", nil, nil), ("area-9", "42.2 km2", nil, nil),
        ("count-4", "6", nil, nil), ("count-5", "1", nil, nil), ("count-6", "3", nil, nil), ("count-7", "2", nil, nil),
        ("area-10", "535.52 km2", nil, nil), ("percent-3", "29.38", ["area-10", "area-1"], nil),
        ("area-11", "69.30 km2", nil, nil), ("percent-4", "13.04", ["area-11", "area-10"], nil),
        ("area-12", "103.22 km2", nil, nil), ("area-13", "254 ha", nil, nil), ("length-2", "1000 m", nil, nil),
        // 第三章: targets in running text ("不低于", "以上"); no pairing of 森林覆盖率 with the red line's area.
        ("area-14", "≥142.4 km2", nil, nil), ("percent-5", "≥50", nil, nil), ("percent-6", "≥72.5", nil, nil),
        ("percent-7", "52", nil, nil),
        // 表3-1 (an indicator table: target years and 指标属性) becomes indicators, not claims (test below).
        // 表4-1: each zone's area and its share of the district; 合计 as a sum.
        ("area-15", "127.45 km2", nil, nil), ("percent-8", "6.99", ["area-15", "area-1"], nil),
        ("area-16", "131.6 km2", nil, nil), ("percent-9", "7.22", ["area-16", "area-1"], nil),
        ("area-17", "206.07 km2", nil, nil), ("percent-10", "11.30", ["area-17", "area-1"], nil),
        ("area-18", "109.25 km2", nil, nil), ("percent-11", "5.99", ["area-18", "area-1"], nil),
        ("area-19", "1157.24 km2", nil, nil), ("percent-12", "63.48", ["area-19", "area-1"], nil),
        ("area-20", "1731.61 km2", nil, ["area-15", "area-16", "area-17", "area-18", "area-19"]),
        ("percent-13", "94.99", ["area-20", "area-1"], nil),
        // 第五章.
        ("count-8", "8", nil, nil), ("area-21", "254 ha", nil, nil), ("length-3", "32 km", nil, nil), ("area-22", "≥120 km2", nil, nil),
    ]

    @Test func findsEveryFigureOfThePlan() {
        let drafted = ClaimDrafter.draft(Self.plan)
        let got = drafted.map { "\($0.id) \($0.figure) \($0.ratio ?? []) \($0.sum ?? [])" }
        let want = Self.expected.map { "\($0.0) \($0.1) \($0.2 ?? []) \($0.3 ?? [])" }
        #expect(got == want)
    }

    @Test func keepsTheSentenceAndTheKind() {
        let drafted = Dictionary(uniqueKeysWithValues: ClaimDrafter.draft(Self.plan).map { ($0.id, $0) })
        #expect(drafted["percent-4"]!.text == "其中强烈及以上侵蚀面积69.30平方千米，占水土流失面积的13.04%。")
        #expect(drafted["area-10"]!.text == "全区水土流失总面积535.52平方千米，占全区面积的29.38%；")
        #expect(drafted["area-20"]!.text == "表4-1 生态修复分区：合计，面积（平方千米） 1731.61")
        #expect(drafted["area-3"]!.unit == "万亩" && drafted["area-3"]!.kind == "area")
        #expect(drafted["length-1"]!.kind == "length" && drafted["count-8"]!.kind == "count" && drafted["percent-5"]!.qualifier == "≥")
    }

    /// 表3-1, read by hand: 序号, 指标名称, 单位, 2020年基期值, 2025年目标值, 2035年目标值, 指标属性; "—" is no baseline.
    @Test func indicatorTableBecomesIndicators() {
        let d = ClaimDrafter.document(Self.plan).indicators
        let got = d.map { i in
            "\(i.id) \(i.name) \(i.unit) \(i.baseline.map { "\($0.year):\($0.value)" } ?? "-") \(i.targets.map { "\($0.year):\($0.value)" }.joined(separator: ",")) \(i.attribute ?? "") \(i.cumulative)"
        }
        #expect(got == [
            "indicator-1 生态保护红线面积 平方千米 2020:142.4 2025:≥142.4,2035:≥142.4 约束性 false",
            "indicator-2 森林覆盖率 % 2020:48.84 2025:≥50,2035:≥52 约束性 false",
            "indicator-3 新增造林面积 公顷 - 2025:≥320,2035:[386] 预期性 true",
            "indicator-4 历史遗留矿山生态修复面积 公顷 - 2025:[120],2035:[261] 预期性 true",
            "indicator-5 水土保持率 % 2020:70.62 2025:≥72.5,2035:≥75 预期性 false",
            "indicator-6 河流生态修复长度 公里 - 2025:[45],2035:[120] 预期性 true",
        ])
        // The text states no rule (不低于 is a bound, not a rule).
        #expect(d.allSatisfy { $0.rules.isEmpty })
        #expect(d[0].text == "表3-1 规划主要指标：生态保护红线面积")
    }

    @Test func draftValidatesOnceLayersAreNamed() throws {
        var yaml = ClaimDrafter.yaml(ClaimDrafter.draft(Self.plan), source: "banan_plan.txt")
        // The reviewer names the district boundary for the total.
        yaml = yaml.replacingOccurrences(of: "  - id: area-1\n    text: \"全区辖区幅员面积1823平方千米，辖8个街道、15个镇，共23个镇街。\"\n    layer:            # the layer's role in the project",
                                         with: "  - id: area-1\n    text: \"全区辖区幅员面积1823平方千米，辖8个街道、15个镇，共23个镇街。\"\n    layer: boundary")
        let report = try ClaimsHarness.validate(yaml)
        #expect(report["area-1"].status == .pass)
        #expect(report["area-1"].layer == "boundary")
        // 69.30 / 535.52 = 12.94 %, not 13.04 %; every other ratio and the 合计 sum hold.
        #expect(report.claims.filter { $0.status == .fail }.map(\.id) == ["percent-4"])
        #expect(report.errors == 0)
        #expect(report["area-20"].status == .pass && report["percent-13"].status == .pass)
        #expect(report.claims.count == Self.expected.count)
    }

    @Test func tableCellsAndInlineLayouts() {
        let text = """
        全区面积为100平方公里。湿地面积12.5平方公里，占比12.5%。

        表1 指标
        序号
        指标
        单位
        目标值
        1
        造林面积
        万亩
        ≥1.2
        2
        治理面积
        hm2
        [30]

        增加2个百分点。
        """
        let d = ClaimDrafter.draft(text)
        #expect(d.map(\.figure) == ["100 km2", "12.5 km2", "12.5", "≥1.2 万亩", "[30] ha"])
        #expect(d[2].ratio == ["area-2", "area-1"])
    }
}
