// The moving-window current map for a resistance surface: the run with its errors named, its
// summary, and its output folder.

import Foundation
import GeoKit

/// The summary of a moving-window run (the CLI's `--json` document and `summary.json`).
public struct MovingWindowSummary: Sendable, Encodable {
    public var radiusCells: Int
    public var block: Int
    public var targets: Int
    /// Sum of the current map over its cells (A), a quick fingerprint of a run.
    public var currentSum: Double
    public var maximumCurrent: Double
    public var cellSize: Double
    public var width: Int
    public var height: Int
    public var crs: String
    public var resistance: String
    public var rule: String

    enum CodingKeys: String, CodingKey {
        case radiusCells = "radius_cells", block, targets, currentSum = "current_sum", maximumCurrent = "maximum_current",
             cellSize = "cell_size_m", width, height, crs, resistance, rule
    }
}

extension MovingWindowSummary {
    /// What `ecozone corridors --moving-window` prints; `out` is the folder written, if any.
    public func text(out: String?) -> String {
        """
        resistance \(resistance): \(width) × \(height) cells of \(NumberText.grouped(cellSize, decimals: 2)) m, \(crs)
        \(rule)
        targets \(targets); current summed over cells \(NumberText.significant(currentSum)) A, largest \(NumberText.significant(maximumCurrent)) A
        """ + (out.map { "\nwritten to \($0)" } ?? "")
    }
}

extension MovingWindowCurrent {
    /// Runs the moving window on `surface`; a circuit error names the raster (and the cell).
    /// `stepProgress` hears "moving window" (targets solved).
    public static func run(surface: ResistanceSurface, options: MovingWindowOptions, maxConcurrency: Int? = nil,
                           stepProgress: ProgressHandler? = nil) throws -> (result: MovingWindowResult, summary: MovingWindowSummary) {
        let result: MovingWindowResult
        do {
            result = try run(resistance: surface.grid, options: options, maxConcurrency: maxConcurrency,
                         progress: stepProgress.step("moving window"))
        } catch let e as CorridorError {
            if case .zeroResistance(let cell) = e {
                throw GeoKitError(.input, "\(surface.location(of: cell)) has resistance 0, which a circuit cannot represent (current would be infinite); give it a positive resistance", file: surface.path)
            }
            throw GeoKitError(.input, e.description, file: surface.path)
        }
        let finite = result.current.values.filter { $0.isFinite }
        let summary = MovingWindowSummary(
            radiusCells: options.radius, block: options.block, targets: result.targets, currentSum: finite.reduce(0, +),
            maximumCurrent: finite.max() ?? 0, cellSize: surface.grid.cellSize, width: surface.grid.width,
            height: surface.grid.height, crs: surface.crs.description, resistance: surface.origin,
            rule: "Omniscape moving window, sources 1/resistance, radius \(options.radius) cells, blocks of \(options.block) × \(options.block)")
        return (result, summary)
    }

    /// Writes `current.tif` (Float32, NoData −9999 on impassable cells) and `summary.json` as the
    /// folder `directory`, atomically, as ``CorridorOutput/write(_:summary:to:guard:progress:)`` does.
    public static func write(_ result: MovingWindowResult, summary: MovingWindowSummary, surface: ResistanceSurface,
                             to directory: String, guard rules: OutputGuard = OutputGuard()) throws {
        let folder = try OutputFolder(directory, guard: rules, command: "corridors")
        do {
            let dir = folder.partial.path
            let v = result.current.values.map { $0.isFinite ? Float($0) : Float(-9999) }
            try RasterIO.writeGeoTIFF(RasterGrid(width: surface.grid.width, height: surface.grid.height, geoTransform: surface.geoTransform,
                                                 crs: surface.crs, noData: -9999, values: v), to: "\(dir)/current.tif")
            try writeAtomically(try JSONOutput.data(summary), to: "\(dir)/summary.json")
            try folder.commit()
        } catch {
            folder.discard()
            throw folder.relocated(error)
        }
    }
}
