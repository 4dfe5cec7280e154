import EcoZone
import EcoZoneMPI
import Foundation
import GeoKit

/// MPI starts once per test process (a singleton job of one rank) and is never finalised: MPI cannot be
/// started again after MPI_Finalize.
enum MPITestSupport {
    nonisolated(unsafe) private static var started = false
    private static let lock = NSLock()

    static func start() throws {
        lock.lock(); defer { lock.unlock() }
        if !started { try MPIEnvironment.initialize(); started = true }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let banan = repository.appendingPathComponent("fixtures/banan")
    static var hasBanan: Bool { FileManager.default.fileExists(atPath: banan.appendingPathComponent("landuse.tif").path) }

    /// The ecozone-mpi built beside this test bundle.
    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !dir.path.hasSuffix(".build") && dir.path != "/" {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("ecozone-mpi").path) { break }
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("ecozone-mpi")
    }

    static var mpirun: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/mpirun"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs ecozone-mpi (under `mpirun -np ranks` when ranks > 0, else directly); returns exit status, stdout, stderr.
    static func run(ranks: Int, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        if ranks > 0 {
            p.executableURL = URL(fileURLWithPath: mpirun ?? "/usr/bin/mpirun")
            p.arguments = ["-np", String(ranks), "--oversubscribe", executable.path] + arguments
        } else {
            p.executableURL = executable
            p.arguments = arguments
        }
        // This test process may already run MPI as a singleton (in-process tests call `start()`), which
        // puts Open MPI's own variables (OMPI_*, PMIX_*, OPAL_*) in its environment; a child mpirun that
        // inherits them takes itself for a rank of that job and exits 1 without a word. Hand it a clean one.
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !["OMPI_", "PMIX_", "OPAL_", "ORTE_", "PRTE_"].contains { key.hasPrefix($0) }
        }
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        env["OMPI_MCA_btl"] = "self,vader"   // one machine: shared memory, no network probing
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ecozone-mpi-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes a resistance (Float64, NoData −1) and a core-id raster (Int32) on a 30 m GK grid.
    static func writeRasters(width: Int, height: Int, resistance: [Double], labels: [Int32], in dir: URL) throws -> (String, String) {
        let t = GeoTransform(originX: 36_500_000, pixelWidth: 30, originY: 3_300_000, pixelHeight: -30)
        let crs = try CRS("EPSG:4524")
        let r = dir.appendingPathComponent("resistance.tif").path, c = dir.appendingPathComponent("cores.tif").path
        try RasterIO.writeGeoTIFF(RasterGrid(width: width, height: height, geoTransform: t, crs: crs, noData: -1,
                                             values: resistance.map { $0.isNaN ? -1 : $0 }), to: r)
        try RasterIO.writeGeoTIFF(RasterGrid(width: width, height: height, geoTransform: t, crs: crs, noData: nil, values: labels), to: c)
        return (r, c)
    }

    /// A reproducible resistance field: 1 … 100 with a NoData blob, and three cores.
    static func rough(width w: Int, height h: Int) -> (ResistanceGrid, CoreLabelGrid) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var r = [Double](repeating: 1, count: w * h)
        var l = [Int32](repeating: 0, count: w * h)
        for i in r.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            r[i] = 1 + Double((state >> 33) % 1000) / 1000 * 99
        }
        for row in 0..<h {
            for col in 0..<w {
                let i = row * w + col
                let dx = Double(col - w / 2), dy = Double(row - h / 2)
                if dx * dx + dy * dy < Double(w * w) / 40 { r[i] = .nan }                      // impassable lake
                if col < 3 && row >= h / 4 && row < h / 2 { l[i] = 1 }
                if col >= w - 3 && row >= h / 2 && row < 3 * h / 4 { l[i] = 2 }
                if row < 2 && col >= w / 3 && col < w / 2 { l[i] = 3 }
            }
        }
        return (ResistanceGrid(width: w, height: h, cellSize: 30, values: r), CoreLabelGrid(width: w, height: h, cellSize: 30, values: l))
    }
}
