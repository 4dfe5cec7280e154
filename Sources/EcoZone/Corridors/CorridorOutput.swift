// Writing the corridor results into one folder, atomically, and the summary document.

import Foundation
import GeoKit

/// The summary of a corridor run (the CLI's `--json` document and `summary.json`).
public struct CorridorSummary: Sendable, Encodable {
    public struct Patches: Sendable, Encodable {
        public var count: Int
        /// Ellipsoidal area on CGCS2000 (in km²).
        public var areaKm2: Area
        /// How the cells were chosen.
        public var rule: String
        enum CodingKeys: String, CodingKey { case count, areaKm2 = "area_km2", rule }
    }
    public var pairs: [CorridorPair]
    public var corridors: Int
    public var pinchPoints: Patches?
    public var barriers: Patches?
    public var dropped: [DroppedLink]
    public var cutoff: Double
    public var barrierRadii: [Double]
    public var cellSize: Double
    public var width: Int
    public var height: Int
    public var crs: String
    public var resistance: String
    public var cores: String
    public var coreTransformation: String

    enum CodingKeys: String, CodingKey {
        case pairs, corridors, pinchPoints = "pinch_points", barriers, dropped, cutoff, barrierRadii = "barrier_radii_m",
             cellSize = "cell_size_m", width, height, crs, resistance, cores, coreTransformation = "core_transformation"
    }

    public init(_ a: CorridorAnalysis, options: CorridorOptions) {
        pairs = a.pairs
        corridors = a.corridorPolygons.features.count
        if let p = a.pinchPolygons {
            pinchPoints = Patches(count: p.features.count, areaKm2: a.pinchArea,
                                  rule: "corridor cells (cores excluded) in the top \(options.pinchFraction * 100) % by cumulative current" + (a.pinchPoints.map { $0.threshold.isFinite ? " (≥ \($0.threshold) A)" : " (no corridor cell carries current)" } ?? ""))
        }
        if let b = a.barrierPolygons {
            barriers = Patches(count: b.features.count, areaKm2: a.barrierArea,
                               rule: "cells in the top \(options.barrierFraction * 100) % of positive improvement scores" + (a.barrierThreshold.map { $0.isFinite ? " (≥ \($0))" : " (no cell scores above 0)" } ?? ""))
        }
        dropped = a.dropped
        cutoff = a.cutoff
        barrierRadii = options.barriers ? a.barrierRadii : []
        cellSize = a.surface.grid.cellSize
        width = a.surface.grid.width
        height = a.surface.grid.height
        crs = a.surface.crs.description
        resistance = a.surface.origin
        cores = a.cores.source
        coreTransformation = a.cores.transformation
    }
}

