import Testing
@testable import EcoZone

@Suite struct NumberTextTests {
    @Test func groupsAndSigns() {
        #expect(NumberText.grouped(1_820_288.0193, decimals: 2) == "1,820,288.02")
        #expect(NumberText.grouped(-2.7119, decimals: 2, minus: "−") == "−2.71")
        #expect(NumberText.grouped(-0.0004, decimals: 2) == "0.00")   // no minus on a printed zero
        #expect(NumberText.grouped(999, decimals: 0) == "999")
        #expect(NumberText.grouped(1000, decimals: 0) == "1,000")
        #expect(NumberText.grouped(.infinity, decimals: 2) == "inf")
    }
}
