import Testing
@testable import EcoZone

/// Label parsing: the counts are read off the label by hand.
struct PatternLabelTests {
    @Test func bananLabel() {
        let p = PatternLabel.parse("八屏八带多廊多点")
        #expect(p["屏"] == DeclaredCount(text: "八屏", count: 8))
        #expect(p["带"] == DeclaredCount(text: "八带", count: 8))
        #expect(p["廊"] == DeclaredCount(text: "多廊", count: nil))
        #expect(p["点"] == DeclaredCount(text: "多点", count: nil))
    }

    @Test func numeralsAndPartialLabels() {
        let p = PatternLabel.parse("一屏两带十二廊")
        #expect(p["屏"]?.count == 1)
        #expect(p["带"]?.count == 2)
        #expect(p["廊"]?.count == 12)
        #expect(p["点"] == nil)
        #expect(PatternLabel.parse("三屏、五带、多点")["带"]?.count == 5)
        #expect(PatternLabel.parse("3屏4带")["带"]?.count == 4)
        #expect(PatternLabel.number("十") == 10)
        #expect(PatternLabel.number("二十一") == 21)
        #expect(PatternLabel.number("九十九") == 99)
        #expect(PatternLabel.number("七") == 7)
        #expect(PatternLabel.number("多") == nil)
        #expect(PatternLabel.number("若干") == nil)
        #expect(PatternLabel.number("") == nil)
        #expect(PatternLabel.number("十十") == nil)
    }
}
