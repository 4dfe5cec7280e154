import EcoZone
@testable import EcoZoneMPI
import Foundation
import GeoKit
import Testing

/// ecozone-mpi as a process, under `mpirun -np 2` where Open MPI's mpirun is installed.
@Suite struct CircuitCommandTests {
    static var canRun: Bool { FileManager.default.isExecutableFile(atPath: MPITestSupport.executable.path) }
    static var canRunMPI: Bool { canRun && MPITestSupport.mpirun != nil }

    struct Report: Decodable {
        struct Pair: Decodable { var from: Int32; var to: Int32; var effectiveResistance: Double?; var iterations: Int }
        var ranks: Int
        var preconditionerSetUps: Int
        var focalPoints: Bool
        var pairs: [Pair]
        var estimatedBytesPerRank: Double
        var peakBytesPerRank: [Double]?
    }

    static func report(_ text: String) throws -> Report { try JSONDecoder().decode(Report.self, from: Data(text.utf8)) }

    @Test("np = 1 and np = 2 agree to 1e-8 on rasters read window by window; a 4-neighbour strip gives (nx − 1)/ny", .enabled(if: canRunMPI))
    func ranksAgree() throws {
        let dir = MPITestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (r, l) = MPITestSupport.rough(width: 70, height: 50)
        let (rp, lp) = try MPITestSupport.writeRasters(width: 70, height: 50, resistance: r.values, labels: l.values, in: dir)
        let args = ["circuit", "--resistance", rp, "--core-raster", lp, "--tolerance", "1e-12", "--json", "--memory"]
        let one = try MPITestSupport.run(ranks: 1, args), two = try MPITestSupport.run(ranks: 2, args)
        #expect(one.status == 0 && two.status == 0, "\(one.err)\(two.err)")
        let a = try Self.report(one.out), b = try Self.report(two.out)
        #expect(a.ranks == 1 && b.ranks == 2)
        #expect(a.pairs.map { "\($0.from)-\($0.to)" } == ["1-2", "1-3", "2-3"])
        #expect(b.peakBytesPerRank?.count == 2)
        for (p, q) in zip(a.pairs, b.pairs) {
            let x = try #require(p.effectiveResistance), y = try #require(q.effectiveResistance)
            #expect(abs(x - y) <= 1e-8 * x, "\(p.from)-\(p.to): \(x) vs \(y)")
            // And the single-machine solver on the same grid.
            let s = try CircuitFlow.solve(resistance: r, cores: l, between: p.from, and: p.to, options: CircuitOptions(tolerance: 1e-12))
            #expect(abs(x - s.effectiveResistance) <= 1e-8 * x)
        }

        // Strip: 4 neighbours, uniform resistance 3, cores on the end columns.
        let nx = 31, ny = 9
        var labels = [Int32](repeating: 0, count: nx * ny)
        for row in 0..<ny { labels[row * nx] = 1; labels[row * nx + nx - 1] = 2 }
        let strip = dir.appendingPathComponent("strip")
        try FileManager.default.createDirectory(at: strip, withIntermediateDirectories: true)
        let (sr, sl) = try MPITestSupport.writeRasters(width: nx, height: ny, resistance: .init(repeating: 3, count: nx * ny), labels: labels, in: strip)
        for pc in ["boomeramg", "gamg"] {
            let run = try MPITestSupport.run(ranks: 2, ["circuit", "--resistance", sr, "--core-raster", sl, "--four-neighbors",
                                                        "--preconditioner", pc, "--tolerance", "1e-12", "--json"])
            #expect(run.status == 0, "\(run.err)")
            let R = try #require(try Self.report(run.out).pairs.first?.effectiveResistance)
            #expect(abs(R - 3.0 * Double(nx - 1) / Double(ny)) <= 1e-10 * R, "\(pc): \(R)")
        }
    }

