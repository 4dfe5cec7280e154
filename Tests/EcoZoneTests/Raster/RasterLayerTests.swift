import Foundation
import Testing
@testable import EcoZone
import GeoKit

/// Raster layers of a project (issue 13, item 1): read from the project file, crossed with vector
/// zones by `tabulate`, measured by claims — against scripts/reference/layers_pyproj_shapely.py
/// (shapely coverage fractions × pyproj Geod cell areas, pieces cut by shapely in EPSG:4524), which
/// wrote Fixtures/layers.
@Suite struct RasterLayerTests {
    struct Reference: Decodable {
        var zones_by_class_m2: [String: [String: Double]]
        var class_by_zones_by_halves_m2: [String: Double]
        var zones_by_halves_by_class_m2: [String: Double]
    }

    static let reference: Reference = {
        let data = try! Data(contentsOf: TestPaths.fixture("layers/reference.json"))
        return try! JSONDecoder().decode(Reference.self, from: data)
    }()

    /// Rows as "key|key|key" → m², rows under 1e-6 m² (slivers of shared edges) left out.
    static func rows(_ t: CrossTabulation) -> [String: Double] {
        var out: [String: Double] = [:]
        for r in t.rows where r.area.squareMetres > 1e-6 { out[r.keys.joined(separator: "|"), default: 0] += r.area.squareMetres }
        return out
    }

    static func expectAgree(_ ours: [String: Double], _ ref: [String: Double], _ what: String) {
        let significant = ref.filter { $0.value > 1e-3 }
        #expect(Set(ours.filter { $0.value > 1e-3 }.keys) == Set(significant.keys), "\(what): keys \(ours.keys.sorted()) vs \(ref.keys.sorted())")
        for (k, v) in significant {
            let x = ours[k] ?? 0
            #expect(abs(x - v) <= max(1e-6 * v, 1e-3), "\(what) \(k): \(x) vs \(v)")
        }
    }

    static func store() throws -> LayerStore {
        try LayerStore(try Project.load(TestPaths.fixture("layers/project.yaml").path))
    }

    @Test func projectReadsRasterLayers() throws {
        let p = try Project.load(TestPaths.fixture("layers/project.yaml").path)
        let r = try #require(p.raster(named: "landcover"))
        #expect(r.kind == .categorical && r.classes == [1: "林地", 2: "草地", 3: "耕地"] && r.band == 1)
        #expect(r.path.hasSuffix("Fixtures/layers/landcover.tif"))
        #expect(p.layer(named: "landcover") == nil, "a raster is no vector layer")
        #expect(p.inputFiles.contains(r.path))
    }

    @Test func rasterAfterAVectorLayerSplitsItsArea() throws {
        let t = try Self.store().crossTabulation(["zones:name", "landcover:class"])
        var expected: [String: Double] = [:]
        for (zone, classes) in Self.reference.zones_by_class_m2 { for (c, a) in classes { expected["\(zone)|\(c)"] = a } }
        Self.expectAgree(Self.rows(t), expected, "zones × class")
        #expect(t.raster?.layer == "landcover")
        // The raster's classes in value order, then NoData and beyond-the-raster.
        #expect(t.keyOrders["landcover:class"] == ["林地", "草地", "耕地"])
        let 乙 = t.rows.filter { $0.keys[0] == "乙" }.map { $0.keys[1] }
        #expect(乙 == ["林地", "草地", "耕地", "(nodata)", "(outside)"])
    }

    @Test func rasterFirstIsDistributedOverTwoVectorLayers() throws {
        let t = try Self.store().crossTabulation(["landcover:class", "zones:name", "halves:name"])
        Self.expectAgree(Self.rows(t), Self.reference.class_by_zones_by_halves_m2, "class × zones × halves")
        #expect(!t.rows.contains { $0.keys[0] == "(nodata)" || $0.keys[0] == "(outside)" }, "NoData is not part of the raster's area")
        #expect(t.diagnostics.conservationBreaches.isEmpty)
    }

