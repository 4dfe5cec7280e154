import Foundation
import GeoKit

/// Settings of a run (`ecozone run`).
public struct RunOptions: Sendable, Codable {
    /// Decimal places of GeoJSON coordinates (6 ≈ 0.1 m).
    public var precision: Int = 6
    /// Simplify exported layers to this tolerance in metres (shared edges kept shared); nil: none.
    public var simplifyMetres: Double?
    /// Run the corridor analysis when the project has a resistance surface.
    public var corridors: Bool = true
    /// Average N × N resistance cells first (a quicker, coarser corridor run).
    public var corridorAggregate: Int = 1
    /// Also write `geojson-gcj02/`: every layer in GCJ-02 for Chinese web map services (Amap, Tencent).
    public var gcj02: Bool = false
    /// Above these, a layer is also written as vector tiles (`tiles/ROLE.mbtiles`).
    public var tiles = VectorTileThresholds()
    /// The report's language (`--lang`); nil: the project's `lang:`, else Chinese.
    public var language: ReportLanguage?

    public init(precision: Int = 6, simplifyMetres: Double? = nil, corridors: Bool = true, corridorAggregate: Int = 1, gcj02: Bool = false,
                tiles: VectorTileThresholds = VectorTileThresholds(), language: ReportLanguage? = nil) {
        self.language = language
        self.gcj02 = gcj02
        self.tiles = tiles
        self.precision = precision
        self.simplifyMetres = simplifyMetres
        self.corridors = corridors
        self.corridorAggregate = corridorAggregate
    }

    enum CodingKeys: String, CodingKey {
        case precision, corridors, gcj02, tiles
        case language = "lang"
        case simplifyMetres = "simplify_m", corridorAggregate = "corridor_aggregate"
    }
}

/// What a run reports as it goes.
public enum RunEvent: Sendable {
    /// Step `index` of `count` starts.
    case started(index: Int, count: Int, name: String)
    /// The step finished after `seconds`.
    case finished(index: Int, count: Int, name: String, seconds: Double)
}

/// Everything a run computed, for the report and for callers.
public struct RunResults: Sendable {
    public struct LayerSummary: Sendable, Codable {
        /// The layer's name: its role, or "ROLE-YEAR" for an earlier version.
        public var role: String
        /// The role itself ("red-line" for "red-line-2020"), and the version's year where dated.
        public var baseRole: Role? = nil
        public var year: Int? = nil
        /// False for an earlier version of a role.
        public var latest: Bool = true
        public var source: String
        public var crs: String
        public var encoding: String
        public var geometry: String
        public var features: Int
        /// Polygon layers: the geodesic area of the repaired features (`AreaReport`), in km².
        public var area: Area?
        /// km² by the layer's name or grade field, where it has one.
        public var groupedBy: String?
        public var groups: [AreaReport.Group]?
        /// km (geodesic) for line layers.
        public var length: Double?
        public var repairs: Int
        /// Field roles → the layer's field names ("name": "NAME"), for the report (not in run.json).
        public var fieldRoles: [String: String] = [:]

        enum CodingKeys: String, CodingKey {
            case role, source, crs, encoding, geometry, features, groups, repairs, year, latest
            case baseRole = "base_role"
            case area = "area_km2", length = "length_km", groupedBy = "grouped_by"
        }
    }

