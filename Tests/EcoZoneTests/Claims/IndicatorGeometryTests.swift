import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Indicators against the geometry: the baseline on the layer dated the baseline year, a target against
/// measured land, and progress on a later layer. The layers are real district boundaries, whose
/// ellipsoidal areas come from pyproj (`reference/chongqing_districts_pyproj_grs80.json`): 巴南区
/// 1820.288019 km², 南岸区 262.452502 km², 渝中区 22.864830 km².
@Suite struct IndicatorGeometryTests {
    static let d = ClaimsHarness.districts

    /// `land` is 巴南区 in 2020 and 南岸区 in 2023; `grow` the other way round; `undated` is 渝中区.
    static let project = """
    name: test
    layers:
      boundary: { source: \(d), where: "district_name = '巴南区'" }
      land:
        - { source: \(d), where: "district_name = '巴南区'", year: 2020 }
        - { source: \(d), where: "district_name = '南岸区'", year: 2023 }
      grow:
        - { source: \(d), where: "district_name = '南岸区'", year: 2020 }
        - { source: \(d), where: "district_name = '巴南区'", year: 2023 }
      undated: { source: \(d), where: "district_name = '渝中区'" }
    """

    static func validate(_ indicators: String, claims: String = "[]") throws -> ValidationReport {
        try ClaimsHarness.validate("period: 2021-2035\nclaims: \(claims)\nindicators:\n" + indicators, project: project)
    }

    static func check(_ r: IndicatorResult, _ kind: IndicatorCheck.Kind) -> IndicatorCheck? { r.checks.first { $0.kind == kind } }

