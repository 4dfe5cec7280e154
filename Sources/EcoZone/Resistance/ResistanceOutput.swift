import Foundation
import GeoKit

/// The summary of a built resistance surface: its factor table (factor, input, breaks or classes,
/// scores, weight), the AHP consistency when weights came from a matrix, multipliers and warnings.
public struct ResistanceSummary: Sendable, Codable {
    public var grid: String
    public var crs: String
    public var width: Int
    public var height: Int
    public var cellSize: Double
    public var formula = "R = (Σ weight·score) × Π multipliers"
    public var weightsFrom: String
    public var ahp: AHPResult?
    public var factors: [ResistanceFactorRow]
    public var multipliers: [ResistanceMultiplierRow]
    public var cells: Int
    public var noDataCells: Int
    public var minimum: Double?
    public var maximum: Double?
    public var mean: Double?
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case grid, crs, width, height, formula, ahp, factors, multipliers, cells, minimum = "min", maximum = "max", mean, warnings
        case cellSize = "cell_size_m", weightsFrom = "weights_from", noDataCells = "nodata_cells"
    }

    public init(_ r: MultiFactorResult) {
        grid = r.surface.path
        crs = r.surface.crs.description
        width = r.surface.grid.width
        height = r.surface.grid.height
        cellSize = r.surface.grid.cellSize
        weightsFrom = r.ahp == nil ? "direct" : "ahp"
        ahp = r.ahp
        factors = r.factors
        multipliers = r.multipliers
        cells = r.cells
        noDataCells = r.noDataCells
        minimum = r.minimum
        maximum = r.maximum
        mean = r.mean
        warnings = r.warnings
    }

    /// The factor table; `raw`: numbers as they are (for CSV), else rounded and grouped for reading.
    public func table(raw: Bool = false) -> Table {
        var t = Table(["factor", "input", "scoring", "weight", "cells", "mean score"],
                      alignments: [.left, .left, .left, .right, .right, .right])
        for f in factors {
            let scoring: String
            if let b = f.breaks, let s = f.scores {
                scoring = "breaks " + b.map(NumberText.plain).joined(separator: ", ") + " → scores " + s.map(NumberText.plain).joined(separator: ", ")
            } else {
                scoring = "classes " + (f.classes ?? [:]).sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }
                    .map { "\($0.key)→\(NumberText.plain($0.value))" }.joined(separator: ", ")
            }
            if raw {
                t.add([f.name, f.input, scoring, String(f.weight), String(f.cells), f.meanScore.map { String($0) } ?? ""])
            } else {
                t.add([f.name, f.input, scoring, NumberText.fixed(f.weight, 4), NumberText.grouped(Double(f.cells), decimals: 0),
                       f.meanScore.map { NumberText.grouped($0, decimals: 2) } ?? "—"])
            }
        }
        return t
    }
}

/// Writes a resistance surface into one folder, atomically (``OutputFolder``):
/// `resistance.tif` (Float64, NoData −9999: impassable), `factors.csv` (the factor table, UTF-8 with
/// BOM) and `summary.json`.
public enum ResistanceOutput {
    public static let files = ["resistance.tif", "factors.csv", "summary.json"]
    public static let noData = -9999.0

    public static func write(_ r: MultiFactorResult, to directory: String, guard rules: OutputGuard) throws {
        let folder = try OutputFolder(directory, guard: rules, command: "resistance")
        do {
            try writeContents(r, into: folder.partial.path)
            try folder.commit()
        } catch {
            folder.discard()
            throw folder.relocated(error)
        }
    }

    public static func writeContents(_ r: MultiFactorResult, into dir: String) throws {
        try writeSurface(r.surface, to: "\(dir)/resistance.tif")
        let summary = ResistanceSummary(r)
        try writeAtomically(summary.table(raw: true).csvData, to: "\(dir)/factors.csv")
        try writeAtomically(try JSONOutput.data(summary), to: "\(dir)/summary.json")
    }

    /// The surface as a GeoTIFF (NaN → −9999, declared NoData).
    public static func writeSurface(_ s: ResistanceSurface, to path: String) throws {
        let values = s.grid.values.map { $0.isNaN ? noData : $0 }
        try RasterIO.writeGeoTIFF(RasterGrid(width: s.grid.width, height: s.grid.height, geoTransform: s.geoTransform, crs: s.crs,
                                             noData: noData, values: values), to: path)
    }
}