    public var projectName: String
    public var projectPath: String
    public var analysisCRS: String
    /// How the report names layers the project labels (`label:`), by layer name.
    public var labels: [String: String] = [:]
    public var layers: [LayerSummary] = []
    public var matrix: OverlapMatrix?
    public var tabulations: [CrossTabulation] = []
    public var conflicts: ConflictList?
    public var claims: ValidationReport?
    public var pattern: PatternReport?
    public var corridors: CorridorSummary?
    /// The ecological sources picked from the land cover (`sources:`), and the multi-factor resistance (`resistance:`).
    public var sources: SourceSelectionReport?
    public var resistance: ResistanceSummary?
    /// Pinch points, barriers and corridors against the red line.
    public var corridorTabulations: [CrossTabulation] = []
    /// Per role (and for results: "conflicts", "pattern_links", "corridor_paths", "corridor_polygons",
    /// "pinch_points", "barrier_patches"), features to map.
    public var map: [String: [MapFeature]] = [:]
    /// The lon/lat envelope of the boundary (or of everything), to frame maps.
    public var frame: Envelope?
    public var steps: [RunManifest.Step] = []
    /// Layers also written as vector tiles.
    public var tiles: [TiledLayer] = []
    public var outputs: [String] = []
    /// Per layer name, its ordered field and the order of its classes (erosion and rocky
    /// desertification grades by default, a project's `order:`), which tables, CSV, JSON and maps follow.
    public var classOrders: [String: OrderedField] = [:]
    /// What the run noticed and went on with (values of no class …), one sentence each.
    public var warnings: [String] = []
    /// The base map the project names for the report's interactive map.
    public var basemap: Basemap?
    /// What the run's layer store did: opens per source, reads, repairs (not in run.json).
    public var layerStore = LayerStore.Counts()
    /// The project's raster layers, summarised (land-use classes over the district, terrain per zone).
    public var rasters: [RasterLayerSummary] = []
}

/// `ecozone run`: every analysis a project file asks for, written into one folder — `geojson/`
/// (RFC 7946 per layer and per result), `tables/` (CSV with BOM and JSON), `report.html` and
/// `run.json` — atomically: a failure or Ctrl-C leaves the folder as it was.
///
/// Every step takes its layers from one ``LayerStore``: each source is opened once and each feature
/// repaired once for the whole run; the overlay (matrix, cross-tabs, conflicts, the pattern's cover)
/// shares one analysis-CRS form per layer, maps and the pattern one lon/lat form; the conflicts'
/// pieces are written as they were cut, and the corridor results are handed to the export, the maps
/// and the cross-tabs in memory (``LayerStore/adopt(_:)``), under the path they are written to.
public enum ProjectRun {
    /// Runs every step into the folder `out`, which is checked before any work (`OutputGuard.checkFolder`,
    /// against every file the project names): it must not be the project's folder or hold any input,
    /// nor be the current folder or one above it, and an existing folder is replaced only when it is
    /// empty or EcoZone wrote it.
    public static func execute(project path: String, out: String, options: RunOptions = RunOptions(),
                               progress: @escaping @Sendable (RunEvent) -> Void = { _ in }) throws -> RunResults {
        try execute(try Project.load(path), out: out, options: options, progress: progress)
    }