    @Test func rasterLastAfterTwoVectorLayers() throws {
        let t = try Self.store().crossTabulation(["zones:name", "halves:name", "landcover:class"])
        Self.expectAgree(Self.rows(t), Self.reference.zones_by_halves_by_class_m2, "zones × halves × class")
        let total = Self.reference.zones_by_halves_by_class_m2.values.reduce(0, +)
        #expect(abs(t.total.squareMetres - total) <= 1e-6 * total)
    }

    @Test func claimsMeasureRasterClasses() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let zones = Self.reference.zones_by_class_m2
        let forest甲 = zones["甲"]!["林地"]!, grass甲 = zones["甲"]!["草地"]!
        let all甲 = zones["甲"]!.values.reduce(0, +)
        // Stated to 1 m² (6 decimals of km²), so a 1e-4 tolerance is far above the rounding.
        let text = """
        tolerance: 0.01%
        claims:
          - { id: forest-grass-jia, layer: landcover, classes: [1, 2], inside: zone-jia, area: \(String(format: "%.6f", (forest甲 + grass甲) / 1e6)) km2 }
          - { id: forest-share-jia, layer: landcover, classes: [1], inside: zone-jia, percent-of: landcover, percent: \(String(format: "%.4f", 100 * forest甲 / all甲)) }
          - { id: wrong-key, layer: landcover, classes: [9], inside: zone-jia, area: 1 km2 }
        """
        let project = """
        crs: EPSG:4524
        layers:
          zone-jia: { source: \(TestPaths.fixture("layers/zones.geojson").path), where: "NAME = '甲'" }
          landcover: { raster: \(TestPaths.fixture("layers/landcover.tif").path), classes: { 1: 林地, 2: 草地, 3: 耕地 } }
        """
        try project.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        try text.write(to: dir.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let v = try ValidationReport.validate(project: try Project.load(dir.appendingPathComponent("p.yaml").path),
                                              claims: try ClaimsFile.load(dir.appendingPathComponent("c.yaml").path))
        let byID = Dictionary(uniqueKeysWithValues: v.claims.map { ($0.id, $0) })
        #expect(byID["forest-grass-jia"]?.status == .pass, "\(byID["forest-grass-jia"].map { "\($0.computed ?? .nan)" } ?? "")")
        #expect(byID["forest-share-jia"]?.status == .pass, "\(byID["forest-share-jia"].map { "\($0.computed ?? .nan)" } ?? "")")
        #expect(byID["wrong-key"]?.status == .fail && byID["wrong-key"]?.computed == 0)
        #expect(byID["forest-grass-jia"]?.selection == "classes 1, 2 inside zone-jia" && byID["forest-grass-jia"]?.whereClause == nil)
    }

