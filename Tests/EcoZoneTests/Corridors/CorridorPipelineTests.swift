import Foundation
import Testing
import GeoKit
@testable import EcoZone

/// The corridor pipeline (issue 7) from files: GDAL-read resistance, GDAL-rasterised cores, GEOS
/// edge distances, then the numerics, vectors and areas.
@Suite("Corridor pipeline")
struct CorridorPipelineTests {
    static let lmDir = TestPaths.real("connectivity-linkage-mapper-demo")
    static var hasLM: Bool { FileManager.default.fileExists(atPath: lmDir + "/lm_resistances.tif") }
    static let banan = TestPaths.repository.appendingPathComponent("fixtures/banan")
    static var hasBanan: Bool { FileManager.default.fileExists(atPath: banan.appendingPathComponent("landuse.tif").path) }

    static func lmInputs() throws -> (ResistanceSurface, CorePolygons) {
        let surface = try ResistanceSurface.read(lmDir + "/lm_resistances.tif")
        let cores = try CorePolygons.load(LayerRequest(source: lmDir + "/lm_cores.shp"), idField: "core_id", to: surface.crs)
        return (surface, cores)
    }

    @Test("LM demo: edge-to-edge distances equal distances_lm_cores.txt to 1 mm", .enabled(if: hasLM))
    func linkageMapperEuclidean() throws {
        let (_, cores) = try Self.lmInputs()
        let distances = try cores.edgeDistances()
        let text = try String(contentsOfFile: Self.lmDir + "/distances_lm_cores.txt", encoding: .utf8)
        var checked = 0
        for line in text.split(whereSeparator: \.isNewline) {
            let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init)
            guard f.count == 3, let a = Int32(f[0]), let b = Int32(f[1]), let d = Double(f[2]) else { continue }
            let got = try #require(distances[CorePair(a, b)])
            #expect(abs(got - d) < 1e-3, "\(a)-\(b): \(got) vs \(d)")
            checked += 1
        }
        #expect(checked == 15 && distances.count == 15)
    }

    @Test("LM demo through the pipeline: GDAL inputs equal the reference inputs; CWD and LCD equal MCP_Geometric to 1e-9",
          .enabled(if: hasLM))
    func linkageMapperCostDistance() throws {
        let (surface, cores) = try Self.lmInputs()
        // The reference inputs and MCP_Geometric samples, without the shared fixture's full network run.
        typealias F = LinkageMapperDemoFixture
        let reference = try JSONDecoder().decode(F.Reference.self, from: Data(contentsOf: F.directory.appendingPathComponent("lm_reference.json")))
        let palette: [Float] = try F.load("lm_resistance_palette.f32", as: Float.self)
        let index: [UInt16] = try F.load("lm_resistance_index.u16", as: UInt16.self)
        let refResistance = index.map { $0 == UInt16.max ? Double.nan : Double(palette[Int($0)]) }
        let rle: [Int32] = try F.load("lm_cores_rle.i32", as: Int32.self)
        var refLabels: [Int32] = []
        for k in stride(from: 0, to: rle.count, by: 2) { refLabels.append(contentsOf: repeatElement(rle[k], count: Int(rle[k + 1]))) }
        let sampleCells: [Int32] = try F.load("lm_samples_index.i32", as: Int32.self)
        let flat: [Double] = try F.load("lm_samples_cwd.f64", as: Double.self)
        // Inputs: the reference rasterised with rasterio (all_touched=False) and read the TIFF itself.
        let labels = try cores.labels(on: surface)
        #expect(labels.values == refLabels)
        #expect(surface.grid.cellSize == reference.cellSize)
        #expect(zip(surface.grid.values, refResistance).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        // Two cores (5, 6) keep the debug run short; 5–6 is an active LM link.
        let pairs = [CorePair(5, 6)]
        let a = try CorridorAnalysis.run(surface: surface, cores: cores,
                                         options: CorridorOptions(selection: .pairs(pairs), circuit: false, barriers: false))
        #expect(a.pairs.map { CorePair($0.from, $0.to) } == pairs)
        for id: Int32 in [5, 6] {
            let k = reference.coreIDs.firstIndex(of: id)!
            let surfaceCWD = try a.costDistances.read(core: id, window: CellWindow(wholeGridOf: surface.grid.width, surface.grid.height))
            for (s, cell) in sampleCells.enumerated() {
                let expected = flat[k * sampleCells.count + s], got = surfaceCWD[Int(cell)]
                if expected.isNaN { #expect(got.isNaN) } else {
                    #expect(corridorClose(got, expected, relative: 1e-9), "core \(id) cell \(cell)")
                }
            }
        }
        for p in a.pairs {
            let ref = try #require(reference.pairs.first { $0.a == p.from && $0.b == p.to })
            #expect(corridorClose(p.costDistance, ref.lcd, relative: 1e-9))
            #expect(corridorClose(p.pathLength, ref.pathLength, relative: 1e-9))
            #expect(p.costToLength == p.costDistance / p.pathLength)
        }
        // 5–6 from distances_lm_cores.txt.
        #expect(abs(a.pairs[0].euclidean - 8378.970491921) < 1e-3)
        #expect(a.paths.features.count == 1 && a.paths.features.allSatisfy { $0.wkb != nil })
    }

    @Test("Banan at 180 m: land use + table equals the shipped resistance; corridors, pinch points, barriers; tabulated against the red line",
          .enabled(if: hasBanan))
    func banan() throws {
        let project = try Project.load(Self.banan.appendingPathComponent("project.yaml").path)
        let fromTable = try ResistanceSurface.fromProject(project, preferLandUse: true)
        let shipped = try ResistanceSurface.fromProject(project)
        // SOURCE.md: landuse_resistance.tif is exactly the table applied to landuse.tif (both NoData 0).
        #expect(zip(fromTable.grid.values, shipped.grid.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(fromTable.geoTransform == shipped.geoTransform && fromTable.crs.definition == "EPSG:4524")

        let surface = fromTable.aggregated(by: 6)
        let spec = try ProjectLayers(project).spec("barriers")
        let cores = try CorePolygons.load(spec.request, nameField: spec.field("name"), to: surface.crs)
        #expect(cores.cores.count == 8)
        let a = try CorridorAnalysis.run(surface: surface, cores: cores)
        #expect(Set(a.labels.coreIDs) == Set(1...8))
        // Every range is linked to at least one other; links are adjacent in cost allocation.
        #expect(Set(a.pairs.flatMap { [$0.from, $0.to] }) == Set(1...8))
        for p in a.pairs {
            // A path through cells of resistance ≥ 1 costs at least its length less the two half
            // end cells; and it is at least as long as the gap between the polygons minus a cell diagonal.
            #expect(p.costDistance >= p.pathLength - surface.grid.cellSize)
            #expect(p.pathLength >= p.euclidean - 2 * surface.grid.cellSize * 2.0.squareRoot())
            #expect(p.effectiveResistance! <= p.costDistance * (1 + 1e-6))   // c·R_AB ≤ LCD (methods.md §5.4)
        }
        let cellArea = surface.grid.cellSize * surface.grid.cellSize / 1e6
        let pinchCells = try #require(a.pinchPoints).mask.values.filter { $0 }.count
        let barrierCells = try #require(a.barrierMask).values.filter { $0 }.count
        #expect(pinchCells > 0 && barrierCells > 0)
        // Polygon areas are ellipsoidal; the cells are 180 m squares on the GK zone-36 plane, where the
        // scale factor at 106.5–107°E is 1.0003: areas agree with the cell count to 0.1 %.
        #expect(abs(a.pinchArea.squareKilometres - Double(pinchCells) * cellArea) < 1e-3 * a.pinchArea.squareKilometres)
        #expect(abs(a.barrierArea.squareKilometres - Double(barrierCells) * cellArea) < 1e-3 * a.barrierArea.squareKilometres)

        // Written out, the pinch points are a layer like any other: how much lies outside the red line?
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("corridors").path
        try CorridorOutput.write(a, summary: CorridorSummary(a, options: CorridorOptions()), to: out)
        for f in ["summary.json", "pairs.csv", "corridors.tif", "current.tif", "barriers.tif", "corridor_paths.gpkg",
                  "corridors.gpkg", "pinch_points.gpkg", "barriers.gpkg", "cost_distance_1.tif"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + f), "\(f)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["corridors"])   // no temporary left
        let yaml = """
        name: pinch points against the red line
        crs: EPSG:4490
        layers:
          pinch-points: { source: \(out)/pinch_points.gpkg }
          red-line: { source: \(Self.banan.path)/redline.gpkg, layer: redline_2023 }
        """
        let projectPath = dir.appendingPathComponent("check.yaml").path
        try yaml.write(toFile: projectPath, atomically: true, encoding: .utf8)
        let layers = try ProjectLayers(try Project.load(projectPath))
        let tab = try CrossTabulation.run(first: try layers.overlay("pinch-points"), firstField: nil, firstLabel: "pinch-points",
                                          groups: [try GroupingLayer.keyed(try layers.overlay("red-line"), field: nil, label: "red-line")],
                                          gridSize: nil)
        let outside = try #require(tab.outside["red-line"]).squareKilometres
        #expect(abs(tab.total.squareKilometres - a.pinchArea.squareKilometres) < 1e-5 * a.pinchArea.squareKilometres)
        // Independent estimate: pinch cells whose centre is outside the red line (red line burnt by
        // cell centre), times the cell area. Cells cut by the red-line boundary make the difference.
        let redline = try LoadedLayer.load(LayerRequest(source: Self.banan.path + "/redline.gpkg", layer: "redline_2023"))
        let toGrid = try Transformer(from: redline.crs, to: surface.crs)
        let ctx = GeometryContext()
        let burnt = try RasterVectorize.rasterize(
            polygons: try redline.features.compactMap(\.wkb).map { try toGrid.transform(try Geometry(wkb: $0, context: ctx)).wkb },
            labels: redline.features.map { _ in 1 }, width: surface.grid.width, height: surface.grid.height,
            geoTransform: surface.geoTransform)
        let mask = a.pinchPoints!.mask.values
        let outsideCells = (0..<mask.count).filter { mask[$0] && burnt[$0] == 0 }.count
        #expect(abs(outside - Double(outsideCells) * cellArea) <= 0.1 * a.pinchArea.squareKilometres + 2 * cellArea,
                "outside the red line: \(outside) km² vs \(Double(outsideCells) * cellArea) km² by cell centres")
        print("Banan 180 m: \(a.pairs.count) corridors, pinch points \(a.pinchPolygons!.features.count) patches \(a.pinchArea) km², outside the red line \(outside) km²; barriers \(a.barrierPolygons!.features.count) patches \(a.barrierArea) km²")
    }
}