    /// Runs every step of a loaded project (see ``execute(project:out:options:progress:)``). Every file
    /// the project names must exist (``Project/checkInputsExist()``).
    public static func execute(_ project: Project, out: String, options: RunOptions = RunOptions(),
                               progress: @escaping @Sendable (RunEvent) -> Void = { _ in }) throws -> RunResults {
        let started = Date()
        let path = project.path
        try project.checkInputsExist()
        var rules = OutputGuard()
        rules.read(project)
        let folder = try OutputFolder(out, guard: rules, command: "run")
        let layers = try LayerStore(project)
        var results = RunResults(projectName: project.name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                                 projectPath: path, analysisCRS: layers.analysisCRS.description)
        let polygonRoles = try layers.polygonRoles()
        let allSpecs = project.layers
        let resistance = options.corridors ? project.pattern?.resistance ?? project.resistance.map { _ in "resistance:" } : nil
        var chain = ChainState()
        results.basemap = project.basemap
        results.labels = project.labels
        for spec in allSpecs { if let o = classOrder(spec) { results.classOrders[spec.name] = o } }

        // The plan of steps, so progress can say "3/12". A layer over the tile thresholds adds a
        // "tiles ROLE" step right after its own.
        var plan: [(String, () throws -> Void)] = []
        // A layer's step inserts its tiles step into `plan`, so the closures hold the box that holds
        // them: emptied on the way out, or the store, the folder and every layer read stay alive (a
        // reference cycle LeakSanitizer reports at exit).
        defer { plan.removeAll() }
        var current = 0
        var pendingTiles: (LoadedLayer, TiledLayer)?
        for spec in allSpecs {
            plan.append(("layer \(spec.name)", {
                let layer = try measureAndExport(spec, store: layers, polygon: polygonRoles.contains(spec.name), options: options, folder: folder,
                                                 results: &results)
                guard let tiled = try tilesWanted(layer, role: spec.name, options: options, folder: folder) else { return }
                pendingTiles = (layer, tiled)
                plan.insert(("tiles \(spec.name)", {
                    guard let (layer, tiled) = pendingTiles else { return }
                    pendingTiles = nil
                    var t = tiled
                    t.options = try VectorTileExport.write(layer, name: spec.name, to: try folder.path(t.file), maxZoom: options.tiles.maxZoom)
                    results.tiles.append(t)
                    results.outputs.append(t.file)
                }), at: current + 1)
            }))
        }
        for raster in project.rasters {
            plan.append(("raster \(raster.name)", {
                try RunRasters.summarize(raster, store: layers, folder: folder, results: &results)
            }))
        }
        if polygonRoles.count > 1 {
            plan.append(("overlap matrix", {
                let m = try layers.overlapMatrix()
                results.matrix = m
                try writeTable(RunTables.matrix(m), json: m, name: "overlap_matrix", folder: folder, results: &results)
            }))
        }
        for tabulation in project.tabulations {
            let dims = tabulation.texts
            plan.append(("cross-tab \(dims.joined(separator: " × "))", {
                let t = ordered(try layers.crossTabulation(tabulation), results.classOrders)
                results.tabulations.append(t)
                try writeTable(RunTables.crossTab(t), json: t, name: "crosstab_" + RunTables.slug(dims.joined(separator: "_")),
                               folder: folder, results: &results)
            }))
        }
        if project.layer(.projects) != nil, Role.protecting.contains(where: { project.layer($0) != nil }) {
            plan.append(("conflicts", {
                let c = try layers.conflicts()
                results.conflicts = c
                try writeTable(RunTables.conflicts(c), json: c, name: "conflicts", folder: folder, results: &results)
                try writeConflictPieces(c, folder: folder, options: options, results: &results)
            }))
        }
        if let claimsPath = project.claims {
            plan.append(("claims", {
                let v = try ValidationReport.validate(project: project, claims: try ClaimsFile.load(claimsPath), store: layers)
                results.claims = v
                try writeTable(RunTables.claims(v), json: v, name: "claims", folder: folder, results: &results)
            }))
        }
        if project.pattern != nil {
            plan.append(("security pattern", {
                let p = try PatternAnalysis.run(project, store: layers)
                results.pattern = p
                try writeTable(RunTables.patternElements(p), json: p, name: "pattern", folder: folder, results: &results)
                let written = try PatternExport.writeContents(p, into: try folder.folder("geojson/pattern"), precision: options.precision)
                results.outputs += written.map { "geojson/pattern/" + URL(fileURLWithPath: $0).lastPathComponent }
                results.map["pattern_links"] = try patternLinks(p)
            }))
        }
        if let s = project.sources {
            plan.append(("sources", {
                try runSources(s, layers: layers, options: options, folder: folder, results: &results, chain: &chain)
            }))
        }
        if project.resistance != nil {
            plan.append(("resistance", {
                try runResistance(project, layers: layers, folder: folder, results: &results, chain: &chain)
            }))
        }
        if resistance != nil {
            plan.append(("corridors", {
                try runCorridors(project, layers: layers, options: options, folder: folder, results: &results, chain: chain)
            }))
        }
        plan.append(("report", {
            let html = try RunReport.html(results, language: options.language ?? project.language ?? .zh, folder: folder.partial.path)
            try folder.write(Data(html.utf8), to: "report.html")
            results.outputs.append("report.html")
        }))

        do {
            while current < plan.count {
                let (name, step) = plan[current]
                progress(.started(index: current + 1, count: plan.count, name: name))
                let memory = StepMemory.start()
                let t0 = Date()
                try step()
                let seconds = Date().timeIntervalSince(t0)
                let (peak, rise) = StepMemory.finish(memory)
                results.steps.append(RunManifest.Step(name: name, seconds: seconds, peakMiB: peak, riseMiB: rise,
                                                      residentBeforeMiB: memory.residentBefore, memory: memory.method))
                progress(.finished(index: current + 1, count: plan.count, name: name, seconds: seconds))
                current += 1
            }
            results.layerStore = layers.counts
            let manifest = try RunManifest.make(project: project, options: options, results: results,
                                                seconds: Date().timeIntervalSince(started))
            try folder.write(try JSONOutput.data(manifest), to: "run.json")
            results.outputs.append("run.json")
            try folder.commit()
        } catch {
            folder.discard()
            throw folder.relocated(error)
        }
        return results
    }

