import Foundation
import Testing
@testable import EcoZone

/// `pattern --check`'s rules on the hand-built pattern of `PatternConstructionTests`: the label
/// 五屏两带 declares 5 barriers and 2 belts where 4 and 1 are drawn, the belts list 河二 that is not
/// drawn, and at a 600 m link distance 丁 (80 km away) alone is cut off from the belt.
struct PatternChecksTests {
    @Test func everyRuleIsEvaluatedOnTheReport() throws {
        let checks = PatternChecks(try PatternConstructionTests.run(["link-distance: 600"]))
        #expect(!checks.passed)
        #expect(checks.findings.map(\.rule) == [.declaredCount, .declaredCount, .listedNames, .barrierCutOff])
        #expect(checks.findings.map(\.text) == ["五屏: 5 declared, 4 found", "两带: 2 declared, 1 found",
                                                "belts absent from the data: 河二", "barriers cut off from the belts: 丁"])
        #expect(checks.failureMessage == "pattern check failed: " + checks.findings.map(\.text).joined(separator: "; "))
    }

    @Test func aPatternThatHoldsPasses() throws {
        // Declared as drawn (four barriers, one belt, no list), every barrier within 2 km of the belt.
        let r = try PatternConstructionTests.run(["link-distance: 100000"])
        var counted = r
        counted.roles = r.roles.map { var x = $0; x.status = .uncounted; x.missingNames = []; return x }
        #expect(PatternChecks(counted).passed)
        #expect(PatternChecks(counted).failureMessage == nil)
    }
}
