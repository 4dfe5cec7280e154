import Foundation
import Testing
@testable import EcoZone

@Suite struct StatedFigureTests {
    @Test func unitsAsPlansWriteThem() throws {
        let cases: [(String, Double, ClaimUnit)] = [
            ("1823 km2", 1823, .km2), ("1823平方千米", 1823, .km2), ("142.4平方公里", 142.4, .km2), ("254公顷", 254, .ha),
            ("254 ha", 254, .ha), ("119.42万亩", 119.42, .wanMu), ("300亩", 300, .mu), ("12 mu", 12, .mu), ("5000 m2", 5000, .m2),
            ("59公里", 59, .km), ("59 km", 59, .km), ("29.38%", 29.38, .percent), ("1,823 km2", 1823, .km2),
        ]
        for (text, value, unit) in cases {
            let f = try StatedFigure.parse(text, defaultUnit: nil).get()
            #expect(f.value == value && f.unit == unit, "\(text)")
        }
    }

    @Test func conversionsByHand() {
        // 1 亩 = 10000/15 m²; 1 万亩 = 10 000 亩 = 6.666… km²; 1 km² = 100 ha.
        #expect(abs(ClaimUnit.wanMu.convert(119.42, to: .km2) - 119.42 * 10_000 * 10_000 / 15 / 1e6) < 1e-9)
        #expect(ClaimUnit.ha.convert(254, to: .km2) == 2.54)
        #expect(ClaimUnit.km.convert(1.5, to: .m) == 1500)
    }

    @Test func boundsCumulativeAndLiterals() throws {
        let target = try StatedFigure.parse("≥320 ha", defaultUnit: nil).get()
        #expect(target.qualifier == .atLeast && target.value == 320 && !target.cumulative)
        let cumulative = try StatedFigure.parse("[386] ha", defaultUnit: nil).get()
        #expect(cumulative.cumulative && cumulative.value == 386 && cumulative.display == "[386] ha")
        let pct = try StatedFigure.parse("69.30", defaultUnit: .percent).get()
        #expect(pct.literal == "69.30" && pct.decimals == 2 && abs(pct.roundingHalfWidth - 0.005) < 1e-15)
        #expect(try StatedFigure.parse("≤ 5 %", defaultUnit: nil).get().qualifier == .atMost)
    }

    @Test func unknownOrMissingUnitsAreRejected() {
        guard case .failure(let e) = StatedFigure.parse("12 acres", defaultUnit: nil) else { Issue.record("accepted acres"); return }
        #expect(e.message.contains("unknown unit 'acres'"))
        guard case .failure = StatedFigure.parse("1823", defaultUnit: nil) else { Issue.record("accepted no unit"); return }
    }

    @Test func tolerances() throws {
        let rel = try Tolerance.parse("1%").get()
        #expect(rel.mode == .relative && Swift.abs(rel.allowance(stated: 13.04, unit: .percent)! - 0.1304) < 1e-12)
        let pt = try Tolerance.parse("0.05 pt").get()
        #expect(pt.allowance(stated: 13.04, unit: .percent) == 0.05)
        #expect(pt.allowance(stated: 100, unit: .km2) == nil)
        let abs = try Tolerance.parse("0.05 km2").get()
        #expect(Swift.abs(abs.allowance(stated: 254, unit: .ha)! - 5) < 1e-12)
        #expect(try Tolerance.parse("0").get().allowance(stated: 3, unit: .count) == 0)
        guard case .failure = Tolerance.parse("lots") else { Issue.record("accepted 'lots'"); return }
    }
}
