import Foundation
import Testing

/// The library's errors carry a hint; the CLI words it as the flag of the command that was run, or
/// as the project-file key when the layer came from a project file.
struct RemedyWordingTests {
    static let noPRJ = CLI.real("rivers-china-1to4m/gb2312_shapefile/hyd2_4l_cq_gz_gb2312.shp")

    @Test func aSourceOnTheCommandLineIsToldTheFlag() throws {
        let r = try CLI.run(["area", Self.noPRJ])
        #expect(r.status == 2)
        #expect(r.stderr == "ecozone: \(Self.noPRJ), layer hyd2_4l_cq_gz_gb2312: the layer declares no coordinate reference system (no .prj); "
                + "state the CRS with --assume-crs, e.g. --assume-crs EPSG:4490.\n", "\(r.stderr)")
    }

    @Test func aLayerOfAProjectIsToldTheProjectKey() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = dir.appendingPathComponent("project.yaml")
        try "name: test\nlayers:\n  rivers: { source: \(Self.noPRJ) }\n".write(to: project, atomically: true, encoding: .utf8)
        for arguments in [["run", project.path, "--out", dir.appendingPathComponent("out").path, "--quiet"], ["tabulate", project.path, "--by", "rivers"]] {
            let r = try CLI.run(arguments)
            #expect(r.status == 2, "\(arguments[0])")
            #expect(r.stderr.hasSuffix("the layer declares no coordinate reference system (no .prj); "
                                       + "add `assume-crs: EPSG:4490` to the layer in the project file.\n"), "\(arguments[0]): \(r.stderr)")
            #expect(!r.stderr.contains("--"), "\(arguments[0]): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["project.yaml"])
    }
}
