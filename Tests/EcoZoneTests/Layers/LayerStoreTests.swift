import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The layer store's promises, held by its own counters (not strace): each source opened once, each
/// layer read once, each invalid feature repaired once whatever asks for it, filters served from the
/// one read, and a run's corridor results handed over under the path they are written to.
@Suite struct LayerStoreTests {
    /// A bow-tie (one ring crossing itself at (500, 500)) beside a valid square, in EPSG:4524.
    static func bowTieLayer(_ c: ConstructedLayers) throws -> String {
        let o = c.origin
        let bowTie = try c.context.polygon(rings: [(xs: [0, 1000, 1000, 0, 0].map { o.0 + $0 }, ys: [0, 1000, 0, 1000, 0].map { o.1 + $0 })])
        let path = c.dir.appendingPathComponent("bowtie.gpkg").path
        let w = try VectorWriter(path: path, layerName: "bowtie", crs: CRS("EPSG:4524"), geometryKind: .multiPolygon,
                                 fields: [FieldDefinition(name: "NAME", type: .string)])
        try w.write(wkb: bowTie.wkb, values: [.string("a")])
        try w.write(wkb: try c.rect(2000, 0, 3000, 1000).wkb, values: [.string("b")])
        try w.commit()
        return path
    }

    @Test func everyFormAndAnalysisSharesOneReadAndOneRepair() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        let path = try Self.bowTieLayer(c)
        let zones = try c.layer("zones", [("Z", "", try c.rect(-100, -100, 3100, 1100))])
        let store = try LayerStore(analysisCRS: "EPSG:4490", workers: 2)
        let request = LayerRequest(source: path)

        let stored = try store.layer(request)
        let areas = try AreaReport.measure(stored, groupField: "NAME", workers: 2)
        let overlay = try store.overlay(request, name: "bowtie")
        let lonLat = try store.lonLat(request)
        let tab = try store.crossTabulation(request, name: "bowtie", firstField: "NAME", firstLabel: "bowtie:NAME",
                                            groups: [try GroupingLayer.keyed(zones, field: nil, label: "zones")])
        _ = try store.layer(request)
        _ = try store.overlay(request, name: "again")

        #expect(store.counts.opens == [path: 1])
        #expect(store.counts.reads == [path: 1])
        #expect(store.counts.repairs == [path: 1])       // the bow-tie, once, for everything above
        #expect(store.counts.repairsAfterTransformation == 0)
        // Each analysis reports the one repair, in its own method's areas.
        #expect(stored.repairs.map(\.fid) == [1] && areas.repairs.map(\.fid) == [1] && overlay.repairs.map(\.fid) == [1])
        #expect(tab.inputs.first?.repairs.map(\.fid) == [1])
        // Made valid, the bow-tie is its two triangles, 1000 × 500 / 2 m² each (GK zone 36 near its
        // central meridian: ellipsoidal = planar to 3e-7); the square is 1 km².
        let byName = Dictionary(uniqueKeysWithValues: areas.groups.map { ($0.key, $0.area) })
        let a = try #require(byName["a"]), b = try #require(byName["b"])
        #expect(close(a, 0.5) && close(b, 1))
        #expect(close(overlay.totalArea, 1.5) && close(tab.total, 1.5))
        #expect(lonLat.crs.definition == "EPSG:4490" && lonLat.features.count == 2)
        for f in lonLat.features { #expect(try Geometry(wkb: try #require(f.wkb), context: c.context).validity().isValid) }
    }

    @Test func filtersComeFromTheOneReadOrReadOnlyWhatTheyMatch() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        let path = try Self.bowTieLayer(c)
        let whole = LayerRequest(source: path)
        var onlyB = whole
        onlyB.whereClause = "NAME = 'b'"

        // Read whole first: the filter is GDAL's, the features the store's own.
        let store = try LayerStore(workers: 1)
        #expect(try store.layer(whole).valid.features.count == 2)
        let b = try store.layer(onlyB)
        #expect(b.valid.features.map(\.fid) == [2] && b.repairs.isEmpty && b.request.whereClause == "NAME = 'b'")
        #expect(store.counts.opens == [path: 1] && store.counts.reads == [path: 1])

