import EcoZone
import Foundation
import GeoKit
import Testing

/// `mpirun -np N ecozone-mpi tabulate` prints what the unsplit tabulation prints (`ecozone tabulate`: the
/// class-ordered cross-tabulation, its inputs and diagnostics), byte for byte.
@Suite struct MPITabulateCommandTests {
    static var canRun: Bool { FileManager.default.isExecutableFile(atPath: MPITestSupport.executable.path) && MPITestSupport.mpirun != nil }

    @Test("Banan: np = 2 and np = 3 equal the unsplit run, text and JSON", .enabled(if: canRun && MPITestSupport.hasBanan))
    func bananByteForByte() throws {
        let project = MPITestSupport.banan.appendingPathComponent("project.yaml").path
        for dims in [["soil-erosion:grade", "restoration-zones:name", "towns:name"], ["red-line", "soil-erosion:grade"]] {
            let layers = try LayerStore(try Project.load(project))
            let whole = layers.inClassOrder(try layers.crossTabulation(dims))
            let text = CrossTabulationText.inputs(whole.inputs) + "\n" + CrossTabulationText.table(whole) + "\n"
            let json = try JSONOutput.string(whole) + "\n"
            let by = dims.flatMap { ["--by", $0] }
            for ranks in [2, 3] {
                let t = try MPITestSupport.run(ranks: ranks, ["tabulate", project] + by)
                #expect(t.status == 0, "\(t.err)")
                #expect(t.out == text, "\(dims), \(ranks) ranks: text differs")
                let j = try MPITestSupport.run(ranks: ranks, ["tabulate", project, "--json", "--shard-tile", "0.02"] + by)
                #expect(j.out == json, "\(dims), \(ranks) ranks: JSON differs")
            }
            // And the ecozone binary itself, where the root package is built beside.
            let ecozone = MPITestSupport.repository.appendingPathComponent(".build/debug/ecozone").path
            if FileManager.default.isExecutableFile(atPath: ecozone) {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: ecozone)
                p.arguments = ["tabulate", project] + by
                let out = Pipe()
                p.standardOutput = out
                try p.run()
                let data = out.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                #expect(String(decoding: data, as: UTF8.self) == text)
            }
        }
    }
}
