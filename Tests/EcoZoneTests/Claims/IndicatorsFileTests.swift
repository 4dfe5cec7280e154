import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The `indicators:` section of a claims file: read into typed values, every key known, every problem
/// one sentence naming the indicator and its line.
@Suite struct IndicatorsFileTests {
    static func refusal(_ yaml: String) -> String? {
        do { _ = try ClaimsFile.parse(yaml, path: "claims.yaml"); return nil } catch let e as GeoKitError {
            #expect(e.kind == .input && e.file == "claims.yaml")
            return e.message
        } catch {
            Issue.record("not a GeoKitError: \(error)")
            return nil
        }
    }

    static let full = """
    period: 2021-2035
    claims:
      - { id: mines, area: 254 ha }
    indicators:
      - id: red
        name: 生态保护红线面积
        unit: 平方千米
        baseline: { year: 2020, value: 184.6 }
        targets:
          - { year: 2025, value: 142.4 }
          - { year: 2035, value: 142.4, qualifier: ≥ }
        attribute: 约束性
        rules:
          - 不减少
          - { rule: 不降低, text: 功能不降低 }
        measured-by: { layer: red-line, where: "KIND = 'A'" }
        progress: { layer: red-line, year: 2023 }
      - id: mine
        name: 历史遗留和关闭矿山生态修复面积
        unit: 公顷
        baseline: { year: 2020, value: 131.8 }
        targets:
          - { year: 2025, value: [261] }
          - { year: 2035, value: "【386】" }
        attribute: binding
        within: mines
        per-year: 52.2
        period: 2021-2035
      - id: water
        name: 水质达标率
        unit: "%"
        baseline: { year: 2020, value: —— }
        targets:
          - { year: 2025, value: "＞95*" }
          - { year: 2035, value: 国家下发任务 }
        attribute: 参考性
        within: 12689.74 ha
        sense: lower
        tolerance: 0
    """

    @Test func readsEveryKey() throws {
        let f = try ClaimsFile.parse(Self.full, path: "claims.yaml")
        #expect(f.indicators.map(\.id) == ["red", "mine", "water"])
        let red = f.indicators[0]
        #expect(red.name == "生态保护红线面积" && red.unit == "平方千米" && red.claimUnit == .km2 && red.isBinding && red.line == 5)
        #expect(red.baseline == IndicatorPoint(year: 2020, value: IndicatorValue(value: 184.6, literal: "184.6")))
        #expect(red.targets.map(\.year) == [2025, 2035] && red.targets[1].value.qualifier == .atLeast && red.targets[1].value.display == "≥142.4")
        #expect(red.rules.map(\.rule) == [.noDecrease, .noDecrease] && red.rules[1].text == "功能不降低" && red.rules[0].word == "不减少")
        #expect(red.measuredBy == .layer(IndicatorLayerReference(layer: "red-line", whereClause: "KIND = 'A'")))
        #expect(red.progress == IndicatorLayerReference(layer: "red-line", year: 2023))
        #expect(red.sense == .higher && !red.senseDeclared && red.period == 2021...2035 && !red.cumulative)

        let mine = f.indicators[1]
        // [261] in YAML is a list of one: read as the plan's brackets; 【386】 too.
        #expect(mine.cumulative && mine.targets.map(\.value.display) == ["[261]", "[386]"] && mine.targets.allSatisfy(\.value.cumulative))
        #expect(mine.within == .claim("mines") && mine.perYear?.value == 52.2 && mine.sense == IndicatorSense.none)

        let water = f.indicators[2]
        #expect(water.baseline == nil)                   // "——": not stated
        #expect(water.targets[0].value == IndicatorValue(value: 95, qualifier: .greater, literal: "95", mark: "*"))
        #expect(water.targets[1].value.value == nil && water.targets[1].value.display == "国家下发任务")
        #expect(water.attribute == .expected && water.attributeText == "参考性")
        #expect(water.within == .figure(StatedFigure(value: 12689.74, unit: .ha, literal: "12689.74")))
        #expect(water.sense == .lower && water.senseDeclared && water.tolerance?.text == "0" && water.claimUnit == .percent)
    }

    @Test func aFileOfIndicatorsOnly() throws {
        let f = try ClaimsFile.parse("indicators:\n  - { id: a, name: 森林覆盖率, unit: '%', attribute: 约束性, targets: [{ year: 2025, value: 50 }] }\n", path: "c.yaml")
        #expect(f.claims.isEmpty && f.indicators.count == 1)
        #expect(Self.refusal("tolerance: 1%\n")?.contains("has no 'claims' list") == true)
    }

