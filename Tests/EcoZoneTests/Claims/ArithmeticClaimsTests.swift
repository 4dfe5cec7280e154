import Foundation
import Testing
@testable import EcoZone

/// Sums, differences and ratios between stated figures; every expected number is worked out by hand.
@Suite struct ArithmeticClaimsTests {
    static let zones = """
    tolerance: 1%
    claims:
      - { id: total, text: 幅员面积1823平方千米, area: 1823 km2 }
      - { id: zone-1, area: 127.45 km2 }
      - { id: zone-2, area: 131.6 km2 }
      - { id: zone-3, area: 206.07 km2 }
      - { id: zone-4, area: 109.25 km2 }
      - { id: zone-5, area: 1157.24 km2 }
      - id: zones-cover-district
        sum: [zone-1, zone-2, zone-3, zone-4, zone-5]
        equals: total
      - { id: erosion, area: 535.52 km2 }
      - { id: erosion-strong, area: 69.30 km2 }
      - id: strong-share
        ratio: [erosion-strong, erosion]
        percent: 13.04
      - id: strong-share-loose
        ratio: [erosion-strong, erosion]
        percent: 13.04
        tolerance: 0.15 pt
      - id: strong-share-1pct
        ratio: [erosion-strong, erosion]
        percent: 13.04
        tolerance: 1%
      - { id: rl-2020, area: 184.6 km2 }
      - { id: rl-2023, area: 142.4 km2 }
      - { id: rl-cut, difference: [rl-2020, rl-2023], equals: 42.2 km2 }
      - { id: planted-2025, area: 200 ha }
      - { id: planted-2026, area: 130 ha }
      - { id: planted-small, area: 100 ha }
      - { id: target, sum: [planted-2025, planted-2026], equals: "≥320 ha" }
      - { id: target-missed, sum: [planted-2025, planted-small], equals: "≥320 ha" }
      - { id: cumulative, area: "[386] ha" }
      - { id: mine, area: 254 ha }
      - { id: mixed, sum: [mine, zone-1], equals: 129.99 km2 }
    """

    @Test func zoneSumFailsWithTheArithmeticWrittenOut() throws {
        let r = try ClaimsHarness.validate(Self.zones)["zones-cover-district"]
        // 127.45 + 131.6 + 206.07 + 109.25 + 1157.24 = 1731.61; 1731.61 − 1823 = −91.39; −91.39 / 1823 = −5.013 %.
        #expect(r.status == .fail)
        #expect(abs(r.computed! - 1731.61) < 1e-9)
        #expect(abs(r.difference! - -91.39) < 1e-9)
        #expect(abs(r.relative! - -91.39 / 1823) < 1e-12)
        #expect(r.arithmetic == "127.45 + 131.6 + 206.07 + 109.25 + 1157.24 = 1731.61 ≠ 1823 (−91.39, −5.01 %)")
        #expect(r.unit == "km2" && r.stated == 1823)
    }

    @Test func erosionShareFailsAtATightToleranceAndPassesAtALooseOne() throws {
        let report = try ClaimsHarness.validate(Self.zones)
        // 69.30 / 535.52 = 0.129407… → 12.94 %; 12.9407 − 13.04 = −0.0993 points.
        let r = report["strong-share"]
        #expect(r.status == .fail)
        #expect(abs(r.computed! - 6930.0 / 535.52) < 1e-9)
        #expect(r.allowed! < 0.1)
        #expect(r.arithmetic == "69.30 / 535.52 = 12.94 % ≠ 13.04 % (−0.10 pt, −0.76 %)")
        #expect(report["strong-share-loose"].status == .pass)   // 0.15 pt > 0.0993
        #expect(report["strong-share-1pct"].status == .pass)    // 1 % of 13.04 = 0.1304 pt > 0.0993
    }

    @Test func differencesTargetsCumulativeAndMixedUnits() throws {
        let report = try ClaimsHarness.validate(Self.zones)
        let cut = report["rl-cut"]   // 184.6 − 142.4 = 42.2
        #expect(cut.status == .pass && abs(cut.computed! - 42.2) < 1e-9)
        #expect(cut.arithmetic == "184.6 − 142.4 = 42.2 = 42.2 (+0.0, +0.00 %)")
        #expect(report["target"].status == .pass)          // 200 + 130 = 330 ≥ 320
        #expect(report["target-missed"].status == .fail)   // 200 + 100 = 300 < 320
        #expect(report["target-missed"].statedText == "≥320 ha")
        let c = report["cumulative"]
        #expect(c.status == .unchecked && c.statedText == "[386] ha" && c.stated == 386)
        let mixed = report["mixed"]                         // 2.54 km² + 127.45 km² = 129.99 km²
        #expect(mixed.status == .pass && abs(mixed.computed! - 129.99) < 1e-9)
        #expect(report.failed == 3 && report.errors == 0)   // zones-cover-district, strong-share, target-missed
    }

    /// A sum of counts written with decimals (亿元 in a claims file as `count:`) is shown as written:
    /// 9.7639 + 18.1156 = 27.8795, not 28; whole counts stay whole; a measure keeps at least 2 decimals.
    @Test func figuresAreShownWithTheDecimalsThePlanWrote() throws {
        let report = try ClaimsHarness.validate("""
        claims:
          - { id: near, count: 9.7639 }
          - { id: far, count: 18.1156 }
          - { id: total, count: 27.8795 }
          - { id: investment, sum: [near, far], equals: total }
          - { id: sites, count: 12 }
          - { id: more-sites, count: 3 }
          - { id: all-sites, count: 15 }
          - { id: site-sum, sum: [sites, more-sites], equals: all-sites }
          - { id: a, area: 131.6 km2 }
          - { id: b, area: 2.4 km2 }
          - { id: ab, area: 134 km2 }
          - { id: area-sum, sum: [a, b], equals: ab }
        """)
        #expect(report["investment"].status == .pass && report["investment"].displayDecimals == 4)
        #expect(NumberText.fixed(report["investment"].computed!, report["investment"].displayDecimals) == "27.8795")
        #expect(report["site-sum"].displayDecimals == 0)
        #expect(report["area-sum"].displayDecimals == 2)
    }

    @Test func badInputNamesTheFileAndTheClaim() throws {
        let bad: [(String, String)] = [
            ("claims:\n  - { id: a, layer: nowhere, area: 1 km2 }", "claim 'a' (line 2): the project"),
            ("claims:\n  - { id: a, area: 12 acres }", "claim 'a' (line 2): unknown unit 'acres'"),
            ("claims:\n  - { id: a, sum: [b, c], equals: 3 km2 }", "claim 'a' (line 2): names no claim 'b'"),
            ("claims:\n  - { id: a, area: 1 km2 }\n  - { id: a, area: 2 km2 }", "the id is used twice"),
            ("claims: [ { id: a, area: 1 km2 ", "not valid YAML"),
            ("claims:\n  - { id: a, area: 1 km2, tolerance: 0.1 pt, layer: boundary }", "does not apply to a area"),
            ("claims:\n  - { id: a, area: 1 km2, layer: boundary, version: 1999 }", "claim 'a' (line 2): no version '1999'"),
        ]
        for (claims, expected) in bad {
            do {
                _ = try ClaimsHarness.validate(claims)
                Issue.record("accepted: \(claims)")
            } catch {
                let text = String(describing: error)
                #expect(text.contains("claims.yaml") && text.contains(expected), "\(text)")
            }
        }
    }
}
