import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// One table, three renderings: terminal text, CSV and HTML show the same cells.
@Suite struct TableTests {
    static let table = Table([.text("名称"), .number("面积 (km²)"), .text("note")],
                             rows: [["南泉", "24.21", "a,b"], ["x", "1,234.50", "line\r\nbreak"]],
                             footer: [["合计", "1,258.71", ""]])

    @Test func terminalColumnsLineUpWithWideCharactersAndNumbersRight() {
        // 名称 and 合计 are two wide characters (4 columns); the number column is 8 wide ("1,234.50").
        let t = Table([.text("名称"), .number("面积")], rows: [["南泉", "24.21"], ["x", "1,234.50"]], footer: [["合计", "1,258.71"]])
        #expect(t.text == """
        名称      面积
        ────  ────────
        南泉     24.21
        x     1,234.50
        ────  ────────
        合计  1,258.71
        """)
        #expect(Table.displayWidth("南泉x") == 5)
        #expect(Table([.text("a"), .text("b")], rows: [["x", ""]]).text.split(separator: "\n").last == "x")   // no trailing blanks
        // Right-aligned columns are the numeric ones.
        #expect(Table(["a", "b"], alignments: [.left, .right]).numericColumns == [1])
    }

    @Test func csvHasBOMCRLFQuotingAndTheFooter() {
        let bytes = [UInt8](Self.table.csvData)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self)
                == "名称,面积 (km²),note\r\n南泉,24.21,\"a,b\"\r\nx,\"1,234.50\",\"line\r\nbreak\"\r\n合计,\"1,258.71\",\r\n")
    }

    @Test func htmlMarksTheNumericColumns() {
        let html = HTMLReport.table(ReportTable(caption: "c", table: Self.table), number: 1)
        #expect(html.contains("<th scope=\"col\">名称</th><th class=\"num\" scope=\"col\">面积 (km²)</th><th scope=\"col\">note</th>"))
        #expect(html.contains("<td>南泉</td><td class=\"num\">24.21</td><td>a,b</td>"))
        #expect(html.contains("<tfoot>\n<tr><td>合计</td><td class=\"num\">1,258.71</td><td></td></tr>"))
    }
}

/// The one JSON set-up: sorted, pretty, slashes kept, and no NaN or infinity written.
@Suite struct JSONOutputTests {
    struct Figures: Encodable {
        var name = "a/b"
        var values: [Double]
    }

    @Test func nonFiniteNumbersAreRefusedNamingWhere() throws {
        #expect(try JSONOutput.string(Figures(values: [1.5])) == "{\n  \"name\" : \"a/b\",\n  \"values\" : [\n    1.5\n  ]\n}")
        for bad in [Double.nan, .infinity, -.infinity] {
            let error = #expect(throws: GeoKitError.self) { try JSONOutput.data(Figures(values: [1, bad])) }
            #expect(error?.kind == .output)
            #expect(error?.message.contains("values[1]") == true, "\(error?.message ?? "")")
        }
    }
}

@Suite struct NumberTextFormsTests {
    @Test func everyFormOfAFigure() {
        #expect(NumberText.fixed(-91.394, 2) == "−91.39" && NumberText.fixed(-0.001, 2) == "0.00" && NumberText.fixed(1823, 2) == "1823.00")
        #expect(NumberText.signed(0.123, 2) == "+0.12" && NumberText.signed(-91.394, 2) == "−91.39")
        #expect(NumberText.signedPercent(0.00042) == "+0.042 %" && NumberText.signedPercent(-0.5, decimals: 1) == "-50.0 %")
        #expect(NumberText.plain(1823) == "1823" && NumberText.plain(142.4) == "142.4" && NumberText.plain(0.0001) == "0.0001")
        #expect(NumberText.significant(1697.0562748) == "1697.06" && NumberText.significant(1e9) == "1000000000" && NumberText.significant(1.5e20) == "1.5e+20")
        #expect(NumberText.scientific(213_584_500_000, digits: 6) == "2.135845e+11" && NumberText.scientific(1e8, digits: 0) == "1e+08")
        #expect(NumberText.plain(.nan) == "nan" && NumberText.fixed(.infinity, 2) == "inf")
    }
}