    // MARK: steps

    /// Returns the layer read (repaired), for its vector tiles.
    private static func measureAndExport(_ spec: Project.Layer, store: LayerStore, polygon: Bool, options: RunOptions, folder: OutputFolder,
                                         results: inout RunResults) throws -> LoadedLayer {
        let stored = try store.layer(spec)
        let layer = stored.valid
        var summary = RunResults.LayerSummary(role: spec.name, baseRole: spec.role, year: spec.year, latest: spec.isLatest,
                                              source: spec.request.source, crs: layer.crs.description,
                                              encoding: layer.encoding.description, geometry: layer.geometryType,
                                              features: layer.features.count, repairs: 0)
        summary.fieldRoles = Dictionary(uniqueKeysWithValues: spec.fields.map { ($0.key.rawValue, $0.value) })
        let ordered = results.classOrders[spec.name]
        let groupField = spec.field(.grade) ?? ordered?.field ?? spec.field(.name)
        if polygon {
            var report = try AreaReport.measure(stored, groupField: groupField, workers: store.workers)
            if let o = ordered, o.field == groupField {
                report.groups.sort { o.order.precedes($0.key, $1.key) }
                if let w = o.order.warning(layer: spec.name, field: o.field, unknown: o.order.arrange(report.groups.map(\.key)).unknown) {
                    results.warnings.append(w)
                }
            }
            summary.area = report.totalArea
            summary.groupedBy = report.groupedBy
            summary.groups = report.groups
            summary.repairs = report.repairs.count
            try writeTable(RunTables.areas(report, role: spec.name), json: report, name: "areas_" + RunTables.slug(spec.name),
                           folder: folder, results: &results)
        } else {
            summary.length = try LayerLength.geodesic(layer).metres / 1000
        }
        results.layers.append(summary)
        let file = "geojson/\(RunTables.slug(spec.name)).geojson"
        _ = try ExportReport.export(layer, to: try folder.path(file), precision: options.precision, simplifyMetres: options.simplifyMetres)
        results.outputs.append(file)
        if options.gcj02 {
            let shifted = "geojson-gcj02/\(RunTables.slug(spec.name)).geojson"
            _ = try ExportReport.export(layer, to: try folder.path(shifted), precision: options.precision,
                                        simplifyMetres: options.simplifyMetres, gcj02: true)
            results.outputs.append(shifted)
        }
        results.map[spec.name] = try mapItems(try store.lonLat(spec.request), labelField: spec.field(.name),
                                              categoryField: ordered?.field ?? spec.field(.grade) ?? spec.field(.name))
        let isBoundary = spec.role == .boundary && spec.isLatest
        if isBoundary || results.frame == nil {
            let env = try envelope(of: results.map[spec.name] ?? [])
            if isBoundary { results.frame = env } else if results.frame == nil { results.frame = env }
        }
        return layer
    }