    /// Issue 19: an indicator measured by a raster class set, through the claim that measures it
    /// (`measured-by: CLAIM`): the forest share of zone 甲 from the independent reference, stated to two
    /// decimals, is the baseline of one indicator (passes) and, 5 points lower, of another (fails).
    @Test func indicatorsAreMeasuredByRasterClasses() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let zone = Self.reference.zones_by_class_m2["甲"]!
        let share = 100 * zone["林地"]! / zone.values.reduce(0, +)
        let stated = String(format: "%.2f", share), lower = String(format: "%.2f", share - 5)
        let text = """
        period: 2021-2035
        claims:
          - { id: forest-share-jia, layer: landcover, classes: [1], inside: zone-jia, percent-of: landcover, percent: \(stated) }
        indicators:
          - { id: cover, name: 林地覆盖率, unit: "%", attribute: 约束性, baseline: { year: 2020, value: \(stated) }, targets: [{ year: 2035, value: "≥\(stated)" }], measured-by: forest-share-jia }
          - { id: cover-low, name: 林地覆盖率, unit: "%", attribute: 预期性, baseline: { year: 2020, value: \(lower) }, targets: [{ year: 2035, value: "≥\(lower)" }], measured-by: forest-share-jia }
        """
        let project = """
        crs: EPSG:4524
        layers:
          zone-jia: { source: \(TestPaths.fixture("layers/zones.geojson").path), where: "NAME = '甲'" }
          landcover: { raster: \(TestPaths.fixture("layers/landcover.tif").path), classes: { 1: 林地, 2: 草地, 3: 耕地 } }
        """
        try project.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        try text.write(to: dir.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let v = try ValidationReport.validate(project: try Project.load(dir.appendingPathComponent("p.yaml").path),
                                              claims: try ClaimsFile.load(dir.appendingPathComponent("c.yaml").path))
        let baseline = { (id: String) in v.indicators.first { $0.id == id }?.checks.first { $0.kind == .baseline } }
        #expect(baseline("cover")?.status == .pass, "\(baseline("cover")?.arithmetic ?? "no baseline check")")
        #expect(baseline("cover")?.arithmetic.contains("claim forest-share-jia, measured") == true)
        #expect(baseline("cover-low")?.status == .fail, "\(baseline("cover-low")?.arithmetic ?? "no baseline check")")
    }

    @Test func claimsRefuseCellKeysThatDoNotFit() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = """
        layers:
          zones: \(TestPaths.fixture("layers/zones.geojson").path)
          landcover: { raster: \(TestPaths.fixture("layers/landcover.tif").path) }
        """
        try project.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let p = try Project.load(dir.appendingPathComponent("p.yaml").path)
        for (claim, words) in [("{ id: a, layer: landcover, slope: [25, 90], area: 1 km2 }", "does not apply to raster 'landcover'"),
                               ("{ id: a, layer: zones, classes: [1], area: 1 km2 }", "selects cells of a raster layer"),
                               ("{ id: a, layer: landcover, length: 3 km }", "measured as an area"),
                               ("{ id: a, layer: landcover, where: \"X = 1\", area: 1 km2 }", "'where' and 'version' filter vector features")] {
            let c = try ClaimsFile.parse("claims:\n  - \(claim)\n", path: "c.yaml")
            #expect(throws: GeoKitError.self, "\(claim)") { try ValidationReport.validate(project: p, claims: c) }
            do { _ = try ValidationReport.validate(project: p, claims: c) } catch let e as GeoKitError {
                #expect(e.message.contains(words), "\(e.message)")
            }
        }
    }

    @Test func projectFileRefusesBadRasterKeys() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tif = TestPaths.fixture("layers/landcover.tif").path
        for (layer, words) in [("{ raster: \(tif), classes: { a: 林地 } }", "line 2: layer 'lc': 'classes': 'a' is not an integer class value"),
                               ("{ raster: \(tif), type: elevation, classes: { 1: 林地 } }", "class names ('classes', 'class-table') are for a categorical raster"),
                               ("{ raster: \(tif), type: elevation, slope-classes: [25, 15] }", "must be in ascending order"),
                               ("{ raster: \(tif), band: 0 }", "'band' must be a band number from 1")] {
            let url = dir.appendingPathComponent("p.yaml")
            try "layers:\n  lc: \(layer)\n".write(to: url, atomically: true, encoding: .utf8)
            #expect(throws: GeoKitError.self) { try Project.load(url.path) }
            do { _ = try Project.load(url.path) } catch let e as GeoKitError { #expect(e.message.contains(words), "\(e.message)") }
        }
        // A tabulation naming a raster by a key it does not have.
        let url = dir.appendingPathComponent("p.yaml")
        try "layers:\n  lc: { raster: \(tif) }\ntabulate:\n  - [lc:slope]\n".write(to: url, atomically: true, encoding: .utf8)
        do { _ = try Project.load(url.path); Issue.record("accepted lc:slope") } catch let e as GeoKitError {
            #expect(e.message.contains("a categorical raster is keyed by 'class'"), "\(e.message)")
        }
    }
}
