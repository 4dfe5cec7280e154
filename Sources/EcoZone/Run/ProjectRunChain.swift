import Foundation
import GeoKit

/// The 源地 → 阻力面 → 廊道 chain inside `run`: when the project has a `sources:` block, its land cover's
/// MSPA cores ranked by dPC give the sources (written to `sources/`, mapped, and used as the corridors'
/// cores); when it has a `resistance:` block, the multi-factor surface is built once (written to
/// `resistance/`) and the corridors run on it.
extension ProjectRun {
    /// What one step of the chain hands to the next.
    struct ChainState {
        /// The kept sources, adopted into the run's layer store.
        var sources: StoredLayer?
        var sourcesKept = 0
        var surface: ResistanceSurface?
    }

    static func runSources(_ spec: Project.Sources, layers: LayerStore, options: RunOptions, folder: OutputFolder,
                           results: inout RunResults, chain: inout ChainState) throws {
        let (report, patches, segmentation) = try SourceSelection.run(landcover: spec.landcover, options: spec.options)
        results.sources = report
        let dir = try folder.folder("sources")
        try SourceSelectionOutput.writeContents(report, patches: patches, segmentation: segmentation,
                                                info: try RasterIO.info(spec.landcover, band: spec.options.mspa.band), into: dir)
        results.outputs.append("sources/")
        try writeTable(RunTables.mspaClasses(report.mspa), json: report.mspa, name: "mspa_classes", folder: folder, results: &results)
        try writeTable(SourceSelectionOutput.table(report, raw: true), json: report.candidates, name: "source_candidates", folder: folder, results: &results)
        // The kept sources, in memory under the path they will have once the run's folder is in place.
        let byID = Dictionary(uniqueKeysWithValues: patches.patches.map { ($0.id, $0) })
        var n = 0
        let kept = CorridorVectorLayer(
            name: "sources", kind: .multiPolygon,
            fields: [FieldDefinition(name: "id", type: .integer), FieldDefinition(name: "name", type: .string),
                     FieldDefinition(name: "area_ha", type: .real), FieldDefinition(name: "dpc", type: .real)],
            features: report.kept.map { c in
                n += 1
                return (wkb: byID[c.id]?.wkb, values: [.integer(Int64(c.id)), .string("源地\(n)"), .real(c.hectares), .real(c.dPC)])
            })
        chain.sourcesKept = report.kept.count
        guard !kept.features.isEmpty else {
            results.warnings.append("the sources rule (\(report.rule)) kept no core patch of \(report.candidates.count) candidate(s)")
            return
        }
        let final = folder.target.appendingPathComponent("sources/sources.gpkg").path
        let stored = try layers.adopt(try kept.loaded(source: final, crs: patches.crs))
        chain.sources = stored
        let file = "geojson/sources.geojson"
        _ = try ExportReport.export(stored.valid, to: try folder.path(file), precision: options.precision)
        results.outputs.append(file)
        results.map["sources"] = try mapItems(try layers.lonLat(stored.request), labelField: "name", categoryField: nil)
    }

    static func runResistance(_ project: Project, layers: LayerStore, folder: OutputFolder, results: inout RunResults,
                              chain: inout ChainState) throws {
        let r = try MultiFactorResistance.build(project, store: layers)
        try ResistanceOutput.writeContents(r, into: try folder.folder("resistance"))
        results.outputs.append("resistance/")
        let summary = ResistanceSummary(r)
        results.resistance = summary
        results.warnings += r.warnings
        try writeTable(summary.table(raw: true), json: summary, name: "resistance_factors", folder: folder, results: &results)
        chain.surface = r.surface
    }

    /// The corridors' surface and cores: the chain's resistance when built, else the project's; the kept
    /// sources when the project picks sources, else the pattern's barriers. Nil (with a warning) when
    /// fewer than two sources were kept.
    static func corridorSetup(_ project: Project, layers: LayerStore, options: RunOptions, results: inout RunResults,
                              chain: ChainState) throws -> CorridorSetup? {
        if project.sources != nil {
            guard chain.sourcesKept >= 2, let stored = chain.sources else {
                results.warnings.append("corridors need two sources or more; the sources rule kept \(chain.sourcesKept), so no corridor was drawn")
                return nil
            }
            let surface = try chain.surface ?? ResistanceSurface.fromProject(project)
            let cores = try CorePolygons.load(stored, idField: "id", nameField: "name", to: surface.crs)
            return try CorridorSetup(surface: surface, cores: cores, aggregate: options.corridorAggregate)
        }
        if let surface = chain.surface {
            let spec = try layers.spec(PatternRole.barriers.rawValue)
            let cores = try CorePolygons.load(try layers.layer(spec), idField: spec.field(.id), nameField: spec.field(.name), to: surface.crs)
            return try CorridorSetup(surface: surface, cores: cores, aggregate: options.corridorAggregate)
        }
        return try CorridorSetup.load(project, store: layers, options: CorridorSetup.Options(aggregate: options.corridorAggregate))
    }
}

extension RunTables {
    /// The MSPA classes: class, 中文, codes, cells, area (km²), share of the foreground.
    static func mspaClasses(_ r: MSPAReport) -> Table {
        var t = Table(["class", "类别", "codes", "cells", "area_km2", "share"], alignments: [.left, .left, .right, .right, .right, .right])
        for c in r.classes {
            t.add([c.name, c.nameZh, c.codes.map(String.init).joined(separator: " "), String(c.cells), String(c.area), String(c.share)])
        }
        return t
    }
}
