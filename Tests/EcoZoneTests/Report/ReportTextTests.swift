import Foundation
import Testing
@testable import EcoZone

/// The report's one string table: complete in both languages, the same values in both, and the
/// formatting Chinese readers expect (千分位, 平方千米, 公顷).
@Suite struct ReportTextTests {
    static func hasCJK(_ s: String) -> Bool {
        s.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
    }

    static func placeholders(_ s: String) -> Set<String> {
        let r = try! NSRegularExpression(pattern: "\\{[0-9a-z]+\\}")
        return Set(r.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { (s as NSString).substring(with: $0.range) })
    }

    @Test func everyKeyInBothLanguages() {
        for key in ReportText.Key.allCases {
            let e = ReportText.entries[key]
            #expect(e != nil, "no entry for \(key)")
            guard let e else { continue }
            #expect(!e.zh.isEmpty && !e.en.isEmpty, "\(key)")
            #expect(e.zh != e.en, "\(key): the Chinese is the English: \(e.zh)")
            #expect(!Self.hasCJK(e.en), "\(key): the English holds Chinese: \(e.en)")
            #expect(Self.placeholders(e.zh) == Self.placeholders(e.en), "\(key): \(e.zh) / \(e.en)")
        }
        #expect(ReportText.entries.count == ReportText.Key.allCases.count)
    }

    @Test func numbersUnitsAndNames() {
        let zh = ReportText(.zh), en = ReportText(.en)
        #expect(zh.km2(1820.288) == "1,820.29 平方千米" && en.km2(1820.288) == "1,820.29 km²")
        #expect(zh.ha(31_471.3) == "31,471.30 公顷" && en.ha(0.5) == "0.50 ha")
        #expect(zh.percent(0.07823) == "7.82%" && en.percent(0.07823) == "7.82 %")
        #expect(zh.number(-91.391, 2) == "−91.39")
        #expect(zh.layerName("red-line") == "生态保护红线" && zh.layerName("red-line-2020") == "生态保护红线（2020年）")
        #expect(en.layerName("red-line-2020") == "Ecological red line (2020)")
        #expect(zh.layerName("towns") == "乡镇（街道）" && zh.layerName("boundary") == "行政区" && zh.layerName("pinch_points") == "夹点")
        #expect(zh.layerName("amap-parks") == "amap-parks")   // a plan's own role keeps its key
        #expect(zh.dimension("soil-erosion:grade") == "水土流失 · 等级" && en.dimension("towns:name") == "Towns and sub-districts · name")
        #expect(zh.key("(outside)") == "（范围外）" && zh.key("轻度") == "轻度")
        #expect(zh.claimStatus("fail") == "未通过" && zh.claimStatus("unchecked") == "仅声明" && en.claimStatus("pass") == "pass")
        #expect(zh.stepName("layer soil-erosion") == "图层 水土流失" && zh.stepName("cross-tab red-line × soil-erosion:grade") == "交叉统计 生态保护红线 × 水土流失 · 等级")
        #expect(zh.unit("km2") == "平方千米" && zh.unit("ha") == "公顷" && en.unit("%") == "%")
        #expect(zh.encoding("CP936 (from .cpg)") == "CP936（据 .cpg）")
        #expect(zh.encoding("GB18030 (inferred: UTF-8, but the bytes are not valid UTF-8)") == "GB18030（推断：声明为 UTF-8，但字节不是有效 UTF-8）")
        #expect(en.encoding("CP936 (from .cpg)") == "CP936 (from .cpg)")
        #expect(zh(.figureLabel, 3) == "图 3" && en(.tableLabel, 12) == "Table 12")
        #expect(ReportLanguage(parsing: "zh-CN") == .zh && ReportLanguage(parsing: "English") == .en && ReportLanguage(parsing: "fr") == nil)
    }
}
