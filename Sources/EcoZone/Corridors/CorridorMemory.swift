// How much memory a corridor run holds, so that a raster too large is refused with a sentence
// before anything is allocated (issue 11), instead of an abort half-way.

import Foundation
import GeoKit

/// The corridor pipeline's memory, per cell of the resistance grid, and the limit it must fit in.
///
/// Since issue 16 the cost-distance surfaces are on disk (``SpilledCostDistances``) and each link
/// works on its window (``CorridorWindows``), so memory no longer grows with the cores or links.
/// Per cell of the grid, at the peak:
///
/// | bytes | what |
/// |---|---|
/// | 8 | resistance (Float64) |
/// | 4 | core labels (Int32) |
/// | 16 × workers | a Dijkstra in flight per worker (distance Float64, back-link Int32, heap position Int32; cost allocation before it is one such run plus 4 for the zones) |
/// | 12 | corridor mosaic (Float64) and the link owning each cell (Int32) |
/// | 8 | summed current (Float64) |
/// | 8 | combined barrier score (Float64) |
/// | 10 | pinch-point and barrier masks (Bool) and the ranking copy of the candidates (Float64) |
///
/// and per cell of a link's **window**, per worker: ``circuitBytesPerWindowCell`` while its circuit
/// is solved, ``barrierBytesPerWindowCell`` while its barrier scores are computed; checked with the
/// actual windows before each of those steps (``checkWindows(_:bytesPerCell:step:frame:workers:limit:)``).
/// The heap's slots (12 bytes per frontier cell) and the circuit's multigrid levels are left to the margin.
///
/// **Limit**: 3/4 of ``GeoKit/SystemMemory/available`` (physical memory from `sysconf`, or the
/// control group's limit), leaving a quarter for the process, GDAL's block cache (5 % of memory by
/// default), GEOS while vectorising, and the circuit's matrices. On a machine with 24 GB that is
/// 18 GB: with 2 workers (82 bytes a cell) about 200 million cells, whatever the number of cores.
///
/// **Disk**: 8 bytes a cell per linked core in the temporary folder (`TMPDIR`), checked before the
/// first surface is written (``SpilledCostDistances/checkSpace(cells:cores:in:)``).
public enum CorridorMemory {
    /// The fraction of available memory a run may plan to use.
    public static let fraction = 0.75

    /// The limit in bytes.
    public static var limit: Double { Double(SystemMemory.available) * fraction }

    /// Per window cell while a link's circuit is solved: the two surfaces read (16), the NLCC (8)
    /// and mask (1), the cropped resistance and labels (12), the solve's node flags, index, current
    /// and voltage (1 + 1 + 4 + 8 + 8), its edge list (4 edges a node of 16 bytes) and CSR matrix
    /// (about 100), and the conjugate-gradient vectors (40).
    public static let circuitBytesPerWindowCell = 16.0 + 8 + 1 + 12 + 22 + 64 + 100 + 40

    /// Per window cell while a link's barrier scores are computed: two surfaces and the scores.
    public static let barrierBytesPerWindowCell = 24.0

    /// Estimated bytes per grid cell held whatever the windows (see the table on the type).
    public static func bytesPerCell(workers: Int) -> Double {
        Double(8 + 4 + 16 * max(1, workers) + 12 + 8 + 8 + 10)
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
        // What any run would then need (one worker), for the message.
        let run = cells * bytesPerCell(workers: 1)
        throw GeoKitError(.input, "the raster has \(width) × \(height) = \(NumberText.grouped(cells, decimals: 0)) cells; reading it needs \(SystemMemory.describe(need)) and corridors on it at least \(SystemMemory.describe(run)), more than the limit of \(describeLimit(limit)); clip it, or coarsen it first (gdalwarp -tr)", file: path)
    }

    /// A run of `options` with `cores` cores on `frame`'s grid; checked before the cores are burnt in.
    public static func check(_ frame: ResistanceFrame, cores: Int, options: CorridorOptions, workers: Int,
                             limit: Double = CorridorMemory.limit) throws {
        let cells = Double(frame.count)
        let perCell = bytesPerCell(workers: workers)
        let need = cells * perCell
        guard need > limit else { return }
        throw GeoKitError(.input, "corridors between \(cores) cores on \(frame.width) × \(frame.height) = \(NumberText.grouped(cells, decimals: 0)) cells would need about \(SystemMemory.describe(need)) (\(Int(perCell)) bytes a cell), more than the limit of \(describeLimit(limit))", file: frame.path,
                          hint: .coarsenResistance)
    }

    /// Before a windowed step: the grid-wide part plus the `workers` largest windows at
    /// `bytesPerCell` each must fit in the limit.
    public static func checkWindows(_ windows: [CellWindow], bytesPerCell windowBytes: Double, step: String,
                                    frame: ResistanceFrame, workers: Int, limit: Double = CorridorMemory.limit) throws {
        let largest = windows.map(\.count).sorted(by: >).prefix(max(1, workers)).reduce(0, +)
        let need = Double(frame.count) * bytesPerCell(workers: workers) + Double(largest) * windowBytes
        guard need > limit else { return }
        throw GeoKitError(.input, "\(step) would need about \(SystemMemory.describe(need)) with its \(min(windows.count, max(1, workers))) largest corridor windows of \(NumberText.grouped(Double(largest), decimals: 0)) cells at once, more than the limit of \(describeLimit(limit)); give a smaller --cutoff, or coarsen the resistance", file: frame.path,
                          hint: .coarsenResistance)
    }
}
