import Foundation
import Testing
@testable import GeoKit

/// Vector tiles through GDAL's MVT writer: read back by GDAL, and shared edges still shared at
/// every zoom (the per-zoom rounding to the tile grid moves a shared vertex the same way in both
/// neighbours).
@Suite struct VectorTileWriterTests {
    /// A 7 × 7 mesh of cells over ~0.2° near Banan: inner nodes jittered, and every edge a wavy line
    /// of 12 segments, computed once per edge so that both neighbours hold the very same vertices.
    static func mesh(_ context: GeometryContext) throws -> [Geometry] {
        var state: UInt64 = 20261205
        func random() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let n = 8, step = 0.025
        var nodes = [[(Double, Double)]](repeating: [], count: n)
        for i in 0..<n {
            for j in 0..<n {
                let inner = i > 0 && j > 0 && i < n - 1 && j < n - 1
                let dx = inner ? (random() - 0.5) * step * 0.6 : 0, dy = inner ? (random() - 0.5) * step * 0.6 : 0
                nodes[i].append((106.5 + Double(i) * step + dx, 29.3 + Double(j) * step + dy))
            }
        }
        // The points strictly between two nodes, from the first to the second; outer edges stay straight.
        var edges: [[Int]: [(Double, Double)]] = [:]
        func between(_ a: (Int, Int), _ b: (Int, Int)) -> [(Double, Double)] {
            let key = [a.0, a.1, b.0, b.1], reverse = [b.0, b.1, a.0, a.1]
            if let e = edges[key] { return e }
            if let e = edges[reverse] { return e.reversed() }
            let (p, q) = (nodes[a.0][a.1], nodes[b.0][b.1])
            let outer = (a.0 == b.0 && (a.0 == 0 || a.0 == n - 1)) || (a.1 == b.1 && (a.1 == 0 || a.1 == n - 1))
            let (nx, ny) = (-(q.1 - p.1), q.0 - p.0)
            let points = (1..<12).map { k -> (Double, Double) in
                let t = Double(k) / 12, wave = outer ? 0 : (random() - 0.5) * 0.08
                return (p.0 + (q.0 - p.0) * t + nx * wave, p.1 + (q.1 - p.1) * t + ny * wave)
            }
            edges[key] = points
            return points
        }
        var cells: [Geometry] = []
        for i in 0..<(n - 1) {
            for j in 0..<(n - 1) {
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
                var ring: [(Double, Double)] = []
                for k in 0..<4 {
                    ring.append(nodes[corners[k].0][corners[k].1])
                    ring += between(corners[k], corners[(k + 1) % 4])
                }
                cells.append(try context.polygon(rings: [(xs: ring.map(\.0), ys: ring.map(\.1))]))
            }
        }
        return cells
    }

    @Test func sharedEdgesStaySharedAtEveryZoom() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let context = GeometryContext()
        let cells = try Self.mesh(context)
        for zoom in [6, 8, 10, 12, 14] {
            let path = dir.appendingPathComponent("mesh\(zoom).mbtiles").path
            let writer = try VectorTileWriter(path: path, layerName: "mesh", crs: try CRS("EPSG:4490"),
                                              fields: [FieldDefinition(name: "cell", type: .integer)],
                                              options: VectorTileOptions(minZoom: zoom, maxZoom: zoom))
            for (k, g) in cells.enumerated() { try writer.write(wkb: g.wkb, values: [.integer(Int64(k))], id: Int64(k)) }
            try writer.commit()
            // GDAL reads each tile's piece of every feature, clipped to the tile, in EPSG:3857.
            let pieces = try VectorSource.open(path).layer(named: "mesh").readFeatures().compactMap(\.wkb)
                .map { try Geometry(wkb: $0, context: context) }
            #expect(!pieces.isEmpty)
            let sum = try pieces.reduce(0) { $0 + (try $1.planarArea()) }
            let union = try context.collection(pieces, kind: .collection).unaryUnion()
            let covered = try union.planarArea()
            var holes = 0
            try union.forEachPolygonRing { _, ring, _, _ in if ring > 0 { holes += 1 } }
            // No overlap between neighbours (sum of pieces = their union) and no gap (no hole).
            #expect(abs(sum - covered) <= 1e-9 * covered, "zoom \(zoom): pieces overlap by \(sum - covered) m²")
            #expect(holes == 0, "zoom \(zoom): \(holes) gap(s) between neighbours")
        }
    }

    @Test func gdalReadsBackTheLayerAndEveryFeaturesAttributesAtTheMaxZoom() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let context = GeometryContext()
        let cells = try Self.mesh(context)
        let path = dir.appendingPathComponent("t.mbtiles").path
        let writer = try VectorTileWriter(path: path, layerName: "土壤侵蚀", crs: try CRS("EPSG:4490"),
                                          fields: [FieldDefinition(name: "GRADE", type: .string), FieldDefinition(name: "N", type: .integer)],
                                          options: VectorTileOptions(minZoom: 8, maxZoom: 12))
        let grades = ["轻度", "中度", "强烈"]
        for (k, g) in cells.enumerated() { try writer.write(wkb: g.wkb, values: [.string(grades[k % 3]), .integer(Int64(k * 10))], id: Int64(k + 1)) }
        try writer.commit()
        // Nothing left beside it but the file itself.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["t.mbtiles"])
        let layer = try VectorSource.open(path).layer(named: "土壤侵蚀")
        let names = layer.fields.map(\.name)
        #expect(names.contains("mvt_id") && names.contains("GRADE") && names.contains("N"))
        let (id, grade, n) = (names.firstIndex(of: "mvt_id")!, names.firstIndex(of: "GRADE")!, names.firstIndex(of: "N")!)
        var seen: [Int64: (String, Int64)] = [:]
        for f in try layer.readFeatures() {
            guard case .integer(let mvtID) = f.values[id] else { Issue.record("mvt_id \(f.values[id])"); continue }
            let value = f.values[n].doubleValue.map { Int64($0) } ?? -1
            seen[mvtID] = (f.values[grade].description, value)
        }
        #expect(seen.count == cells.count)
        for k in cells.indices {
            #expect(seen[Int64(k + 1)]?.0 == grades[k % 3] && seen[Int64(k + 1)]?.1 == Int64(k * 10), "feature \(k + 1)")
        }
    }

    @Test func refusesZoomsOutOfRangeAndLeavesNothing() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.mbtiles").path
        #expect(throws: GeoKitError.self) {
            _ = try VectorTileWriter(path: path, layerName: "x", crs: try CRS("EPSG:4490"), fields: [], options: VectorTileOptions(minZoom: 9, maxZoom: 8))
        }
        do {
            let w = try VectorTileWriter(path: path, layerName: "x", crs: try CRS("EPSG:4490"), fields: [], options: VectorTileOptions(minZoom: 0, maxZoom: 2))
            _ = w   // dropped without commit: the temporaries go with it
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
