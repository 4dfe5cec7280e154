import Foundation
import Testing
@testable import EcoZone
import GeoKit

/// `zonal` against an independent computation: shapely coverage fractions × pyproj Geod cell areas,
/// and GDAL's rasterisation for the centre rule (scripts/reference/zonal_pyproj_shapely.py, which
/// wrote the rasters, the zones and Fixtures/zonal/reference.json).
@Suite struct ZonalAnalysisTests {
    struct Reference: Decodable {
        struct Result: Decodable {
            var total_m2: Double, nodata_m2: Double, outside_m2: Double
            var classes_m2: [String: Double]
            var mean: Double?, sum: Double, min: Double?, max: Double?
        }
        var lonlat: [String: [String: Result]]
        var gk: [String: [String: Result]]
    }

    static let reference: Reference = {
        let data = try! Data(contentsOf: TestPaths.fixture("zonal/reference.json"))
        return try! JSONDecoder().decode(Reference.self, from: data)
    }()

    func close(_ a: Double, _ b: Double, _ relative: Double = 1e-6, absolute: Double = 1e-3) -> Bool {
        abs(a - b) <= max(relative * abs(b), absolute)
    }

    func check(_ raster: String, _ expected: [String: [String: Reference.Result]], classes: Bool) throws {
        for rule in CoverageRule.allCases {
            let options = ZonalOptions(classes: classes, statistics: ZonalStatistic.allCases, unit: .squareMetres, rule: rule)
            let report = try ZonalAnalysis.run(raster: TestPaths.fixture("zonal/\(raster)").path,
                                               zones: LayerRequest(source: TestPaths.fixture("zonal/zones.geojson").path),
                                               by: "NAME", options: options)
            #expect(report.zones.map(\.key) == ["丙", "乙", "甲"])
            for zone in report.zones {
                let ref = try #require(expected[zone.key]?[rule.rawValue])
                let label = "\(raster) \(zone.key) \(rule.rawValue)"
                #expect(close(zone.total, ref.total_m2), "\(label) total \(zone.total) vs \(ref.total_m2)")
                #expect(close(zone.nodata, ref.nodata_m2), "\(label) nodata \(zone.nodata) vs \(ref.nodata_m2)")
                if rule == .exact {   // GDAL burns only the raster's own cells: no 'outside' to compare for the centre rule
                    #expect(close(zone.outside, ref.outside_m2), "\(label) outside \(zone.outside) vs \(ref.outside_m2)")
                }
                if classes {
                    let ours = Dictionary(uniqueKeysWithValues: (zone.classes ?? []).map { (String(Int($0.value)), $0.area) })
                    #expect(Set(ours.keys) == Set(ref.classes_m2.keys), "\(label) classes")
                    for (k, v) in ref.classes_m2 { #expect(close(ours[k] ?? 0, v), "\(label) class \(k): \(ours[k] ?? 0) vs \(v)") }
                }
                if let mean = ref.mean {
                    #expect(close(zone.stats?["mean"] ?? .nan, mean, 1e-9), "\(label) mean")
                    #expect(zone.stats?["min"] == ref.min && zone.stats?["max"] == ref.max, "\(label) min/max")
                    #expect(close(zone.stats?["sum"] ?? .nan, ref.sum, 1e-9), "\(label) sum")
                } else {
                    #expect(zone.stats == nil)
                }
            }
        }
    }

    @Test func lonLatGridAgreesWithPyprojAndShapely() throws {
        try check("lonlat.tif", Self.reference.lonlat, classes: true)
    }

    @Test func projectedGridAgreesWithPyprojAndShapely() throws {
        try check("gk.tif", Self.reference.gk, classes: false)
    }

    @Test func stripHeightDoesNotChangeTheResult() throws {
        let request = LayerRequest(source: TestPaths.fixture("zonal/zones.geojson").path)
        var options = ZonalOptions(classes: true, statistics: [.mean], unit: .squareMetres)
        let path = TestPaths.fixture("zonal/lonlat.tif").path
        let whole = try ZonalAnalysis.run(raster: path, zones: request, by: "NAME", options: options)
        options.stripCells = 60   // one row per strip
        let thin = try ZonalAnalysis.run(raster: path, zones: request, by: "NAME", options: options)
        for (a, b) in zip(whole.zones, thin.zones) {
            #expect(abs(a.total - b.total) < 1e-6 && abs(a.outside - b.outside) < 1e-6)
            #expect(zip(a.classes ?? [], b.classes ?? []).allSatisfy { abs($0.area - $1.area) < 1e-6 })
        }
    }

    @Test func classNamesComeFromTheRasterOrATable() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("classes.csv")
        try "\u{FEFF}value,name\n1,林地\n2,\"草地, 灌丛\"\n".write(to: csv, atomically: true, encoding: .utf8)
        let names = try RasterClassNames.read(csv: csv.path)
        #expect(names == [1: "林地", 2: "草地, 灌丛"])
        try "1,林地\n1,耕地\n".write(to: csv, atomically: true, encoding: .utf8)
        #expect(throws: GeoKitError.self) { _ = try RasterClassNames.read(csv: csv.path) }
        // The Banan land use carries CLASS_n band metadata (scripts/banan/generate.py).
        let reader = try RasterReader(TestPaths.repository.appendingPathComponent("fixtures/banan/landuse.tif").path)
        #expect(RasterClassNames.read(from: reader)[1] == "林地")
    }
}
