// Bounds on Barrier Mapper's radii (issue 11: `--barrier-radii 1e9` ran for hours).

import Foundation
import GeoKit

/// What Barrier Mapper may be asked to do, checked before it starts.
///
/// For every link and radius it visits, for every cell, each cell of the ring around it
/// (``BarrierMapper/ringOffsets(radius:cellSize:ring:)``); the time grows with the ring's size.
/// The rules:
/// - at most ``maximumRadii`` radii (Linkage Mapper users give 3 to 5);
/// - each radius finite, at least one cell (LM's own rule, `c ≤ R`) and at most the raster's
///   diagonal (a ring wider than the raster holds no cell of it around any centre: every score
///   would be empty);
/// - at most ``maximumVisits`` ring-cell visits in all (cells × active links × ring cells summed
///   over the radii), about a few minutes of work; Banan at 30 m with the default radii (2, 4 and 6
///   cells) needs about 6e8.
public enum BarrierWork {
    public static let maximumRadii = 16

    /// Radii in metres from a comma-separated list ("240, 480"): each finite and positive, at most
    /// ``maximumRadii`` of them; otherwise the reason (the commands word it with their option).
    public static func radii(from text: String) -> Result<[Double], RadiiError> {
        var radii: [Double] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let r = Double(item.trimmingCharacters(in: .whitespaces)), r.isFinite, r > 0 else { return .failure(.notPositive) }
            radii.append(r)
        }
        return radii.count <= maximumRadii ? .success(radii) : .failure(.tooMany(radii.count))
    }

    /// Why a list of radii was refused.
    public enum RadiiError: Error, Equatable {
        case notPositive
        case tooMany(Int)
    }
    public static let maximumVisits = 1e11

    /// Checks the radii against the grid, before any corridor work.
    public static func checkRadii(_ radii: [Double], frame: ResistanceFrame) throws {
        guard !radii.isEmpty, radii.count <= maximumRadii else {
            throw GeoKitError(.input, "Barrier Mapper takes 1 to \(maximumRadii) radii; \(radii.count) were given")
        }
        let c = frame.cellSize
        let diagonal = c * (Double(frame.width * frame.width + frame.height * frame.height)).squareRoot()
        for r in radii {
            guard r.isFinite, r >= c else {
                throw GeoKitError(.input, "barrier radius \(NumberText.significant(r)) m is below the cell size of \(NumberText.significant(c)) m", file: frame.path)
            }
            guard r <= diagonal else {
                throw GeoKitError(.input, "barrier radius \(NumberText.significant(r)) m exceeds the raster's diagonal of \(NumberText.significant(diagonal)) m (\(frame.width) × \(frame.height) cells of \(NumberText.significant(c)) m): no cell would lie on its ring", file: frame.path)
            }
        }
    }

    /// Checks the total work once the active links are known.
    public static func checkWork(radii: [Double], links: Int, frame: ResistanceFrame,
                                 ring: BarrierRing = BarrierOptions().ring) throws {
        let ringCells = radii.reduce(0) { $0 + BarrierMapper.ringOffsets(radius: $1, cellSize: frame.cellSize, ring: ring).count }
        let visits = Double(frame.count) * Double(links) * Double(ringCells)
        guard visits > maximumVisits else { return }
        throw GeoKitError(.input, "Barrier Mapper at radii \(radii.map { NumberText.significant($0) }.joined(separator: ", ")) m would visit \(NumberText.scientific(visits, digits: 1)) ring cells (\(frame.count) cells × \(links) links × \(ringCells) ring cells), more than the limit of \(NumberText.scientific(maximumVisits, digits: 0)); use smaller radii or aggregate the resistance", file: frame.path)
    }

    /// Checks the work of the windowed scores (``CorridorWindows``): `visits` ring-cell visits,
    /// Σ over links and radii of the window's cells × the ring's cells.
    public static func checkWork(visits: Double, radii: [Double], links: Int, frame: ResistanceFrame) throws {
        guard visits > maximumVisits else { return }
        throw GeoKitError(.input, "Barrier Mapper at radii \(radii.map { NumberText.significant($0) }.joined(separator: ", ")) m would visit \(NumberText.scientific(visits, digits: 1)) ring cells (the windows of \(links) links × their ring cells), more than the limit of \(NumberText.scientific(maximumVisits, digits: 0)); use smaller radii or aggregate the resistance", file: frame.path)
    }
}
