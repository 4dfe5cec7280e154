import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// MSPA against an independent implementation of the same definitions with scipy.ndimage
/// (scripts/reference/mspa_scipy.py, which wrote Fixtures/mspa/: a random noise grid, a thresholded
/// smooth random field with missing cells, and a 150 × 180 window of the Banan forest, each under
/// five parameter sets), cell for cell.
@Suite("MSPA against the scipy reference")
struct MSPAReferenceTests {
    struct Case: Decodable {
        var input: String
        var output: String
        var connectivity: Int
        var edge_width: Int
        var intext: Bool
    }
    struct Cases: Decodable { var cases: [Case] }

    /// Reads a gzipped ESRI ASCII grid of the fixtures (decompressed into a temporary folder).
    static func grid(_ name: String, in dir: URL) throws -> RasterGrid<UInt8> {
        let target = dir.appendingPathComponent(String(name.dropLast(3)))
        if !FileManager.default.fileExists(atPath: target.path) {
            try GzipFixture.data("mspa/\(name)").write(to: target)
        }
        return try RasterIO.read(target.path, as: UInt8.self)
    }

    @Test("every cell agrees with the reference", arguments: try! JSONDecoder().decode(
        Cases.self, from: Data(contentsOf: TestPaths.fixture("mspa/cases.json"))).cases.map { $0.output })
    func agrees(_ output: String) throws {
        let cases = try JSONDecoder().decode(Cases.self, from: Data(contentsOf: TestPaths.fixture("mspa/cases.json"))).cases
        let c = try #require(cases.first { $0.output == output })
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Self.grid(c.input, in: dir), expected = try Self.grid(c.output, in: dir)
        let s = try MSPASegmentation(width: input.width, height: input.height,
                                     parameters: MSPAParameters(connectivity: c.connectivity, edgeWidth: c.edge_width, intext: c.intext))
        for r in 0..<input.height {
            s.setRow(r, (0..<input.width).map { MSPASegmentation.Input(rawValue: input[$0, r])! })
        }
        s.run()
        var differences = 0, first: String?
        for r in 0..<input.height {
            let row = s.codes(row: r)
            for col in 0..<input.width where row[col] != expected[col, r] {
                differences += 1
                if first == nil { first = "row \(r), column \(col): \(row[col]) vs \(expected[col, r])" }
            }
        }
        #expect(differences == 0, "\(differences) cell(s) differ, first at \(first ?? "")")
    }
}