        // Filter first, on a store of its own: just the matching feature is read, still one open.
        let other = try LayerStore(workers: 1)
        #expect(try other.layer(onlyB).valid.features.map(\.fid) == [2])
        #expect(other.counts.opens == [path: 1] && other.counts.repairs.isEmpty)
        #expect(try AreaReport.measure(try other.layer(onlyB)).whereClause == "NAME = 'b'")
    }

    /// A small corridor run: two cores on a uniform 100 m resistance grid, a red line between them.
    /// The run's corridor cross-tabs name the GeoPackage a reader finds in the output folder, with
    /// the features it holds; and every input was opened once.
    @Test func corridorResultsAreHandedOverUnderTheirOutputPath() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        _ = try c.layer("boundary", [("区", "", try c.rect(0, 0, 6000, 2000))])
        _ = try c.layer("redline", [("红线", "", try c.rect(2500, 0, 3500, 2000))])
        _ = try c.layer("cores", [("西山", "", try c.rect(100, 100, 800, 1900)), ("东山", "", try c.rect(5200, 100, 5900, 1900))])
        let (w, h) = (60, 20)
        try RasterIO.writeGeoTIFF(RasterGrid(width: w, height: h,
                                             geoTransform: GeoTransform(originX: c.origin.0, pixelWidth: 100, originY: c.origin.1 + 2000, pixelHeight: -100),
                                             crs: try CRS("EPSG:4524"), noData: -9999, values: [Float](repeating: 1, count: w * h)),
                                  to: c.dir.appendingPathComponent("resistance.tif").path)
        let project = c.dir.appendingPathComponent("project.yaml")
        try """
        name: corridors
        crs: EPSG:4490
        layers:
          boundary: { source: boundary.gpkg }
          red-line: { source: redline.gpkg }
        pattern:
          barriers: { source: cores.gpkg, name: NAME }
          resistance: resistance.tif
        """.write(to: project, atomically: true, encoding: .utf8)
        let out = c.dir.appendingPathComponent("out")
        let results = try ProjectRun.execute(project: project.path, out: out.path, options: RunOptions())

        #expect(!results.corridorTabulations.isEmpty)
        for name in ["corridors", "pinch_points", "barriers"] {
            let table = out.appendingPathComponent("tables/crosstab_\(name)_red-line.json")
            guard FileManager.default.fileExists(atPath: table.path) else { continue }
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: table)) as! [String: Any]
            let input = try #require((json["inputs"] as? [[String: Any]])?.first)
            let source = try #require(input["source"] as? String)
            #expect(!source.contains("partial"), "\(source)")
            #expect(source.hasSuffix("/out/corridors/\(name).gpkg"))
            #expect(FileManager.default.fileExists(atPath: source))
            let written = try LoadedLayer.load(LayerRequest(source: source)).features.count
            #expect(input["features"] as? Int == written)
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("tables/crosstab_corridors_red-line.json").path))
        let inputs = ["boundary.gpkg", "redline.gpkg", "cores.gpkg"].map { c.dir.appendingPathComponent($0).path }
        #expect(Set(results.layerStore.opens.keys) == Set(inputs))
        #expect(results.layerStore.opens.values.allSatisfy { $0 == 1 })
    }

    /// Banan through one store as `run` uses it (its cross-tabs, conflicts, claims with filters and
    /// versions, pattern): every source opened once and read once per layer, the red line's GeoPackage
    /// once for both its layers.
    @Test func bananOpensEachSourceOnce() throws {
        let project = try Project.load(TestPaths.repository.appendingPathComponent("fixtures/banan/project.yaml").path)
        let store = try LayerStore(project)
        for l in project.layers { _ = try store.layer(l) }
        for name in try store.polygonRoles() { _ = try store.overlay(name) }
        for t in project.tabulations { _ = try store.crossTabulation(t) }
        _ = try store.conflicts()
        let claims = try ValidationReport.validate(project: project, claims: try ClaimsFile.load(try #require(project.claims)), store: store)
        #expect(claims.errors == 0)
        _ = try PatternAnalysis.run(project, store: store)

        // A derived layer (the 长江 belt) is made from the rivers the store read: no source of its own.
        let sources = Set(project.layers.flatMap { $0.sources.map(\.path) } + (project.pattern?.elements.flatMap { $0.layer?.sources.map(\.path) ?? [] } ?? []))
            .filter { Project.derivedName($0) == nil }
        #expect(Set(store.counts.opens.keys) == sources)
        #expect(store.counts.opens.values.allSatisfy { $0 == 1 }, "\(store.counts.opens)")
        #expect(store.counts.reads.values.allSatisfy { $0 == 1 }, "\(store.counts.reads)")
        let redline = TestPaths.repository.appendingPathComponent("fixtures/banan/redline.gpkg").path
        #expect(store.counts.reads.keys.filter { $0.hasPrefix(redline) }.count == 2)
    }
}
