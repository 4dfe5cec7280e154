import Foundation
import GeoKit

/// Writes a source selection into one folder, atomically (``OutputFolder``):
///
/// - `sources.gpkg`, layer `sources`: the kept sources (`id`, `name` 源地N, `area_ha`, `dpc`, `rank`) —
///   usable as the cores of `corridors` (`--cores DIR/sources.gpkg --id id`, or a project layer);
/// - `candidates.gpkg`, layer `candidates`, and `candidates.csv`: every candidate with `kept` and `reason`;
/// - `mspa.tif`: the MSPA codes; `summary.json`: the report.
///
/// Polygons are in the land cover's CRS, edges on cell boundaries.
public enum SourceSelectionOutput {
    public static let files = ["sources.gpkg", "candidates.gpkg", "candidates.csv", "mspa.tif", "summary.json"]

    public static func write(_ report: SourceSelectionReport, patches: CorePatches, segmentation: MSPASegmentation,
                             landcover info: RasterIO.Info, to directory: String, guard rules: OutputGuard) throws {
        let folder = try OutputFolder(directory, guard: rules, command: "sources")
        do {
            try writeContents(report, patches: patches, segmentation: segmentation, info: info, into: folder.partial.path)
            try folder.commit()
        } catch {
            folder.discard()
            throw folder.relocated(error)
        }
    }

    public static func writeContents(_ report: SourceSelectionReport, patches: CorePatches, segmentation: MSPASegmentation,
                                     info: RasterIO.Info, into dir: String) throws {
        try writeLayers(report, patches: patches, into: dir)
        try writeAtomically(table(report, raw: true).csvData, to: "\(dir)/candidates.csv")
        try MSPAOutput.writeCodes(segmentation, info: info, to: "\(dir)/mspa.tif")
        try writeAtomically(try JSONOutput.data(report), to: "\(dir)/summary.json")
    }

    /// `sources.gpkg` and `candidates.gpkg`.
    public static func writeLayers(_ report: SourceSelectionReport, patches: CorePatches, into dir: String) throws {
        let byID = Dictionary(uniqueKeysWithValues: patches.patches.map { ($0.id, $0) })
        let sources = try VectorWriter(path: "\(dir)/sources.gpkg", layerName: "sources", crs: patches.crs, geometryKind: .multiPolygon,
                                       fields: [FieldDefinition(name: "id", type: .integer), FieldDefinition(name: "name", type: .string),
                                                FieldDefinition(name: "area_ha", type: .real), FieldDefinition(name: "dpc", type: .real),
                                                FieldDefinition(name: "rank", type: .integer)])
        let all = try VectorWriter(path: "\(dir)/candidates.gpkg", layerName: "candidates", crs: patches.crs, geometryKind: .multiPolygon,
                                   fields: [FieldDefinition(name: "id", type: .integer), FieldDefinition(name: "area_ha", type: .real),
                                            FieldDefinition(name: "dpc", type: .real), FieldDefinition(name: "rank", type: .integer),
                                            FieldDefinition(name: "kept", type: .integer), FieldDefinition(name: "reason", type: .string)])
        var n = 0
        for c in report.candidates {
            let wkb = byID[c.id]?.wkb
            try all.write(wkb: wkb, values: [.integer(Int64(c.id)), .real(c.hectares), .real(c.dPC), .integer(Int64(c.rank)),
                                             .integer(c.kept ? 1 : 0), .string(c.reason)])
            if c.kept {
                n += 1
                try sources.write(wkb: wkb, values: [.integer(Int64(c.id)), .string("源地\(n)"), .real(c.hectares), .real(c.dPC), .integer(Int64(c.rank))])
            }
        }
        try sources.commit()
        try all.commit()
    }

    /// Every candidate: rank, id, area, dPC and its fractions, kept or why not; `raw`: numbers as
    /// they are (for CSV), else rounded and grouped for reading.
    public static func table(_ r: SourceSelectionReport, raw: Bool = false) -> Table {
        var t = Table(["rank", "id", "area (ha)", "dPC %", "intra", "flux", "connector", "kept", "reason"],
                      alignments: [.right, .right, .right, .right, .right, .right, .right, .left, .left])
        for c in r.candidates where raw {
            t.add([String(c.rank), String(c.id), String(c.hectares), String(c.dPC), String(c.dPCIntra), String(c.dPCFlux),
                   String(c.dPCConnector), c.kept ? "yes" : "no", c.reason])
        }
        for c in r.candidates where !raw {
            t.add([String(c.rank), String(c.id), NumberText.grouped(c.hectares, decimals: 2), NumberText.fixed(c.dPC, 4),
                   NumberText.fixed(c.dPCIntra, 4), NumberText.fixed(c.dPCFlux, 4), NumberText.fixed(c.dPCConnector, 4),
                   c.kept ? "yes" : "no", c.reason])
        }
        return t
    }
}