extension CorridorSummary {
    /// What `ecozone corridors` prints (and rank 0 of `ecozone-mpi corridors`): the grid, the pairs'
    /// table, the dropped links and the patches; `out` is the folder written, if any.
    public func text(out: String?) -> String {
        let s = self
        var lines = ["resistance \(s.resistance): \(s.width) × \(s.height) cells of \(NumberText.grouped(s.cellSize, decimals: 2)) m, \(s.crs)",
                     "cores \(s.cores) (\(s.coreTransformation))",
                     "cost units: resistance × metres; corridor cut-off \(NumberText.grouped(s.cutoff, decimals: 1))", ""]
        var table = Table(["from", "to", "Euclidean (km)", "cost distance", "path (km)", "cost/length", "eff. resistance"],
                              alignments: [.left, .left, .right, .right, .right, .right, .right])
        for p in s.pairs {
            func label(_ id: Int32, _ name: String) -> String { name == String(id) ? name : "\(id) \(name)" }
            table.add([label(p.from, p.fromName), label(p.to, p.toName), NumberText.grouped(p.euclidean / 1000, decimals: 3),
                       NumberText.grouped(p.costDistance, decimals: 1), NumberText.grouped(p.pathLength / 1000, decimals: 3),
                       NumberText.grouped(p.costToLength, decimals: 3), p.effectiveResistance.map { NumberText.grouped($0, decimals: 1) } ?? "—"])
        }
        lines.append(table.text)
        for d in s.dropped { lines.append("dropped \(d.from)–\(d.to): \(d.reason)") }
        lines.append("")
        lines.append("corridors: \(s.corridors)")
        if let p = s.pinchPoints {
            lines.append("pinch points: \(p.count) patch(es), \(NumberText.grouped(p.areaKm2.squareKilometres, decimals: 4)) km² (ellipsoidal, CGCS2000); \(p.rule)")
        }
        if let b = s.barriers {
            lines.append("barriers: \(b.count) patch(es), \(NumberText.grouped(b.areaKm2.squareKilometres, decimals: 4)) km² (ellipsoidal, CGCS2000); radii \(s.barrierRadii.map { NumberText.grouped($0, decimals: 0) }.joined(separator: ", ")) m; \(b.rule)")
        }
        if let out { lines.append("written to \(out)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

public enum CorridorOutput {
    /// Files written into the output folder.
    public static let files = [
        "summary.json", "pairs.csv", "cores.tif", "corridors.tif", "current.tif", "pinch_points.tif", "barriers.tif",
        "corridor_paths.gpkg", "corridors.gpkg", "pinch_points.gpkg", "barriers.gpkg", "cost_distance_<core id>.tif",
    ]

    /// Writes every result as the folder `directory`: first into a temporary folder beside it, then
    /// renamed into place (`OutputFolder`), so a failed run leaves nothing half-written. An existing
    /// folder of that name is replaced only when EcoZone wrote it (its `.ecozone` manifest lists
    /// everything in it) or it is empty, and only once the new one is complete; `directory` is
    /// refused when it holds one of `rules`' inputs (`OutputGuard.checkFolder`).
    ///
    /// Rasters are GeoTIFF (Float32, NoData −9999; `cores.tif` Int32 and `pinch_points.tif`
    /// UInt8 with NoData 0); vectors are GeoPackages in the raster's CRS, one layer each, named
    /// like the file, so a project file can list them as layers and `tabulate` them.
    public static func write(_ a: CorridorAnalysis, summary: CorridorSummary, to directory: String, guard rules: OutputGuard = OutputGuard(),
                             progress: (String) -> Void = { _ in }) throws {
        let folder = try OutputFolder(directory, guard: rules, command: "corridors")
        do {
            progress("writing rasters and vectors")
            try writeContents(a, summary: summary, into: folder.partial.path)
            try folder.commit()
        } catch {
            folder.discard()
            throw folder.relocated(error)
        }
    }

    /// ``write(_:summary:to:guard:progress:)`` by the ranks of `sharing` together (collective), after
    /// ``CorridorAnalysis/run(surface:cores:options:sharing:progress:stepProgress:)``: `analysis` and
    /// `summary` are rank 0's (nil elsewhere). Each whole-grid raster is written as row-band tiles,
    /// `tiles/NAME-RANK.tif`, one per rank, each written by its rank from rank 0's folded grid, and a
    /// `NAME.vrt` that stitches them; each rank writes the `cost_distance_<id>.tif` of the cores it ran;
    /// rank 0 writes the vectors, `pairs.csv` and `summary.json`. The folder appears only when every
    /// rank has written its part; otherwise rank 0 removes the partial folder and every rank throws.
    public static func write(_ analysis: CorridorAnalysis?, summary: CorridorSummary?, costDistances: SpilledCostDistances,
                             frame s: ResistanceFrame, to directory: String, guard rules: OutputGuard = OutputGuard(),
                             sharing: WorkSharing, progress: (String) -> Void = { _ in }) throws {
        let root = sharing.rank == 0
        try OutputFolder.shared(directory, guard: rules, command: "corridors", sharing: sharing) { dir, attempt in
            progress("writing rasters (tiles of \(sharing.size) rank(s)) and vectors")
            // Which optional rasters there are: rank 0's to say.
            var flags = ByteWriter()
            if let a = analysis { flags.put(a.current != nil); flags.put(a.pinchPoints != nil); flags.put(a.barrierScores != nil) }
            var f = ByteReader(try sharing.broadcast(flags.bytes))
            let hasCurrent = try f.bool(), hasPinch = try f.bool(), hasBarriers = try f.bool()

            let w = s.width, h = s.height
            let tiles = BandTiles(width: w, height: h, geoTransform: s.geoTransform, crs: s.crs, sharing: sharing)
            /// Rank 0's whole grid, each rank's band of it by `scatter`, written as its tile.
            func scattered<E: RasterElement>(_ name: String, noData: Double, _ values: () -> [E]) throws {
                let parts: [[UInt8]]? = root ? {
                    let all = values()
                    return (0..<sharing.size).map { d in
                        let rows = tiles.rows(of: d)
                        return all[(rows.lowerBound * w)..<(rows.upperBound * w)].withUnsafeBytes { [UInt8]($0) }
                    }
                }() : nil
                let mine = try sharing.scatter(parts)
                attempt { try tiles.write(name, noData: noData, band: mine.withUnsafeBytes { [E]($0.bindMemory(to: E.self)) }, into: dir) }
            }
            func float32(_ values: [Double]) -> [Float] { values.map { $0.isFinite ? Float($0) : Float(-9999) } }
            try scattered("cores", noData: 0) { analysis!.labels.values }
            try scattered("corridors", noData: -9999) { float32(analysis!.corridors.values) }
            if hasCurrent { try scattered("current", noData: -9999) { float32(analysis!.current!.values) } }
            if hasPinch { try scattered("pinch_points", noData: 0) { analysis!.pinchPoints!.mask.values.map { $0 ? UInt8(1) : 0 } } }
            if hasBarriers { try scattered("barriers", noData: -9999) { float32(analysis!.barrierScores!.values) } }

            // The cost distances of the cores this rank ran (LinkageNetwork.buildSpilled's k mod size).
            let whole = CellWindow(wholeGridOf: w, h)
            for (j, id) in costDistances.cores.enumerated() where sharing.owns(j) {
                attempt {
                    let v = float32(try costDistances.read(core: id, window: whole))
                    try RasterIO.writeGeoTIFF(RasterGrid(width: w, height: h, geoTransform: s.geoTransform, crs: s.crs, noData: -9999, values: v),
                                              to: "\(dir)/cost_distance_\(id).tif")
                }
            }
            if let a = analysis, let summary { attempt { try writeVectorsAndTables(a, summary: summary, into: dir) } }
        }
    }

    static func writeContents(_ a: CorridorAnalysis, summary: CorridorSummary, into dir: String) throws {
        let s = a.surface
        func raster(_ values: [Double], _ name: String) throws {
            let v = values.map { $0.isFinite ? Float($0) : Float(-9999) }
            try RasterIO.writeGeoTIFF(RasterGrid(width: s.grid.width, height: s.grid.height, geoTransform: s.geoTransform,
                                                 crs: s.crs, noData: -9999, values: v), to: "\(dir)/\(name)")
        }
        try RasterIO.writeGeoTIFF(RasterGrid(width: s.grid.width, height: s.grid.height, geoTransform: s.geoTransform,
                                             crs: s.crs, noData: 0, values: a.labels.values), to: "\(dir)/cores.tif")
        // One surface at a time from disk: 12 bytes a cell while it is converted and written.
        let whole = CellWindow(wholeGridOf: s.grid.width, s.grid.height)
        for id in a.costDistances.cores {
            try raster(try a.costDistances.read(core: id, window: whole), "cost_distance_\(id).tif")
        }
        try raster(a.corridors.values, "corridors.tif")
        if let c = a.current { try raster(c.values, "current.tif") }
        if let p = a.pinchPoints {
            try RasterIO.writeGeoTIFF(RasterGrid(width: s.grid.width, height: s.grid.height, geoTransform: s.geoTransform,
                                                 crs: s.crs, noData: 0, values: p.mask.values.map { $0 ? UInt8(1) : 0 }),
                                      to: "\(dir)/pinch_points.tif")
        }
        if let b = a.barrierScores { try raster(b.values, "barriers.tif") }
        try writeVectorsAndTables(a, summary: summary, into: dir)
    }

    /// The GeoPackages, `pairs.csv` and `summary.json`.
    static func writeVectorsAndTables(_ a: CorridorAnalysis, summary: CorridorSummary, into dir: String) throws {
        let s = a.surface
        for layer in [a.paths, a.corridorPolygons, a.pinchPolygons, a.barrierPolygons].compactMap({ $0 }) {
            let writer = try VectorWriter(path: "\(dir)/\(layer.name).gpkg", layerName: layer.name, crs: s.crs,
                                          geometryKind: layer.kind, fields: layer.fields)
            for f in layer.features { try writer.write(wkb: f.wkb, values: f.values) }
            try writer.commit()
        }
        try writeAtomically(pairsTable(a.pairs).csvData, to: "\(dir)/pairs.csv")
        try writeAtomically(try JSONOutput.data(summary), to: "\(dir)/summary.json")
    }

    /// The linked pairs for a spreadsheet (`pairs.csv`, and a run's `tables/corridor_pairs.csv`):
    /// ids and names, distances in metres and cost units, figures in full.
    static func pairsTable(_ pairs: [CorridorPair]) -> Table {
        Table([.number("from"), .text("from_name"), .number("to"), .text("to_name"), .number("euclidean_m"), .number("cost_distance"),
               .number("path_length_m"), .number("cost_to_length"), .number("effective_resistance")],
              rows: pairs.map { p in
                  [String(p.from), p.fromName, String(p.to), p.toName, String(p.euclidean), String(p.costDistance),
                   String(p.pathLength), String(p.costToLength), p.effectiveResistance.map { String($0) } ?? ""]
              })
    }
}

extension CorridorVectorLayer {
    /// The layer as a ``LoadedLayer`` named by the file it is written to (`source`), in `crs` (the
    /// resistance raster's): so a run hands the results to its exports, maps and cross-tabulations in
    /// memory, and every table names the file a reader will find, not a temporary one. Feature ids
    /// are 1, 2, … as GeoPackage numbers them.
    func loaded(source: String, crs: CRS) throws -> LoadedLayer {
        let context = GeometryContext()
        var extent: Envelope?
        for f in features {
            guard let wkb = f.wkb, let e = try Geometry(wkb: wkb, context: context).envelope else { continue }
            extent = extent.map { $0.union(e) } ?? e
        }
        let typeName: String
        switch kind {
        case .point: typeName = "Point"
        case .lineString, .linearRing: typeName = "Line String"
        case .polygon: typeName = "Polygon"
        case .multiPoint: typeName = "Multi Point"
        case .multiLineString: typeName = "Multi Line String"
        case .multiPolygon: typeName = "Multi Polygon"
        case .collection: typeName = "Geometry Collection"
        }
        return LoadedLayer(request: LayerRequest(source: source), layerName: name, driver: "GPKG", crs: crs, crsAssumed: false,
                           declaredCRSSetAside: nil, encoding: TextEncoding(name: "UTF-8", basis: .format), geometryType: typeName,
                           fields: fields, features: features.enumerated().map { Feature(fid: Int64($0 + 1), values: $1.values, wkb: $1.wkb) },
                           extent: extent)
    }
}
