// Per-core cost-distance surfaces kept on disk (issue 16): a corridor run holds one surface per
// worker in memory instead of one per core, and reads back the window each link needs.

import Foundation
import GeoKit

/// A folder of its own under the system's temporary folder (`TMPDIR`), removed with everything in
/// it when the last reference goes; or another rank's such folder, used and left alone.
final class TemporaryFolder: Sendable {
    let path: String
    private let owned: Bool

    init(prefix: String) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        } catch {
            throw GeoKitError(.output, "cannot create a temporary folder for the cost-distance surfaces: \(error.localizedDescription); set TMPDIR to a writable folder", file: base.path)
        }
        path = base.path
        owned = true
    }

    /// Rank 0's folder as another rank of the same job sees it: it must be on a file system both
    /// share (rank 0 wrote `marker` in it).
    init(sharedBy path: String, marker: String) throws {
        guard FileManager.default.fileExists(atPath: "\(path)/\(marker)") else {
            throw GeoKitError(.input, "rank 0's temporary folder for the cost-distance surfaces is not visible here; on several nodes set TMPDIR to a folder every rank shares", file: path)
        }
        self.path = path
        owned = false
    }

    deinit { if owned { try? FileManager.default.removeItem(atPath: path) } }
}

/// The cost-distance surface of every core of a run, each a raw file of native-endian Float64 values
/// in row-major order over the window the core's run covered (``CorridorCells/costDistance(core:limit:guess:tries:)``;
/// exact: no rounding to Float32, so the corridors, currents and barrier scores built from them are
/// those of the in-memory surfaces), with the ``DistanceProfile`` that tells each link's window
/// without reading the file.
///
/// Outside a core's window every cell reads `+infinity`, impassable ones included (the whole-grid
/// surface has NaN there): every reader treats the two alike — corridors and ring minima skip
/// non-finite values, profiles skip both, and both are NoData in `cost_distance_<id>.tif`.
///
/// Disk: 8 bytes a cell of each core's window (at most 40 cores × 100 M cells: 32 GB). The files are
/// removed when the store goes (``TemporaryFolder``). Reads open the file anew, so any thread may read.
public final class SpilledCostDistances: Sendable {
    public let width: Int
    public let height: Int
    public let cellSize: Double
    /// Row and column minima of each core's surface.
    public let profiles: [Int32: DistanceProfile]
    /// The window each core's file covers (a core not listed: the whole grid).
    public let windows: [Int32: CellWindow]
    private let folder: TemporaryFolder

    init(folder: TemporaryFolder, width: Int, height: Int, cellSize: Double, profiles: [Int32: DistanceProfile],
         windows: [Int32: CellWindow] = [:]) {
        self.folder = folder
        self.width = width
        self.height = height
        self.cellSize = cellSize
        self.profiles = profiles
        self.windows = windows
    }

    /// The folder holding the files.
    public var directory: String { folder.path }

    /// The cores held, ascending.
    public var cores: [Int32] { profiles.keys.sorted() }

    /// Refuses, before any surface is written, when `cores` surfaces of `cells` cells (8 bytes a
    /// cell each) would not fit in the free space of `folder`'s file system.
    static func checkSpace(cells: Int, cores: Int, in folder: TemporaryFolder) throws {
        let need = Double(cells) * 8 * Double(cores)
        guard let free = (try? FileManager.default.attributesOfFileSystem(forPath: folder.path))?[.systemFreeSize] as? NSNumber,
              need > free.doubleValue else { return }
        throw GeoKitError(.output, "the cost-distance surfaces of \(cores) cores on \(NumberText.grouped(Double(cells), decimals: 0)) cells need \(SystemMemory.describe(need)) of temporary disk, more than the \(SystemMemory.describe(free.doubleValue)) free; set TMPDIR to a folder on a larger disk", file: folder.path)
    }

    static func path(core: Int32, in folder: TemporaryFolder) -> String { "\(folder.path)/core-\(core).f64" }

    /// Writes `surface.distance` — the core's run over `window` of a `gridWidth × gridHeight` grid — to
    /// the core's file (POSIX `open`/`write`, each checked) and returns its profile over the whole grid.
    static func write(_ surface: CostDistanceSurface, core: Int32, window: CellWindow, gridWidth: Int, gridHeight: Int,
                      in folder: TemporaryFolder) throws -> DistanceProfile {
        precondition(surface.width == window.width && surface.height == window.height, "the surface must cover its window")
        let path = path(core: core, in: folder)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw ioError("cannot create", path) }
        defer { close(fd) }
        try surface.distance.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let wrote = Foundation.write(fd, bytes.baseAddress! + offset, min(bytes.count - offset, 1 << 30))
                guard wrote > 0 else { throw ioError("cannot write", path) }
                offset += wrote
            }
        }
        return DistanceProfile(distance: surface.distance, width: surface.width, height: surface.height)
            .placed(at: window, gridWidth: gridWidth, gridHeight: gridHeight)
    }

    private static func ioError(_ what: String, _ path: String) -> GeoKitError {
        GeoKitError(.output, "\(what) a temporary cost-distance file: \(String(cString: strerror(errno))) (is the temporary folder full? set TMPDIR to a larger one)", file: path)
    }

    /// The distances of `core` over `window` (row-major in the window), read with POSIX `pread`;
    /// `+infinity` outside the core's file window.
    public func read(core: Int32, window: CellWindow) throws -> [Double] {
        precondition(window.column >= 0 && window.row >= 0 && window.column + window.width <= width
                     && window.row + window.height <= height, "the window must lie inside the grid")
        let stored = windows[core] ?? CellWindow(wholeGridOf: width, height)
        var out = [Double](repeating: .infinity, count: window.count)
        guard let part = window.intersection(stored) else { return out }
        let path = Self.path(core: core, in: folder)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Self.ioError("cannot open", path) }
        defer { close(fd) }
        let size = MemoryLayout<Double>.stride
        let rowBytes = part.width * size
        try out.withUnsafeMutableBytes { bytes in
            for r in 0..<part.height {
                var done = 0
                let target = ((part.row - window.row + r) * window.width + part.column - window.column) * size
                let fileOffset = ((part.row - stored.row + r) * stored.width + part.column - stored.column) * size
                while done < rowBytes {
                    let got = pread(fd, bytes.baseAddress! + target + done, rowBytes - done, off_t(fileOffset + done))
                    guard got > 0 else { throw Self.ioError("cannot read", path) }
                    done += got
                }
            }
        }
        return out
    }

    /// The surface of `core` cropped to `window`, as a grid of its own (no back-links).
    public func surface(core: Int32, window: CellWindow) throws -> CostDistanceSurface {
        CostDistanceSurface(width: window.width, height: window.height, cellSize: cellSize,
                            distance: try read(core: core, window: window), backlink: nil)
    }
}
