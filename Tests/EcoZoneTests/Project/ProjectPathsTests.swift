import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Paths in a project file: relative to the project file's folder however the project is named,
/// absolute paths and GDAL connection strings kept.
@Suite struct ProjectPathsTests {
    @Test func relativeAbsoluteAndConnectionStrings() {
        // A project that does not exist is resolved lexically (nothing to follow).
        let project = "/nowhere/plan/sub/p.yaml"
        #expect(Project.resolve("boundary.shp", relativeTo: project) == "/nowhere/plan/sub/boundary.shp")
        #expect(Project.resolve("../boundary.shp", relativeTo: project) == "/nowhere/plan/boundary.shp")
        #expect(Project.resolve("./data/../x/./y.gpkg", relativeTo: project) == "/nowhere/plan/sub/x/y.gpkg")
        #expect(Project.resolve("../../../../../../etc.shp", relativeTo: project) == "/etc.shp")
        for kept in ["/data/boundary.shp", "/vsizip//data/a.zip/b.shp", "PG:dbname=plan tables=redline", "https://example.org/a.geojson",
                     "WFS:https://example.org/wfs", "GPKG:/data/a.gpkg:layer"] {
            #expect(Project.resolve(kept, relativeTo: project) == kept)
        }
        // A colon later in a relative path is no scheme.
        #expect(Project.resolve("data/a:b.shp", relativeTo: project) == "/nowhere/plan/sub/data/a:b.shp")
        #expect(Project.resolve("x:y.shp", relativeTo: project) == "/nowhere/plan/sub/x:y.shp")   // one letter: no scheme
        // A project named by a relative path is made absolute against the current directory first.
        let cwd = FileManager.default.currentDirectoryPath
        #expect(Project.resolve("../b.shp", relativeTo: "no-such-dir/sub/p.yaml") == Project.normalized(cwd + "/no-such-dir/b.shp"))
        for bad in ["", "  ", ":", "::", ":x"] { #expect(!Project.namesSource(bad), "\(bad)") }
    }

    @Test func symbolicLinksToTheProjectAreFollowed() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let plan = dir.appendingPathComponent("real/plan")
        try fm.createDirectory(at: plan, withIntermediateDirectories: true)
        try "layers:\n  boundary: { source: ../boundary.shp }\n".write(to: plan.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        // A link to the file, elsewhere, and a link to its folder.
        try fm.createDirectory(at: dir.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("elsewhere/p.yaml").path, withDestinationPath: plan.appendingPathComponent("p.yaml").path)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("plan-link").path, withDestinationPath: plan.path)
        let expected = dir.appendingPathComponent("real/boundary.shp").path
        for name in ["real/plan/p.yaml", "elsewhere/p.yaml", "plan-link/p.yaml", "elsewhere/../real/plan/./p.yaml"] {
            let p = try Project.load(dir.appendingPathComponent(name).path)
            #expect(p.layer(.boundary)?.sources.map(\.path) == [expected], "\(name)")
        }
    }
}
