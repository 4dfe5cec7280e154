import Foundation
import Testing
@testable import EcoZone

/// The report's indicator table: a row per indicator with a status badge and a progress bar, its checks
/// with their arithmetic under it, everything escaped.
@Suite struct IndicatorTableHTMLTests {
    static func result(_ id: String, status: IndicatorResult.Status, binding: Bool, progress: IndicatorProgress?,
                       checks: [IndicatorCheck]) -> IndicatorResult {
        IndicatorResult(id: id, name: "生态保护红线面积 <a>", unit: "平方千米", attribute: binding ? "binding" : "expected",
                        attributeText: binding ? "约束性" : "预期性", baselineYear: 2020, baseline: "184.6",
                        targets: [.init(year: 2025, value: "142.4"), .init(year: 2035, value: "≥142.4")], cumulative: false,
                        status: status, checks: checks, progress: progress, text: nil)
    }

    static let rows = [
        result("red", status: .fail, binding: true,
               progress: IndicatorProgress(year: 2023, measured: 262.45, targetYear: 2025, target: 100, share: 0.9055667930700754,
                                           timeShare: 0.6, met: false),
               checks: [IndicatorCheck(kind: .rule, status: .fail, arithmetic: "184.6 (2020) → 142.4 (2025): −42.2 km² & more"),
                        IndicatorCheck(kind: .sense, status: .warning, arithmetic: "shrinks")]),
        result("grow", status: .warning, binding: false,
               progress: IndicatorProgress(year: 2023, measured: 1820.29, targetYear: 2025, target: 5000, share: 0.3288, timeShare: 0.6, met: false),
               checks: [IndicatorCheck(kind: .progress, status: .warning, arithmetic: "behind")]),
        result("none", status: .unchecked, binding: false, progress: nil, checks: []),
    ]

    @Test func rowsBadgesChecksAndBars() {
        let html = IndicatorTableHTML.render(Self.rows, caption: "规划指标 <表>", number: 3, text: ReportText(.en))
        #expect(html.contains("<span class=\"fig-num\">Table 3</span>规划指标 &lt;表&gt;"))
        #expect(html.contains("<tr class=\"status-fail\"><td class=\"ind-name\">生态保护红线面积 &lt;a&gt;<div class=\"ind-id\">red</div></td><td class=\"ind-binding\">约束性</td>"))
        #expect(html.contains("<td class=\"num\">142.4 (2025)<br>≥142.4 (2035)</td><td><span class=\"badge badge-fail\">fail</span></td>"))
        // 0.90557 of the way: the bar filled to 90.6 %, the tick at 60 % of the time.
        #expect(html.contains("<div class=\"ind-bar\" role=\"img\" aria-label=\"91 % of the way (2023)\""))
        #expect(html.contains("<span style=\"width:90.6%\"></span><i style=\"left:60.0%\"></i>"))
        // 0.3288 of the way after 60 % of the time: behind, orange.
        #expect(html.contains("<div class=\"ind-bar behind\"") && html.contains("<span style=\"width:32.9%\"></span>"))
        #expect(html.contains("<li><span class=\"badge badge-fail\">fail</span><span class=\"kind\">rule</span>184.6 (2020) → 142.4 (2025): −42.2 km² &amp; more</li>"))
        #expect(html.contains("<span class=\"badge badge-warning\">warning</span><span class=\"kind\">sense</span>shrinks"))
        // No progress: a dash; no checks: no checks row; unchecked reads "stated only", as in the claims table.
        #expect(html.contains("<span class=\"badge badge-unchecked\">stated only</span></td><td><span class=\"ind-bar-label\">—</span></td></tr>"))
        #expect(html.components(separatedBy: "class=\"ind-checks").count - 1 == 2)
    }

    @Test func inChineseEveryWordOfTheTableIsChinese() {
        let html = IndicatorTableHTML.render(Self.rows, caption: "规划指标", number: 3, text: ReportText(.zh))
        #expect(html.contains("<span class=\"fig-num\">表 3</span>规划指标"))
        #expect(html.contains("<th scope=\"col\">指标</th><th scope=\"col\">属性</th>"))
        #expect(html.contains("<span class=\"badge badge-fail\">未通过</span>"))
        #expect(html.contains("aria-label=\"已完成 91%（2023 年）\""))
        #expect(html.contains("<span class=\"kind\">规则</span>") && html.contains("<span class=\"kind\">方向</span>"))
        #expect(!html.contains(">fail<") && !html.contains("of the way") && !html.contains(">stated<"))
    }

    @Test func aBlockOfTheDocumentWithItsStyle() {
        let doc = ReportDocument(title: "t", subtitle: "", generated: "", sections: [
            ReportSection(title: "Indicators", blocks: [.table(ReportTable(caption: "a", headers: ["x"], rows: [["1"]])),
                                                        .indicators(caption: "规划指标", rows: Self.rows)]),
        ])
        let html = HTMLReport.render(doc)
        // Numbered after the table before it; its CSS in the page's one style sheet; still no script.
        #expect(html.contains("<span class=\"fig-num\">表 2</span>规划指标"))
        #expect(html.contains(".ind-bar{") && html.contains(".badge-warning{") && !html.contains("<script"))
        // Bars never leave 0…100 % whatever the share.
        #expect(IndicatorTableHTML.percentWidth(1.8) == "100.0" && IndicatorTableHTML.percentWidth(-0.5) == "0.0" && IndicatorTableHTML.percentWidth(.nan) == "0.0")
    }
}
