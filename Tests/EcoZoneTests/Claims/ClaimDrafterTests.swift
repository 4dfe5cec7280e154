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
        // 表3-1, one cell per line; "—" cells skipped.
        ("area-15", "142.4 km2", nil, nil), ("area-16", "≥142.4 km2", nil, nil), ("area-17", "≥142.4 km2", nil, nil),
        ("percent-8", "48.84", nil, nil), ("percent-9", "≥50", nil, nil), ("percent-10", "≥52", nil, nil),
        ("area-18", "≥320 ha", nil, nil), ("area-19", "[386] ha", nil, nil),
        ("area-20", "[120] ha", nil, nil), ("area-21", "[261] ha", nil, nil),
        ("percent-11", "70.62", nil, nil), ("percent-12", "≥72.5", nil, nil), ("percent-13", "≥75", nil, nil),
        ("length-3", "[45] km", nil, nil), ("length-4", "[120] km", nil, nil),
        // 表4-1: each zone's area and its share of the district; 合计 as a sum.
        ("area-22", "127.45 km2", nil, nil), ("percent-14", "6.99", ["area-22", "area-1"], nil),
        ("area-23", "131.6 km2", nil, nil), ("percent-15", "7.22", ["area-23", "area-1"], nil),
        ("area-24", "206.07 km2", nil, nil), ("percent-16", "11.30", ["area-24", "area-1"], nil),
        ("area-25", "109.25 km2", nil, nil), ("percent-17", "5.99", ["area-25", "area-1"], nil),
        ("area-26", "1157.24 km2", nil, nil), ("percent-18", "63.48", ["area-26", "area-1"], nil),
        ("area-27", "1731.61 km2", nil, ["area-22", "area-23", "area-24", "area-25", "area-26"]),
        ("percent-19", "94.99", ["area-27", "area-1"], nil),
        // 第五章.
        ("count-8", "8", nil, nil), ("area-28", "254 ha", nil, nil), ("length-5", "32 km", nil, nil), ("area-29", "≥120 km2", nil, nil),
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
        #expect(drafted["area-21"]!.text == "表3-1 规划主要指标：历史遗留矿山生态修复面积，2035年目标值 [261] 公顷")
        #expect(drafted["area-21"]!.cumulative == true && drafted["area-21"]!.value == 261 && drafted["area-21"]!.unit == "ha")
        #expect(drafted["area-3"]!.unit == "万亩" && drafted["area-3"]!.kind == "area")
        #expect(drafted["length-1"]!.kind == "length" && drafted["count-8"]!.kind == "count" && drafted["percent-5"]!.qualifier == "≥")
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
        #expect(report["area-27"].status == .pass && report["percent-19"].status == .pass)
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
