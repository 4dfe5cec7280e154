import Foundation
import Testing

/// `ecozone buffer` as a user runs it: the output written atomically through the output guard, the
/// Gauss–Krüger zone and scale factor named. The buffer's geometry is checked in LayerBufferTests.
@Suite struct BufferCommandTests {
    static let sites = CLI.repository.appendingPathComponent("Tests/EcoZoneTests/Fixtures/layers/sites.geojson").path

    @Test func writesTheBufferAndReportsItsZone() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("rings.gpkg").path
        let r = try CLI.run(["buffer", Self.sites, "--distance", "250", "--out", out, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(doc["zone"] as? Int == 36 && doc["output"] as? Int == 8 && doc["distance"] as? Double == 250)
        // Eight discs of 250 m, each measured on its own: 8 · π · 250² · (128 / 2π) · sin(2π / 128).
        let disc = Double.pi * 250 * 250 * 128 / (2 * Double.pi) * sin(2 * Double.pi / 128)
        #expect(abs((doc["area"] as! Double) * 1e6 - 8 * disc) <= 1e-5 * 8 * disc, "\(doc["area"]!)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["rings.gpkg"])
        // Not again without --overwrite; never onto the input.
        let again = try CLI.run(["buffer", Self.sites, "--distance", "250", "--out", out])
        #expect(again.status == 2 && again.stderr.contains("--overwrite"), "\(again.stderr)")
        let dissolved = try CLI.run(["buffer", Self.sites, "--distance", "250", "--dissolve", "--out", out, "--overwrite"])
        #expect(dissolved.status == 0 && dissolved.stdout.contains("1 feature(s)") && dissolved.stdout.contains("zone 36"), "\(dissolved.stdout)")
        let input = try CLI.run(["buffer", Self.sites, "--distance", "250", "--out", Self.sites, "--overwrite"])
        #expect(input.status == 2, "\(input.stderr)")
        let zero = try CLI.run(["buffer", Self.sites, "--distance", "0", "--out", out])
        #expect(zero.status == 2 && zero.stderr.contains("--distance must be more than 0"))
    }
}
