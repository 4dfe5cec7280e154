// How much memory a corridor run holds, so that a raster too large is refused with a sentence
// before anything is allocated (issue 11), instead of an abort half-way.

import Foundation
import GeoKit

/// The corridor pipeline's memory, per cell of the resistance grid, and the limit it must fit in.
///
/// Every step holds whole grids (a later issue makes corridors run in bounded memory). Per cell,
/// at the peak (Barrier Mapper, with everything before it still held by ``CorridorAnalysis``):
///
/// | bytes | what |
/// |---|---|
/// | 8 | resistance (Float64) |
/// | 4 | core labels (Int32) |
/// | 12 × cores | one cost-distance surface with back-links per core (``LinkageNetwork``: Float64 + Int32) |
/// | 16 × workers | a Dijkstra in flight per worker (heap position Int32 + heap slot Float64 + Int32) |
/// | 12 | corridor mosaic (Float64) and the link owning each cell (Int32) |
/// | 9 × links | a corridor mask per link (Bool) and a barrier score grid per link (Float64) |
/// | 30 × workers | a circuit solve per worker: node flags, index, current and voltage grids (1 + 1 + 4 + 8 + 8) plus the summed current (8) |
/// | 8 × (radii + 2) | barrier scores per radius, their maximum and the ranking copy |
///
/// Links are not known before the run: at most `cores × (cores − 1) / 2` for all pairs, and
/// `3 × cores − 6` for adjacent cost-allocation zones (a planar graph). The circuit's sparse matrix
/// covers corridor cells only and is left to the margin below.
///
/// **Limit**: 3/4 of ``GeoKit/SystemMemory/available`` (physical memory from `sysconf`, or the
/// control group's limit), leaving a quarter for the process, GDAL's block cache (5 % of memory by
/// default), GEOS while vectorising, and the circuit's matrices. On a machine with 24 GB that is
/// 18 GB: about 40 million cells with 8 cores (400 bytes a cell), e.g. 6,000 × 6,000.
public enum CorridorMemory {
    /// The fraction of available memory a run may plan to use.
    public static let fraction = 0.75

    /// The limit in bytes.
    public static var limit: Double { Double(SystemMemory.available) * fraction }

    /// Estimated bytes per grid cell (see the table on the type).
    public static func bytesPerCell(cores: Int, links: Int, radii: Int, workers: Int) -> Double {
        Double(8 + 4 + 12 * cores + 16 * workers + 12 + 9 * links + 30 * workers + 8 * (radii + 2))
    }

    static func describeLimit(_ limit: Double) -> String {
        limit == Self.limit ? "\(SystemMemory.describe(limit)) (3/4 of this machine's \(SystemMemory.describe(Double(SystemMemory.available))))"
            : SystemMemory.describe(limit)
    }

    /// The most links a run over `cores` cores can have.
    public static func maximumLinks(cores: Int, allPairs: Bool) -> Int {
        allPairs ? cores * (cores - 1) / 2 : max(1, 3 * cores - 6)
    }

    /// Reading a raster of `width × height` cells: the band as Float64 (or Int32) plus the
    /// Float64 resistance made from it, 16 bytes a cell. Checked before a cell is read.
    public static func checkRead(width: Int, height: Int, path: String, limit: Double = CorridorMemory.limit) throws {
        let cells = Double(width) * Double(height)
        let need = cells * 16
        guard need > limit else { return }
        // What any run would then need (two cores, one link, three radii, one worker), for the message.
        let run = cells * bytesPerCell(cores: 2, links: 1, radii: 3, workers: 1)
        throw GeoKitError(.input, "the raster has \(width) × \(height) = \(NumberText.grouped(cells, decimals: 0)) cells; reading it needs \(SystemMemory.describe(need)) and corridors on it at least \(SystemMemory.describe(run)), more than the limit of \(describeLimit(limit)); clip it, or coarsen it first (gdalwarp -tr)", file: path)
    }

    /// A run of `options` with `cores` cores on `surface`; checked before the cores are burnt in.
    public static func check(_ surface: ResistanceSurface, cores: Int, options: CorridorOptions, workers: Int,
                             limit: Double = CorridorMemory.limit) throws {
        let cells = Double(surface.grid.count)
        let links = maximumLinks(cores: cores, allPairs: options.selection == .allPairs)
        let radii = options.barriers ? (options.barrierRadii?.count ?? 3) : 0
        let perCell = bytesPerCell(cores: cores, links: links, radii: radii, workers: workers)
        let need = cells * perCell
        guard need > limit else { return }
        throw GeoKitError(.input, "corridors between \(cores) cores on \(surface.grid.width) × \(surface.grid.height) = \(NumberText.grouped(cells, decimals: 0)) cells would need about \(SystemMemory.describe(need)) (\(Int(perCell)) bytes a cell), more than the limit of \(describeLimit(limit))", file: surface.path,
                          hint: .coarsenResistance)
    }
}
