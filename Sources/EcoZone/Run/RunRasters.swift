import Foundation
import GeoKit

/// What a run found on one raster layer of the project (``Project/RasterLayer``): a categorical
/// raster's class areas over the district, a DEM's slope classes, elevation bands and elevation
/// statistics per restoration zone (or town, or over the district), with the terrain's class
/// polygons for the map.
public struct RasterLayerSummary: Sendable, Encodable {
    public var name: String
    public var source: String
    public var kind: Project.RasterLayer.Kind
    public var crs: String
    public var width: Int
    public var height: Int
    /// True for a lon/lat grid (cells bounded by parallels and meridians).
    public var geographic: Bool
    /// The layer the figures are summarised over ("boundary", "restoration-zones") and its grouping
    /// field; nil: the raster's whole extent.
    public var over: String?
    public var overField: String?
    /// Class areas (categorical, or a continuous raster's bands), one zone.
    public var classes: ZonalReport?
    /// Elevation, slope classes and elevation bands per zone (elevation).
    public var terrain: TerrainReport?
    /// Files written for it, relative to the run's folder.
    public var files: [String] = []

    enum CodingKeys: String, CodingKey {
        case name, source, kind, crs, width, height, over, classes, terrain, files
        case overField = "over_field"
    }
}

/// The run's step for a raster layer: its summary, tables, and for a DEM its terrain rasters and
/// class polygons (``TerrainOutput``, in `terrain/ROLE/`, usable as layers) and the map of its
/// steepest slopes and highest ground.
enum RunRasters {
    static func summarize(_ raster: Project.RasterLayer, store: LayerStore, folder: OutputFolder, results: inout RunResults) throws {
        let project = store.project
        let reader = try RasterReader(raster.path, band: raster.band)
        guard let crs = reader.info.crs else {
            throw GeoKitError(.input, "the raster declares no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:…)", file: raster.path)
        }
        let info = reader.info
        var summary = RasterLayerSummary(name: raster.name, source: raster.path, kind: raster.kind, crs: crs.description, width: info.width,
                                         height: info.height, geographic: crs.isGeographic)
        /// Zones from a project layer (by its name field when asked), else the raster's extent.
        func zones(_ candidates: [(Role, Bool)]) throws -> RasterZones {
            for (role, byName) in candidates {
                guard let spec = project.layer(role) else { continue }
                let field = byName ? spec.field(.name) : nil
                if byName && field == nil { continue }
                summary.over = spec.name
                summary.overField = field
                return try RasterZones.make(try store.layer(spec).valid, by: field, into: crs)
            }
            return try RasterZones.wholeRaster(info, path: raster.path)
        }
        let slug = RunTables.slug(raster.name)
        switch raster.kind {
        case .categorical:
            // Over the district when the project has one, else the whole raster: shared with the claims on the same zone.
            let boundary = project.layer(.boundary)
            summary.over = boundary?.name
            let report = try store.rasterClasses(raster, within: boundary?.request).converted(to: .squareKilometres)
            summary.classes = report
            try write(RunTables.rasterClasses(report, raster: raster), json: report, name: "raster_\(slug)", folder: folder,
                      summary: &summary, results: &results)
        case .continuous:
            var options = ZonalOptions(band: raster.band, statistics: [.mean, .min, .max], unit: .squareKilometres)
            if !raster.breaks.isEmpty { options.breaks = raster.breaks }
            let report = try ZonalAnalysis.run(reader: reader, zones: try zones([(.boundary, false)]), options: options)
            summary.classes = report
            try write(RunTables.rasterClasses(report, raster: raster), json: report, name: "raster_\(slug)", folder: folder,
                      summary: &summary, results: &results)
        case .elevation:
            let options = TerrainOptions(band: raster.band, slopeBreaks: raster.slopeBreaks, elevationBreaks: raster.breaks, unit: .squareKilometres)
            let z = try zones([(.restorationZones, true), (.towns, true), (.boundary, false)])
            let report = try TerrainAnalysis.run(reader: reader, zones: z, zonesGiven: summary.over != nil, options: options)
            summary.terrain = report
            try write(RunTables.terrain(report), json: report, name: "terrain_\(slug)", folder: folder, summary: &summary, results: &results)
            // The terrain's rasters and class polygons, as `terrain` --out writes them; the steepest class and the
            // highest band drawn on the report's terrain map.
            let dir = "terrain/\(slug)"
            try TerrainOutput.writeContents(dem: raster.path, report: report, options: options, into: try folder.folder(dir))
            let written = TerrainOutput.files.filter { FileManager.default.fileExists(atPath: folder.partial.appendingPathComponent("\(dir)/\($0)").path) }
            summary.files += written.map { "\(dir)/\($0)" }
            results.outputs.append(dir + "/")
            let slopeLabels = RasterKeying.slopeLabels(raster.slopeBreaks)
            let steep = try classPolygons(folder.partial.appendingPathComponent("\(dir)/slope_classes.gpkg").path, layer: "slope_classes",
                                          field: "class", keep: max(2, slopeLabels.count - 1)...slopeLabels.count) { slopeLabels[$0 - 1] }
            results.map["\(raster.name):slope"] = steep
            if !raster.breaks.isEmpty {
                let bandLabels = RasterKeying.bandLabels(raster.breaks, unit: "m")
                let high = try classPolygons(folder.partial.appendingPathComponent("\(dir)/elevation_bands.gpkg").path, layer: "elevation_bands",
                                             field: "band", keep: bandLabels.count...bandLabels.count) { bandLabels[$0 - 1] }
                results.map["\(raster.name):elevation"] = high
            }
        }
        results.rasters.append(summary)
    }

    /// The polygons of the classes `keep` (1 = the first) of a class GeoPackage, in CGCS2000 lon/lat, for maps.
    static func classPolygons(_ path: String, layer: String, field: String, keep: ClosedRange<Int>, label: (Int) -> String) throws -> [MapFeature] {
        let loaded = try LoadedLayer.load(LayerRequest(source: path, layer: layer, whereClause: "\(field) >= \(keep.lowerBound) AND \(field) <= \(keep.upperBound)"))
        let index = try loaded.fieldIndex(field)
        let cgcs = try CRS.cgcs2000()
        let toLonLat = loaded.crs.definition == cgcs.definition ? nil : try Transformer(from: loaded.crs, to: cgcs)
        let context = GeometryContext()
        return try loaded.features.compactMap { f in
            guard let wkb = f.wkb, case .integer(let k) = f.values[index] else { return nil }
            let g = try Geometry(wkb: wkb, context: context)
            return MapFeature(wkb: try toLonLat?.transform(g).wkb ?? wkb, label: nil, category: label(Int(k)))
        }
    }

    private static func write<T: Encodable>(_ table: Table, json: T, name: String, folder: OutputFolder,
                                            summary: inout RasterLayerSummary, results: inout RunResults) throws {
        try folder.write(table.csvData, to: "tables/\(name).csv")
        try folder.write(try JSONOutput.data(json), to: "tables/\(name).json")
        results.outputs += ["tables/\(name).csv", "tables/\(name).json"]
        summary.files += ["tables/\(name).csv", "tables/\(name).json"]
    }
}