    @Test func refusesWhatIsWrongNamingTheIndicatorAndLine() {
        let head = "claims:\n  - { id: mines, area: 254 ha }\nindicators:\n  - id: a\n    name: 森林覆盖率\n    unit: '%'\n    attribute: 约束性\n"
        let targets = "    targets: [{ year: 2025, value: 50 }]\n"
        let cases: [(String, String)] = [
            (head + targets + "    colour: red\n", "indicator 'a' (line 4): unknown key 'colour' (line 9)"),
            (head.replacingOccurrences(of: "    attribute: 约束性\n", with: "") + targets, "indicator 'a' (line 4): has no 'attribute'"),
            (head.replacingOccurrences(of: "约束性", with: "必须") + targets, "'attribute: 必须' is neither 约束性 (binding) nor 预期性"),
            (head, "indicator 'a' (line 4): has no 'targets'"),
            (head + "    targets: []\n", "'targets' is empty"),
            (head + "    targets: [{ year: 2025, value: 3a20 }]\n", "'targets.value': '3a20' is not a number"),
            (head + "    targets: [{ year: 2025, value: '[50' }]\n", "'[50' opens '[' without closing it"),
            (head + "    targets: [{ year: 2025, value: ≥50, qualifier: ≤ }]\n", "the value of 2025 says ≥ and its 'qualifier' says ≤"),
            (head + "    targets: [{ year: 25, value: 50 }]\n", "'targets' needs a 'year' (four digits)"),
            (head + "    targets: [{ year: 2025, value: 50, when: now }]\n", "unknown key 'when' in 'targets' (line 8)"),
            (head + targets + "    rules: [不好]\n", "rule '不好' (line 9) is none of 不减少"),
            (head + targets + "    period: 2035-2021\n", "'period' 2035-2021 is not two years in order"),
            (head + targets + "    measured-by: nosuchclaim\n", "'measured-by: nosuchclaim' names no claim of the file"),
            (head + targets + "    progress: { layer: red-line, colour: red }\n", "unknown key 'colour' in 'progress'"),
            (head + targets + "    sense: up\n", "'sense' must be higher, lower or none"),
            (head + targets + "    per-year: 国家下发任务\n", "'per-year' must be a number"),
            (head + targets + "  - { id: a, name: x, unit: ha, attribute: 预期性, targets: [{ year: 2025, value: 1 }] }\n",
             "indicator 'a' (line 9): the id is used twice"),
            (head.replacingOccurrences(of: "id: a", with: "id: mines") + targets, "indicator 'mines' (line 4): the id is also a claim's"),
            ("claims: []\nindicators:\n  - name: x\n", "indicator 1 (line 3) has no 'id'"),
            ("claims: []\nindicators: {a: 1}\n", "line 2: 'indicators' must be a list"),
            ("claims: []\nperiod: soon\nindicators: []\n", "line 2: 'period' must be two years"),
        ]
        for (yaml, expected) in cases {
            let m = Self.refusal(yaml)
            #expect(m?.contains(expected) == true, "\(expected): \(m ?? "accepted")")
        }
    }

    /// Indicators and their targets are bounded like claims (``Indicator/Limits``).
    @Test func limits() {
        func file(indicators: Int, targets: Int) -> String {
            let t = (0..<targets).map { "{ year: \(2021 + $0), value: 1 }" }.joined(separator: ", ")
            return "claims: []\nindicators:\n" + (0..<indicators).map { "  - { id: i\($0), name: x, unit: ha, attribute: 预期性, targets: [\(t)] }\n" }.joined()
        }
        #expect(Self.refusal(file(indicators: Indicator.Limits.indicators, targets: 1)) == nil)
        #expect(Self.refusal(file(indicators: Indicator.Limits.indicators + 1, targets: 1))?.contains("lists 2001 indicators; EcoZone checks at most 2000") == true)
        #expect(Self.refusal(file(indicators: 1, targets: Indicator.Limits.targets)) == nil)
        #expect(Self.refusal(file(indicators: 1, targets: Indicator.Limits.targets + 1))?.contains("'targets' lists 65 years; at most 64") == true)
    }

    /// Values as the plans write them, read by hand.
    @Test func valuesAsWritten() throws {
        func v(_ s: String) throws -> IndicatorValue? { try IndicatorValue.parse(s).get() }
        #expect(try v("——") == nil && v("-") == nil && v("/") == nil)
        #expect(try v("≥320") == IndicatorValue(value: 320, qualifier: .atLeast, literal: "320"))
        #expect(try v("＜28") == IndicatorValue(value: 28, qualifier: .less, literal: "28"))
        #expect(try v("1,823") == IndicatorValue(value: 1823, literal: "1823"))
        #expect(try v("50以上") == IndicatorValue(value: 50, qualifier: .atLeast, literal: "50"))
        #expect(try v("[19980]")?.display == "[19980]" && v("［83］")?.cumulative == true)
        #expect(try v("69.30")?.decimals == 2 && v("69.30")?.roundingHalfWidth == 0.005)
        #expect(try v("保持良好") == IndicatorValue(value: nil, literal: "保持良好"))
        for bad in ["约320", "3a20", "1e5", "+5", String(repeating: "9", count: 21)] {
            #expect((try? v(bad)) == nil, "\(bad)")
        }
    }

    /// The sense read from a name: effort words first, good rates, harm, then protected land and resources.
    @Test func senseFromTheName() {
        let cases: [(String, IndicatorSense)] = [
            ("生态保护红线面积", .higher), ("森林覆盖率", .higher), ("自然保护地占比", .higher), ("水土保持率", .higher),
            ("受污染耕地安全利用率", .higher), ("水土流失率", .lower), ("石漠化面积", .lower),
            ("新增岩溶地区石漠化治理面积", .none), ("历史遗留和关闭矿山生态修复面积", .none), ("生态质量指数（EI）", .none),
        ]
        for (name, sense) in cases { #expect(IndicatorSense.inferred(from: name) == sense, "\(name)") }
    }
}