    @Test("Focal points (single-cell cores): one set-up for all pairs at np = 2 equals a set-up per pair at np = 1 and CircuitFlow", .enabled(if: canRunMPI))
    func focalPointsShareOneSetUp() throws {
        let dir = MPITestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = 70, h = 50
        let (r, _) = MPITestSupport.rough(width: w, height: h)
        var l = [Int32](repeating: 0, count: w * h)
        for (id, row, col) in [(1, 2, 3), (2, 47, 66), (3, 5, 60), (4, 44, 8)] { l[row * w + col] = Int32(id) }
        let (rp, lp) = try MPITestSupport.writeRasters(width: w, height: h, resistance: r.values, labels: l, in: dir)
        let args = ["circuit", "--resistance", rp, "--core-raster", lp, "--tolerance", "1e-12", "--json"]
        let shared = try MPITestSupport.run(ranks: 2, args), each = try MPITestSupport.run(ranks: 1, args + ["--set-up-each-pair"])
        #expect(shared.status == 0 && each.status == 0, "\(shared.err)\(each.err)")
        let a = try Self.report(shared.out), b = try Self.report(each.out)
        #expect(a.focalPoints && a.preconditionerSetUps == 1)
        #expect(!b.focalPoints && b.preconditionerSetUps == 6)
        #expect(a.pairs.count == 6)
        let labels = CoreLabelGrid(width: w, height: h, cellSize: 30, values: l)
        for (p, q) in zip(a.pairs, b.pairs) {
            let x = try #require(p.effectiveResistance), y = try #require(q.effectiveResistance)
            #expect(abs(x - y) <= 1e-8 * y, "\(p.from)-\(p.to): \(x) vs \(y)")
            let s = try CircuitFlow.solve(resistance: r, cores: labels, between: p.from, and: p.to, options: CircuitOptions(tolerance: 1e-12))
            #expect(abs(x - s.effectiveResistance) <= 1e-8 * x)
        }
        // A pair with a core the raster does not hold: one sentence naming the core raster, exit 2.
        let missing = try MPITestSupport.run(ranks: 2, args + ["--pairs", "1-9"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("cores.tif") && missing.err.contains("core 9 has no passable cell"), "\(missing.err)")
    }

    @Test("Banan at 180 m (a project): np = 2 equals np = 1 to 1e-8", .enabled(if: canRunMPI && MPITestSupport.hasBanan))
    func bananRanksAgree() throws {
        let args = ["circuit", MPITestSupport.banan.appendingPathComponent("project.yaml").path, "--aggregate", "6",
                    "--pairs", "1-2,3-4,2-7", "--tolerance", "1e-12", "--json"]
        let one = try MPITestSupport.run(ranks: 1, args), two = try MPITestSupport.run(ranks: 2, args)
        #expect(one.status == 0 && two.status == 0, "\(one.err)\(two.err)")
        for (p, q) in zip(try Self.report(one.out).pairs, try Self.report(two.out).pairs) {
            let x = try #require(p.effectiveResistance), y = try #require(q.effectiveResistance)
            #expect(abs(x - y) <= 1e-8 * x, "\(p.from)-\(p.to): \(x) vs \(y)")
        }
        // Pairs spread over 2 ranks, each solved whole by CircuitFlow: the same resistances, in the same order.
        let spread = try MPITestSupport.run(ranks: 2, args + ["--pairs-over-ranks"])
        #expect(spread.status == 0, "\(spread.err)")
        let s = try Self.report(spread.out).pairs
        #expect(s.map { "\($0.from)-\($0.to)" } == ["1-2", "3-4", "2-7"])
        for (p, q) in zip(try Self.report(one.out).pairs, s) {
            let x = try #require(p.effectiveResistance), y = try #require(q.effectiveResistance)
            #expect(abs(x - y) <= 1e-8 * x, "\(p.from)-\(p.to) over ranks: \(x) vs \(y)")
        }
    }

    @Test("A run that cannot fit is refused up front with the figure, exit code 2", .enabled(if: canRun))
    func memoryRefusal() throws {
        let dir = MPITestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (r, l) = MPITestSupport.rough(width: 200, height: 150)
        let (rp, lp) = try MPITestSupport.writeRasters(width: 200, height: 150, resistance: r.values, labels: l.values, in: dir)
        let run = try MPITestSupport.run(ranks: 0, ["circuit", "--resistance", rp, "--core-raster", lp, "--memory-limit", "10M"])
        #expect(run.status == 2)
        // 30,000 owned cells × 764 bytes + the 160 MiB the libraries take = 181.9 MiB (printed 182 MiB), over 10 MiB.
        #expect(run.err.contains("200 × 150 cells on 1 rank needs about 182 MiB per rank"), "\(run.err)")
        #expect(run.err.contains("more than the 10.0 MiB allowed"), "\(run.err)")
        #expect(run.out.isEmpty)
    }

    @Test("The memory budget per rank, by hand")
    func budget() {
        // 4000 × 4000 cells on 4 ranks, 2 per node, vector cores: 4e6 × 764 + 16e6 × 28 + 160 MiB each.
        let b = MPIMemoryBudget(width: 4000, height: 4000, ranks: 4, ranksPerNode: 2, pairs: 0, fullGridOnEveryRank: true)
        let expected: Double = 4e6 * 764 + 16e6 * 28 + 167_772_160
        #expect(b.bytesPerRank == expected)
        #expect(b.bytesPerNode == 2 * b.bytesPerRank)
        #expect(throws: Never.self) { try b.check(limit: 2 * b.bytesPerRank) }
        #expect(throws: GeoKitError.self) { try b.check(limit: 2 * b.bytesPerRank - 1) }
    }
}