    @Test func baselineAndProgressOnDatedLayers() throws {
        let report = try Self.validate("""
          - id: shrink
            name: 测试用地面积
            unit: km2
            attribute: 约束性
            baseline: { year: 2020, value: 1820.29 }
            targets: [{ year: 2025, value: 100 }, { year: 2035, value: 50 }]
            measured-by: { layer: land }
          - id: grow
            name: 测试用地面积
            unit: km2
            attribute: 预期性
            baseline: { year: 2020, value: 262.45 }
            targets: [{ year: 2025, value: 5000 }]
            measured-by: { layer: grow }
          - id: wrong-base
            name: 测试用地面积
            unit: km2
            attribute: 约束性
            baseline: { year: 2020, value: 1900 }
            targets: [{ year: 2025, value: 1900 }]
            measured-by: { layer: land }
        """)
        let shrink = report.indicators[0], grow = report.indicators[1], wrong = report.indicators[2]
        // 1820.288 measures the stated 1820.29 (−0.002); allowed 1 % of 1820.29 + 0.005 = 18.208.
        #expect(Self.check(shrink, .baseline)?.status == .pass)
        #expect(Self.check(shrink, .baseline)?.arithmetic == "1820.29 km² (land-2020) = 1820.29, the baseline of 2020 (+0.00, +0.00 %; allowed ±18.208, 1%)")
        // 2023 (南岸区, 262.4525): (262.4525 − 1820.29) / (100 − 1820.29) = 0.9056 of the way; 3 of 5 years gone.
        #expect(Self.check(shrink, .progress)?.status == .pass)
        #expect(Self.check(shrink, .progress)?.arithmetic
                == "262.45 km² measured on land (2023): (262.45 − 1820.29) / (100 − 1820.29) = 90.6 % of the way from 2020 to 100 (2025), 60.0 % of the time gone: on pace")
        let p = try #require(shrink.progress)
        #expect(p.year == 2023 && p.targetYear == 2025 && p.target == 100 && !p.met && p.timeShare == 0.6)
        #expect(abs(p.measured - 262.4525015494801) < 1e-6 && abs(p.share! - 0.9055667930700754) < 1e-8)
        // 2023 (巴南区): (1820.288 − 262.45) / (5000 − 262.45) = 0.3288 of the way, 60 % of the time: behind (a warning).
        #expect(Self.check(grow, .progress)?.status == .warning)
        #expect(Self.check(grow, .progress)?.arithmetic
                == "1820.29 km² measured on grow (2023): (1820.29 − 262.45) / (5000 − 262.45) = 32.9 % of the way from 2020 to 5000 (2025), 60.0 % of the time gone: behind")
        #expect(grow.status == .warning)
        // 1820.288 − 1900 = −79.71 (−4.20 %), beyond 1 % of 1900 + 0.5 = 19.5.
        #expect(Self.check(wrong, .baseline)?.status == .fail)
        #expect(Self.check(wrong, .baseline)?.arithmetic == "1820.29 km² (land-2020) ≠ 1900, the baseline of 2020 (−79.71, −4.20 %; allowed ±19.500, 1%)")
        #expect(report.bindingFailed == 1 && report.expectedFailed == 0)
    }

    @Test func aPercentageOfAWholeAndAnUndatedLayer() throws {
        let report = try Self.validate("""
          - id: share
            name: 测试占比
            unit: "%"
            attribute: 预期性
            baseline: { year: 2020, value: 14.42 }
            targets: [{ year: 2025, value: 20 }]
            measured-by: { layer: grow, percent-of: boundary }
          - id: undated
            name: 测试用地面积
            unit: km2
            attribute: 预期性
            baseline: { year: 2020, value: 22.86 }
            targets: [{ year: 2025, value: 30 }]
            measured-by: { layer: undated }
          - id: undated-2020
            name: 测试用地面积
            unit: km2
            attribute: 预期性
            baseline: { year: 2020, value: 22.86 }
            targets: [{ year: 2025, value: 30 }]
            measured-by: { layer: undated, year: 2020 }
        """)
        // 262.4525 / 1820.288 = 14.4182 %: −0.0018 pt from 14.42 (−0.01 %); allowed 1 % of 14.42 + 0.005 = 0.149.
        #expect(Self.check(report.indicators[0], .baseline)?.arithmetic
                == "14.42 % (grow-2020 / boundary) = 14.42, the baseline of 2020 (+0.00, −0.01 %; allowed ±0.149, 1%)")
        // No version of 'undated' shows 2020: the baseline is not measured.
        #expect(Self.check(report.indicators[1], .baseline) == nil)
        // Said to show 2020: 22.8648 against 22.86 (+0.0048; allowed 0.2286 + 0.005).
        #expect(Self.check(report.indicators[2], .baseline)?.status == .pass)
        #expect(Self.check(report.indicators[2], .baseline)?.arithmetic.hasPrefix("22.86 km² (undated (2020)) = 22.86, the baseline of 2020") == true)
    }

    @Test func feasibilityAgainstMeasuredLand() throws {
        let report = try Self.validate("""
          - id: too-much
            name: 生态修复面积
            unit: km2
            attribute: 约束性
            targets: [{ year: 2025, value: "[1000]" }, { year: 2035, value: "[2000]" }]
            within: boundary
            progress: { layer: boundary, year: 2023 }
          - id: within-tolerance
            name: 生态修复面积
            unit: km2
            attribute: 约束性
            targets: [{ year: 2035, value: "[1830]" }]
            within: { layer: boundary }
        """)
        let much = report.indicators[0], near = report.indicators[1]
        // 2000 − 1820.288 = 179.71; 2000 / 1820.288 = 109.87 %; beyond 1 % of the land + 0.5.
        #expect(Self.check(much, .feasibility)?.status == .fail)
        #expect(Self.check(much, .feasibility)?.arithmetic == "[2000] km² (2035) > 1820.29 km² (boundary): 179.71 km² more than the land there is (109.87 % of it)")
        // A cumulative total starts at 0 at the period's start (2020): 1820.29 / 1000 = 182.0 % of the way, met.
        #expect(Self.check(much, .progress)?.arithmetic
                == "1820.29 km² measured on boundary (2023): (1820.29 − 0) / ([1000] − 0) = 182.0 % of the way from 2020 to [1000] (2025), 60.0 % of the time gone: target met")
        // 1830 / 1820.288 = 100.53 %: more than the land, but within its 1 % measurement tolerance (18.20) + 0.5.
        #expect(Self.check(near, .feasibility)?.status == .pass)
        #expect(Self.check(near, .feasibility)?.arithmetic == "[1830] km² (2035) ≤ 1820.29 km² (boundary): 100.53 % of it")
    }

    @Test func baselineAgainstAClaim() throws {
        let claims = "\n  - { id: rl, area: 380.1058 km2 }\n  - { id: total, layer: boundary, area: 1823 km2 }\n"
        let report = try Self.validate("""
          - id: table-red-line
            name: 生态保护红线面积
            unit: 平方千米
            attribute: 约束性
            baseline: { year: 2020, value: 380.18 }
            targets: [{ year: 2025, value: 国家下发任务 }]
            measured-by: rl
          - id: district
            name: 行政区面积
            unit: km2
            attribute: 预期性
            baseline: { year: 2020, value: 1823 }
            targets: [{ year: 2025, value: 1823 }]
            measured-by: total
        """, claims: claims)
        // 锦屏: the table's 380.18 against the text's 380.1058: −0.0742 (−0.02 %), beyond the rounding of both (0.005 + 0.00005).
        #expect(Self.check(report.indicators[0], .baseline)?.status == .fail)
        #expect(Self.check(report.indicators[0], .baseline)?.arithmetic
                == "380.1058 km² (claim rl, stated 380.1058 km²) ≠ 380.18, the baseline of 2020 (−0.0742, −0.02 %; allowed ±0.00505, 0)")
        // A measured claim: 1820.288 against 1823 (−2.71, −0.15 %), within 1 % of 1823 + 0.5 = 18.73.
        #expect(Self.check(report.indicators[1], .baseline)?.arithmetic
                == "1820.29 km² (claim total, measured) ≈ 1823, the baseline of 2020 (−2.71, −0.15 %; allowed ±18.730, 1%)")
    }

    @Test func badReferencesAreBadInput() throws {
        let base = "    name: 测试用地面积\n    unit: km2\n    attribute: 约束性\n    baseline: { year: 2020, value: 1 }\n    targets: [{ year: 2025, value: 2 }]\n"
        let cases: [(String, String)] = [
            ("    measured-by: { layer: nope }\n", "indicator 'x' (line 4): 'measured-by' names 'nope', but the project"),
            ("    progress: { layer: undated }\n", "'progress' names 'undated', which the project does not date: give the year it shows"),
            ("    progress: { layer: land-2020 }\n", "'progress' shows 2020, not after the baseline 2020"),
            ("    measured-by: { layer: land, percent-of: boundary }\n", "'measured-by.percent-of' applies to a percentage"),
        ]
        for (extra, expected) in cases {
            do {
                _ = try Self.validate("  - id: x\n" + base + extra)
                Issue.record("accepted: \(expected)")
            } catch let e as GeoKitError {
                #expect(e.kind == .input && e.message.contains(expected), "\(e.message)")
            }
        }
        do {
            _ = try Self.validate("  - id: x\n    name: 森林蓄积量\n    unit: 万立方米\n    attribute: 约束性\n    targets: [{ year: 2025, value: 2 }]\n    within: boundary\n")
            Issue.record("accepted within on 万立方米")
        } catch let e as GeoKitError {
            #expect(e.message.contains("'within' compares areas, but the unit '万立方米' is no area"), "\(e.message)")
        }
    }
}
