import ArgumentParser
import Foundation
import EcoZone
import GeoKit

extension OverlayHow: ExpressibleByArgument {}

struct OverlayCommand: ParsableCommand, RemedyWording {
    static let configuration = CommandConfiguration(
        commandName: "overlay",
        abstract: "Overlay two layers; every piece keeps both sides' attributes, its parents' ids and its ellipsoidal area (lines: geodesic length; points: count).",
        discussion: "Invalid polygons are repaired first and both layers are transformed to the analysis CRS (both reported). A TopologyException is retried on a finer-to-coarser precision grid, and every retry is reported. A of lines or points is cut by B's polygons (intersection, difference or identity): each piece keeps both sides' attributes and its geodesic length on CGCS2000 (km) or point count; a point on an edge two polygons share counts in the first."
    )

    @Argument(help: "Layer A.") var a: String
    @Argument(help: "Layer B.") var b: String

    @Option(help: "intersection, union, difference, identity or symdifference.")
    var how: OverlayHow = .intersection

    @Option(name: .customLong("a-layer"), help: "Layer name in A, for multi-layer sources.") var aLayer: String?
    @Option(name: .customLong("b-layer"), help: "Layer name in B, for multi-layer sources.") var bLayer: String?
    @Option(name: .customLong("assume-crs"), help: "CRS for an input that declares none (both A and B).") var assumeCRS: String?
    @Option(help: "Text encoding of both inputs' attributes, overriding .cpg and language id, e.g. CP936.") var encoding: String?
    @Option(name: .customLong("assume-axis-order"),
            help: "lat-lon: both inputs hold (latitude, longitude), swap on reading; lon-lat: take them as they are, without the swapped-axes check.")
    var assumeAxisOrder: AxisOrder?
    @Option(help: "Analysis CRS the overlay is computed in (areas are ellipsoidal whatever it is).") var crs: String = "EPSG:4490"
    @Option(name: .customLong("grid-size"), help: "Snap to this precision grid (analysis CRS units) instead of the automatic fallback ladder.")
    var gridSize: Double?
    @Option(help: "Write the pieces here (.geojson, .gpkg, .shp, .fgb), or into a PostGIS database (PG:dbname=… host=…) with --table.") var out: String?
    @Option(help: "With --out PG:…: the table of pieces, schema.table, and its summary schema.table_summary, written in one transaction (replaced with --overwrite only when EcoZone wrote them).")
    var table: String?
    @Flag(help: "Replace an existing --out file or --table (never an input).") var overwrite = false
    @Flag(help: "Print JSON instead of a table.") var json = false

    /// A and B have a layer flag each; the other source flags apply to both.
    func remedy(for hint: GeoKitError.Hint, in error: GeoKitError) -> String? {
        hint == .nameLayer ? "name one with " + (error.file == b && error.file != a ? "--b-layer" : "--a-layer") : nil
    }

    func request(_ source: String, layer: String?) -> LayerRequest {
        LayerRequest(source: source, layer: layer, assumedCRS: assumeCRS, encoding: encoding, axisOrder: assumeAxisOrder)
    }

