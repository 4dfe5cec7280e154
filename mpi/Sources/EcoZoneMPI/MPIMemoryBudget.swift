// The memory a distributed circuit run needs per rank, estimated before anything is allocated, so that a
// run that cannot fit is refused with the figure instead of being killed half-way (issue 20).

import EcoZone
import Foundation
import GeoKit

/// Bytes per rank of `ecozone-mpi circuit`, from the grid, the ranks and how the inputs are read.
///
/// Per cell a rank **owns** (cells / ranks, DMDA split):
///
/// | bytes | what |
/// |---|---|
/// | 12 | resistance (Float64) and core labels (Int32) of its window and halo |
/// | 152 | the matrix row: 9 entries of value (8) and 64-bit column index (8), row pointer (8) |
/// | 72 | PETSc vectors: solution, right-hand side, reachability (global and ghosted), CG's 4 work vectors |
/// | 16 | voltage and current of the owned cells |
/// | 512 | the algebraic multigrid hierarchy (BoomerAMG or GAMG, ≈ 0.5 KB a cell: coarse operators, interpolation, smoother data) |
///
/// plus, per cell of the **whole** grid, on every rank that holds the full grid (vector cores or a
/// project, read and rasterised by every rank; not with `--core-raster`, where each rank reads its window):
/// 28 bytes (the band read as Float64, the Float64 resistance and the Int32 labels with the rasteriser's copy);
/// and 160 MiB a rank for the process itself: the Swift runtime, GDAL, PROJ, PETSc, hypre and Open MPI
/// (a 70 × 50 grid peaks at 150-160 MiB resident per rank here).
///
/// Pairs are solved one after another with one matrix and one solver, so the estimate does not grow with
/// the number of pairs (their table is a few hundred bytes each). The ranks on one node share its memory:
/// the node's need is ranks-per-node × the rank's, checked against 3/4 of the memory available
/// (``GeoKit/SystemMemory/available``, as ``EcoZone/CorridorMemory`` does).
public struct MPIMemoryBudget: Sendable {
    public static let ownedCellBytes = 12.0 + 152 + 72 + 16 + 512
    public static let fullGridCellBytes = 28.0
    public static let processBytes = 160.0 * 1024 * 1024

    public var width: Int
    public var height: Int
    public var ranks: Int
    public var ranksPerNode: Int
    public var pairs: Int
    /// Whether every rank holds the whole grid (vector cores or project mode).
    public var fullGridOnEveryRank: Bool
    /// `--pairs-over-ranks`: each rank solves whole pairs on the whole grid with EcoZone's single-machine
    /// solver, ``EcoZone/CorridorMemory/circuitBytesPerWindowCell`` plus 12 bytes of inputs per grid cell.
    public var wholePairsPerRank: Bool

    public init(width: Int, height: Int, ranks: Int, ranksPerNode: Int, pairs: Int, fullGridOnEveryRank: Bool,
                wholePairsPerRank: Bool = false) {
        self.wholePairsPerRank = wholePairsPerRank
        self.width = width
        self.height = height
        self.ranks = max(1, ranks)
        self.ranksPerNode = max(1, ranksPerNode)
        self.pairs = pairs
        self.fullGridOnEveryRank = fullGridOnEveryRank
    }

    public var cells: Double { Double(width) * Double(height) }

    /// Estimated peak bytes of one rank.
    public var bytesPerRank: Double {
        if wholePairsPerRank { return cells * (CorridorMemory.circuitBytesPerWindowCell + 12) + Double(pairs) * 256 + Self.processBytes }
        let owned = (cells / Double(ranks)).rounded(.up)
        return owned * Self.ownedCellBytes + (fullGridOnEveryRank ? cells * Self.fullGridCellBytes : 0) + Double(pairs) * 256 + Self.processBytes
    }

    /// Estimated peak bytes of the ranks on one node.
    public var bytesPerNode: Double { bytesPerRank * Double(ranksPerNode) }

    /// Throws, with the figures, when the ranks of a node would need more than `limit` bytes.
    public func check(limit: Double = CorridorMemory.limit) throws {
        guard bytesPerNode > limit else { return }
        let need = SystemMemory.describe(bytesPerRank)
        throw GeoKitError(.input, "a circuit over \(width) × \(height) cells on \(ranks) rank\(ranks == 1 ? "" : "s") needs about \(need) per rank "
            + "(\(Int(Self.ownedCellBytes)) bytes per owned cell, 0.5 KB of it multigrid\(fullGridOnEveryRank ? ", plus 28 bytes per grid cell for the full grid every rank reads" : "")); "
            + "\(ranksPerNode) rank\(ranksPerNode == 1 ? "" : "s") on this node need\(ranksPerNode == 1 ? "s" : "") \(SystemMemory.describe(bytesPerNode)), more than the \(SystemMemory.describe(limit)) allowed: "
            + "run on more ranks or nodes\(fullGridOnEveryRank ? ", give the cores as a raster (--core-raster) so each rank reads only its window," : "") or aggregate the resistance (--aggregate)")
    }

    /// This process's peak resident memory in bytes (`VmHWM` of /proc/self/status), or nil where there is none.
    public static func peakResidentBytes() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kb = Double(parts[1]) { return kb * 1024 }
        }
        return nil
    }
}
