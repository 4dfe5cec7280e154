import Testing
@testable import EcoZone

/// Grades in their order: SL 190-2007's erosion intensity, the rocky desertification grades, or a
/// project's own; values of no class after the known ones, and named in a warning.
@Suite struct ClassOrderTests {
    @Test func erosionByIntensityNotByText() {
        // Text (code point) order would be 中度 剧烈 强烈 极强烈 轻度.
        #expect(["中度", "剧烈", "强烈", "极强烈", "轻度"].sorted() == ["中度", "剧烈", "强烈", "极强烈", "轻度"])
        let (ordered, unknown) = ClassOrder.soilErosion.arrange(["中度", "剧烈", "强烈", "极强烈", "轻度", "中度"])
        #expect(ordered == ["轻度", "中度", "强烈", "极强烈", "剧烈"] && unknown.isEmpty)
        #expect(ClassOrder.rockyDesertification.arrange(["重度", "潜在", "极重度", "中度", "轻度"]).ordered == ["潜在", "轻度", "中度", "重度", "极重度"])
    }

    @Test func gradesWithTheirNoun() {
        let o = ClassOrder.soilErosion
        #expect(o.rank(of: "极强烈侵蚀") == 4 && o.rank(of: "强烈侵蚀") == 3 && o.rank(of: "轻度水土流失") == 1)
        #expect(o.rank(of: "中度以上") == nil && o.rank(of: "") == nil)
        #expect(ClassOrder.rockyDesertification.rank(of: "非石漠化") == 0 && ClassOrder.rockyDesertification.rank(of: "潜在石漠化") == 1)
    }

    @Test func unknownValuesComeLastAndAreWarnedAbout() {
        let o = ClassOrder.soilErosion
        let (ordered, unknown) = o.arrange(["轻度", "未知", "(outside)", "中度", "Ⅰ级"])
        // "Ⅰ级" (U+2160) before "未知" (U+672A) in text order; "(outside)" after everything.
        #expect(ordered == ["轻度", "中度", "Ⅰ级", "未知", "(outside)"] && unknown == ["Ⅰ级", "未知"])
        let w = o.warning(layer: "soil-erosion", field: "GRADE", unknown: unknown) ?? ""
        #expect(w.contains("'Ⅰ级', '未知'") && w.contains("soil-erosion") && w.contains("order: [微度, 轻度, 中度, 强烈, 极强烈, 剧烈]"))
        #expect(o.warning(layer: "x", field: "GRADE", unknown: []) == nil)
    }

    @Test func aProjectOrderAndItsRamp() {
        let own = ClassOrder(classes: ["Ⅰ级", "Ⅱ级", "Ⅲ级"])
        let style = own.style(.soilErosion, ramp: ClassOrder.erosionRamp, values: ["Ⅲ级", "Ⅰ级", "其他", "Ⅱ级"])
        #expect(style.categoryOrder == ["Ⅰ级", "Ⅱ级", "Ⅲ级", "其他"])
        // Three classes on the six-colour ramp: the first and last take its ends, the middle one halfway
        // between #fec44f (254,196,79) and #fe9929 (254,153,41): (254, 174.5 → 175, 60) = #feaf3c.
        #expect(style.categoryColours["Ⅰ级"] == "#fff7bc" && style.categoryColours["Ⅲ级"] == "#993404")
        #expect(style.categoryColours["Ⅱ级"] == "#feaf3c" && style.categoryColours["其他"] == nil)
        // The national order on its own ramp gives each grade its ramp colour.
        #expect(ClassOrder.colour(rank: 2, of: 6, on: ClassOrder.erosionRamp) == "#fec44f")
    }

    @Test func aDimensionKeysTheOrderedField() {
        let f = OrderedField(layer: "soil-erosion", field: "GRADE", role: .grade, order: .soilErosion)
        #expect(f.keys(dimension: "soil-erosion:grade") && f.keys(dimension: "soil-erosion:GRADE"))
        #expect(!f.keys(dimension: "soil-erosion") && !f.keys(dimension: "towns:grade") && !f.keys(dimension: "soil-erosion:name"))
    }
}