    func run() throws {
        let analysis = try CRS(crs)
        let rules = OutputGuard(overwrite: overwrite, reading: [a, b])
        let database = out.flatMap { PostGISConnection($0) }
        if let database {
            guard let table, !table.isEmpty else { throw ValidationError("--out PG:… needs --table schema.table") }
            // Refused before any overlay is computed.
            try PostGISOverlaySink.checkNotInput(connection: database, table: table, inputs: [request(a, layer: aLayer), request(b, layer: bLayer)])
        } else {
            if table != nil { throw ValidationError("--table applies to --out PG:… only") }
            if let out { try rules.checkFile(out, format: VectorFormat(path: out) ?? .geoJSON) }
        }
        // Lines or points in A: cut by B's polygons, measured by length or count.
        let store = try LayerStore(analysisCRS: crs)
        let ra = request(a, layer: aLayer), rb = request(b, layer: bLayer)
        if try store.shape(rb) != .polygon {
            throw GeoKitError(.input, "B holds \(try store.shape(rb).rawValue)s; overlay cuts A by B's polygons: give the line or point layer as A", file: b)
        }
        let shape = try store.shape(ra)
        if shape != .polygon {
            if database != nil { throw GeoKitError(.input, "--out PG:… writes the pieces of two polygon layers; A holds \(shape.rawValue)s: write them to a file", file: PostGISConnection.masked(a)) }
            return try runFeatures(store: store, a: ra, b: rb, shape: shape, rules: rules)
        }
        let la = try OverlayLayer.prepare(try LoadedLayer.load(request(a, layer: aLayer)), analysisCRS: analysis)
        let lb = try OverlayLayer.prepare(try LoadedLayer.load(request(b, layer: bLayer)), analysisCRS: analysis)
        let result = try PairwiseOverlay.run(la, lb, how: how, gridSize: gridSize)
        var written: PostGISOverlaySink.Report?
        if let database, let table {
            written = try PostGISOverlaySink.write(result, to: database, table: table, overwrite: overwrite, inputs: [ra, rb])
        } else if let out {
            try result.write(to: out, guard: rules)
        }
        let s = result.summary(output: written.map { "\($0.table) of \($0.connection)" } ?? out)
        if json { return try Console.printJSON(s) }
        print("\(s.a.name) \(how.rawValue) \(s.b.name): \(s.pieces) piece(s), analysis CRS \(s.analysisCRS), areas ellipsoidal on CGCS2000")
        for side in [s.a, s.b] {
            print("  \(side.name): \(side.features) feature(s), \(NumberText.grouped(side.area.squareKilometres, decimals: 4)) km², from \(side.crs) (\(side.transformation))")
            for r in side.repairs { print("    repaired feature \(r.fid): \(r.reason)") }
            if side.skipped > 0 { print("    \(side.skipped) feature(s) without polygonal geometry skipped") }
        }
        var t = Table(["part", "area (km²)"], alignments: [.left, .right])
        t.add(["in both", NumberText.grouped(s.inBoth.squareKilometres, decimals: 4)])
        if how != .intersection { t.add(["only in \(s.a.name)", NumberText.grouped(s.onlyA.squareKilometres, decimals: 4)]) }
        if how == .union || how == .symdifference { t.add(["only in \(s.b.name)", NumberText.grouped(s.onlyB.squareKilometres, decimals: 4)]) }
        t.footer.append(["total", NumberText.grouped(s.total.squareKilometres, decimals: 4)])
        print(t.text)
        print(diagnosticsText(s.diagnostics))
        if let w = written {
            print("wrote \(w.pieces) piece(s) to table \(w.table) and the summary to \(w.summaryTable) of \(w.connection) (SRID \(w.srid), GiST index, one transaction)")
            print("  comment: \(w.comment)")
        } else if let out {
            print("wrote \(out)")
        }
    }
}

extension OverlayCommand {
    /// A of lines or points: pieces inside and outside B's polygons, by geodesic length or count.
    func runFeatures(store: LayerStore, a ra: LayerRequest, b rb: LayerRequest, shape: FeatureShape, rules: OutputGuard) throws {
        let name = URL(fileURLWithPath: a).deletingPathExtension().lastPathComponent
        let result = try FeatureOverlay.run(try store.features(inAnalysisCRS: ra), name: name, sourceCRS: try store.layer(ra).valid.crs,
                                            shape: shape, try store.overlay(rb, name: URL(fileURLWithPath: b).deletingPathExtension().lastPathComponent),
                                            how: how)
        if let out { try result.write(to: out, guard: rules) }
        let s = try result.summary(output: out)
        if json { return try Console.printJSON(s) }
        let (unit, decimals) = shape == .line ? ("km", 4) : ("points", 0)
        print("\(s.a.name) \(how.rawValue) \(s.b.name): \(s.pieces) piece(s), analysis CRS \(s.analysisCRS), \(s.method)")
        print("  \(s.a.name): \(s.a.features) \(shape.rawValue) feature(s), \(NumberText.grouped(s.a.total, decimals: decimals)) \(unit), from \(s.a.crs)")
        print("  \(s.b.name): \(s.b.features) feature(s), \(NumberText.grouped(s.b.area.squareKilometres, decimals: 4)) km², from \(s.b.crs) (\(s.b.transformation))")
        for r in s.b.repairs { print("    repaired feature \(r.fid): \(r.reason)") }
        var t = Table(["part", shape == .line ? "length (km)" : "points"], alignments: [.left, .right])
        if how != .difference { t.add(["in \(s.b.name)", NumberText.grouped(s.inBoth, decimals: decimals)]) }
        if how != .intersection { t.add(["outside \(s.b.name)", NumberText.grouped(s.onlyA, decimals: decimals)]) }
        t.footer.append(["total", NumberText.grouped(s.inBoth + s.onlyA, decimals: decimals)])
        print(t.text)
        if let out { print("wrote \(out)") }
    }
}

/// The lines every overlay-based command prints about robustness (``CrossTabulationText/diagnostics(_:)``).
func diagnosticsText(_ d: OverlayDiagnostics) -> String { CrossTabulationText.diagnostics(d) }
