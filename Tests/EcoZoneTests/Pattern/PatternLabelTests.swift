import Testing
@testable import EcoZone

/// Label parsing: the counts are read off the label by hand.
struct PatternLabelTests {
    @Test func bananLabel() {
        let p = PatternLabel.parse("八屏八带多廊多点")
        #expect(p[.barriers] == DeclaredCount(text: "八屏", count: 8))
        #expect(p[.belts] == DeclaredCount(text: "八带", count: 8))
        #expect(p[.corridors] == DeclaredCount(text: "多廊", count: nil))
        #expect(p[.nodes] == DeclaredCount(text: "多点", count: nil))
    }

    @Test func numeralsAndPartialLabels() {
        let p = PatternLabel.parse("一屏两带十二廊")
        #expect(p[.barriers]?.count == 1)
        #expect(p[.belts]?.count == 2)
        #expect(p[.corridors]?.count == 12)
        #expect(p[.nodes] == nil)
        #expect(PatternLabel.parse("三屏、五带、多点")[.belts]?.count == 5)
        #expect(PatternLabel.parse("3屏4带")[.belts]?.count == 4)
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