    /// The tiles a layer gets when its GeoJSON (as written) or its feature count is over the thresholds.
    private static func tilesWanted(_ layer: LoadedLayer, role: String, options: RunOptions, folder: OutputFolder) throws -> TiledLayer? {
        let geojson = try folder.path("geojson/\(RunTables.slug(role)).geojson")
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: geojson))?[.size] as? NSNumber)?.intValue ?? 0
        let count = layer.features.filter { $0.wkb != nil }.count
        guard let reason = options.tiles.reason(features: count, geojsonBytes: bytes) else { return nil }
        return TiledLayer(role: role, file: "tiles/\(RunTables.slug(role)).mbtiles", layer: role, features: count, geojsonBytes: bytes,
                          reason: reason, options: VectorTileOptions(minZoom: 0, maxZoom: options.tiles.maxZoom))
    }

    /// The conflicts' pieces, as the conflicts step cut them: one GeoJSON per protected role, and the map.
    private static func writeConflictPieces(_ conflicts: ConflictList, folder: OutputFolder, options: RunOptions,
                                            results: inout RunResults) throws {
        var items: [MapFeature] = []
        for role in Role.protecting {
            guard let overlay = conflicts.overlays[role.rawValue], !overlay.pieces.isEmpty else { continue }
            let file = "geojson/conflicts_projects_\(RunTables.slug(role.rawValue)).geojson"
            try overlay.write(to: try folder.path(file), precision: options.precision)
            results.outputs.append(file)
            let ctx = GeometryContext()
            let toLonLat = try Transformer(from: overlay.a.analysisCRS, to: try CRS.cgcs2000())
            items += try overlay.pieces.map { MapFeature(wkb: try toLonLat.transform(try Geometry(wkb: $0.wkb, context: ctx)).wkb, label: nil, category: role.rawValue) }
        }
        results.map["conflicts"] = items
    }

    private static func runCorridors(_ project: Project, layers: LayerStore, options: RunOptions, folder: OutputFolder,
                                     results: inout RunResults, chain: ChainState) throws {
        guard let setup = try corridorSetup(project, layers: layers, options: options, results: &results, chain: chain) else { return }
        let corridorOptions = CorridorOptions()
        let analysis = try CorridorAnalysis.run(surface: setup.surface, cores: setup.cores, options: corridorOptions)
        let summary = CorridorSummary(analysis, options: corridorOptions)
        results.corridors = summary
        // Inside the run's own folder, which is renamed into place as a whole at the end.
        let corridorDir = URL(fileURLWithPath: try folder.folder("corridors"))
        try CorridorOutput.writeContents(analysis, summary: summary, into: corridorDir.path)
        results.outputs.append("corridors/")
        try writeTable(RunTables.corridorPairs(summary), json: summary, name: "corridor_pairs", folder: folder, results: &results)
        let redLine = project.layer(.redLine) != nil
            ? try GroupingLayer.keyed(try layers.overlay(Role.redLine), field: nil, label: Role.redLine.rawValue) : nil
        // The results as written, handed over in memory under the path they will have once the run's folder is in place.
        let final = folder.target.appendingPathComponent("corridors")
        for vectors in [analysis.paths, analysis.corridorPolygons, analysis.pinchPolygons, analysis.barrierPolygons].compactMap({ $0 }) {
            let name = vectors.name
            let stored = try layers.adopt(try vectors.loaded(source: final.appendingPathComponent("\(name).gpkg").path, crs: analysis.surface.crs))
            // Nothing found (no barrier worth restoring …): the GeoPackage says so; no empty GeoJSON, map layer or table.
            guard !stored.valid.features.isEmpty else { continue }
            let file = "geojson/\(name).geojson"
            _ = try ExportReport.export(stored.valid, to: try folder.path(file), precision: options.precision)
            results.outputs.append(file)
            let mapKey = ["corridor_paths": "corridor_paths", "corridors": "corridor_polygons", "pinch_points": "pinch_points",
                          "barriers": "barrier_patches"][name]!
            results.map[mapKey] = try mapItems(try layers.lonLat(stored.request), labelField: nil, categoryField: nil)
            if let redLine, name != "corridor_paths" {
                let t = try layers.crossTabulation(stored.request, name: name, firstField: nil, firstLabel: name, groups: [redLine])
                results.corridorTabulations.append(t)
                try writeTable(RunTables.crossTab(t), json: t, name: "crosstab_\(name)_\(Role.redLine.rawValue)", folder: folder, results: &results)
            }
        }
    }

    // MARK: helpers

    /// The ordered field of a layer: its grade field (else its class field) in the project's `order:`,
    /// or in the national order of its role (erosion, rocky desertification); nil when it has neither.
    static func classOrder(_ spec: Project.Layer) -> OrderedField? {
        let field = spec.field(.grade).map { ($0, Project.FieldRole.grade) } ?? spec.field(.class).map { ($0, Project.FieldRole.class) }
        guard let (name, role) = field else { return nil }
        if let classes = spec.order { return OrderedField(layer: spec.name, field: name, role: role, order: ClassOrder(classes: classes, origin: .project)) }
        guard role == .grade, let national = ClassOrder.national(for: spec.role) else { return nil }
        return OrderedField(layer: spec.name, field: name, role: role, order: national)
    }

    /// A cross-tabulation's rows sorted by their keys, each dimension in its class order where it keys
    /// an ordered field and in text order otherwise, "(outside)" last.
    static func ordered(_ t: CrossTabulation, _ orders: [String: OrderedField]) -> CrossTabulation {
        ordered(t, byDimension: classOrders(t, orders))
    }

    /// Each dimension's class order (a project's or national order, else the tabulation's own key order).
    static func classOrders(_ t: CrossTabulation, _ orders: [String: OrderedField]) -> [ClassOrder] {
        t.dimensions.map { d in
            orders.values.first { $0.keys(dimension: d) }?.order ?? t.keyOrders[d].map { ClassOrder(classes: $0) } ?? ClassOrder(classes: [])
        }
    }

    /// The rows sorted dimension by dimension in `byDimension`'s orders (a merged split run sorts so too).
    static func ordered(_ t: CrossTabulation, byDimension: [ClassOrder]) -> CrossTabulation {
        var out = t
        out.rows.sort { a, b in
            for (i, o) in byDimension.enumerated() where i < a.keys.count && i < b.keys.count && a.keys[i] != b.keys[i] {
                return o.precedes(a.keys[i], b.keys[i])
            }
            return false
        }
        return out
    }

    static func writeTable<T: Encodable>(_ table: Table, json: T, name: String, folder: OutputFolder,
                                                 results: inout RunResults) throws {
        try folder.write(table.csvData, to: "tables/\(name).csv")
        try folder.write(try JSONOutput.data(json), to: "tables/\(name).json")
        results.outputs += ["tables/\(name).csv", "tables/\(name).json"]
    }

    /// The features of a layer in CGCS2000 lon/lat, repaired (a store's ``LayerStore/lonLat(_:)``),
    /// with their label and class.
    static func mapItems(_ layer: LoadedLayer, labelField: String?, categoryField: String?) throws -> [MapFeature] {
        let li = try labelField.map { try layer.fieldIndex($0) }
        let ci = try categoryField.map { try layer.fieldIndex($0) }
        return layer.features.compactMap { f in
            guard let wkb = f.wkb else { return nil }
            return MapFeature(wkb: wkb, label: li.map { f.values[$0].description }, category: ci.map { f.values[$0].description })
        }
    }

    private static func envelope(of items: [MapFeature]) throws -> Envelope? {
        let ctx = GeometryContext()
        return try items.reduce(nil as Envelope?) { acc, item in
            guard let e = try Geometry(wkb: item.wkb, context: ctx).envelope else { return acc }
            return acc.map { $0.union(e) } ?? e
        }
    }

    /// The pattern graph's links as lines between the linked elements' points.
    private static func patternLinks(_ p: PatternReport) throws -> [MapFeature] {
        try p.linkLines().map { MapFeature(wkb: $0.wkb, label: nil, category: $0.edge.nature.rawValue) }
    }
}
