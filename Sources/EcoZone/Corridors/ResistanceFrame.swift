// A resistance surface without its values (issue 20): what a rank of a shared corridor run that reads
// the resistance a window at a time holds of it, and all that the run's checks and messages need.

import Foundation
import GeoKit

/// The grid of a ``ResistanceSurface`` — shape, cell size, georeferencing and source — without its
/// values; ``read(_:)`` reads the values of any window from the raster, as the whole surface holds them.
public struct ResistanceFrame: Sendable {
    public var width: Int
    public var height: Int
    /// Side of one square cell, metres.
    public var cellSize: Double
    public var geoTransform: GeoTransform
    public var crs: CRS
    /// The raster file, as given: named in every error about its cells.
    public var path: String
    /// Side of the blocks of raster cells averaged into one grid cell, 1 if none.
    public var aggregation: Int

    /// Number of cells.
    public var count: Int { width * height }

    /// The cell at row-major `index`, named for a message.
    public func location(of index: Int) -> CellLocation {
        CellLocation(index: index, width: width, geoTransform: geoTransform, crs: crs, aggregation: aggregation)
    }

    /// The frame of the raster at `path` averaged in blocks of `aggregate × aggregate` cells — the grid
    /// of `ResistanceSurface.read(path).aggregated(by: aggregate)` — with the same checks of the grid
    /// (north-up, square cells, a projected CRS), reading no cell.
    public static func read(_ path: String, aggregate: Int) throws -> ResistanceFrame {
        guard aggregate >= 1 else {
            throw GeoKitError(.input, "resistance cells are aggregated in blocks of N × N with N ≥ 1, not \(aggregate)", file: path)
        }
        let info = try RasterIO.info(path)
        let (cell, crs) = try ResistanceSurface.checkGrid(info, path: path)
        var t = info.geoTransform
        t.pixelWidth *= Double(aggregate); t.pixelHeight *= Double(aggregate)
        return ResistanceFrame(width: (info.width + aggregate - 1) / aggregate, height: (info.height + aggregate - 1) / aggregate,
                               cellSize: cell * Double(aggregate), geoTransform: t, crs: crs, path: path, aggregation: aggregate)
    }

    /// The resistance over `window` of this grid, read from the raster through a GDAL window (its
    /// blocks of raster cells, clipped at the raster's edge) and averaged as
    /// ``ResistanceSurface/aggregated(by:)`` averages the whole: each window block sums the same cells
    /// in the same order, so every value is the whole surface's bit for bit. Errors name the raster's cell.
    public func read(_ window: CellWindow) throws -> ResistanceGrid {
        precondition(window.column >= 0 && window.row >= 0 && window.column + window.width <= width
                     && window.row + window.height <= height, "the window must lie inside the grid")
        let reader = try RasterReader(path)
        let f = aggregation
        let columns = (window.column * f)..<min(reader.info.width, (window.column + window.width) * f)
        let rows = (window.row * f)..<min(reader.info.height, (window.row + window.height) * f)
        let raw = try ResistanceSurface.read(reader, path: path,
                                             window: RasterWindow(col: columns.lowerBound, row: rows.lowerBound, width: columns.count, height: rows.count))
        let grid = raw.aggregated(by: f).grid
        guard grid.width == window.width, grid.height == window.height, grid.cellSize == cellSize else {
            throw GeoKitError(.input, "the raster changed while it was read: a window of \(window) gave \(grid.width) × \(grid.height) cells of \(grid.cellSize) m", file: path)
        }
        return grid
    }
}

/// What one rank of a shared corridor run holds of the resistance
/// (``CorridorAnalysis/run(resistance:cores:options:sharing:progress:stepProgress:)``).
public enum SharedResistance: Sendable {
    /// The whole surface: rank 0 always, and any rank when the resistance is not one raster read as it is.
    case whole(ResistanceSurface)
    /// Only its frame: the rank reads the windows it needs from the raster (a rank other than 0).
    case windows(ResistanceFrame)

    /// The grid's frame.
    public var frame: ResistanceFrame {
        switch self {
        case .whole(let surface): surface.frame
        case .windows(let frame): frame
        }
    }
}
