import Foundation
import GeoKit
import Testing
@testable import EcoZone

@Suite struct ProjectTests {
    func write(_ yaml: String) throws -> (URL, String) {
        let dir = TestPaths.temporaryDirectory()
        let path = dir.appendingPathComponent("project.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    @Test func readsTheDesignExample() throws {
        let (dir, path) = try write("""
        name: 巴南区国土空间生态保护修复规划
        crs: EPSG:4490
        claims: claims.yaml
        layers:
          towns:                 { source: towns.shp, name: NAME }
          boundary:              { source: boundary.shp }
          red-line:              { source: redline.gpkg, layer: redline_2023 }
          protected-areas:       { source: reserves.shp, name: NAME, class: TYPE }
          soil-erosion:          { source: erosion.shp, grade: GRADE, encoding: CP936 }
        pattern:
          label: 八屏八带多廊多点
          barriers:  { source: ranges.shp,  name: NAME, declared: 8 }
          belts:     { source: rivers.shp,  name: NAME, declared: 8, width: 1000 }
          link-distance: 0
          resistance: landuse_resistance.tif
          resistance-table: { 1: 10, 2: 30 }
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try Project.load(path)
        #expect(p.name == "巴南区国土空间生态保护修复规划")
        #expect(p.crs == "EPSG:4490")
        #expect(p.layers.map(\.role) == [.towns, .boundary, .redLine, .protectedAreas, .soilErosion])   // file order
        #expect(p.layer(.towns)?.sources.map(\.path) == [dir.appendingPathComponent("towns.shp").path])
        #expect(p.layer(.redLine)?.sources.first?.layer == "redline_2023")
        #expect(p.layer(.protectedAreas)?.field(.class) == "TYPE")
        #expect(p.layer(.soilErosion)?.sources.first?.encoding == "CP936")
        #expect(p.claims == dir.appendingPathComponent("claims.yaml").path)
        let pattern = try #require(p.pattern)
        #expect(pattern.label == "八屏八带多廊多点")
        #expect(pattern.elements.map(\.role) == [.barriers, .belts])
        #expect(pattern.elements[0].declared == 8)
        #expect(pattern.elements[1].width == 1000)
        #expect(pattern.settings.linkDistance == 0)
        #expect(pattern.resistanceTable?[2] == 30)
        #expect(pattern.resistance == dir.appendingPathComponent("landuse_resistance.tif").path)
    }

    @Test func problemsNameTheFile() throws {
        for bad in ["layers: [1, 2]", "name: x", "layers:\n  towns: { name: NAME }", "crs: EPSG:99999999\nlayers: {}", "layers: {a: b"] {
            let (dir, path) = try write(bad)
            defer { try? FileManager.default.removeItem(at: dir) }
            #expect {
                _ = try Project.load(path)
            } throws: { error in
                (error as? GeoKitError)?.file == path && (error as? GeoKitError)?.kind == .input
            }
        }
        #expect(throws: GeoKitError.self) { _ = try Project.load("/no/such/project.yaml") }
    }
}
