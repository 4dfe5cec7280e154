import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The output rule on hand-built folders: each case names the file or folder an output must not be.
@Suite struct OutputGuardTests {
    /// A folder `b` holding an empty shapefile's three parts, a GeoPackage and a text file.
    static func inputs() throws -> URL {
        let dir = TestPaths.temporaryDirectory()
        let b = dir.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: b, withIntermediateDirectories: false)
        for name in ["boundary.shp", "boundary.shx", "boundary.dbf", "red.gpkg", "plan.txt"] {
            try Data("x".utf8).write(to: b.appendingPathComponent(name))
        }
        return dir
    }

    static func refusal(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as GeoKitError { return e.message } catch { return "\(error)" }
    }

    @Test func shapefilePartsAndCaseVariantsOfAnInputAreRefused() throws {
        let dir = try Self.inputs()
        defer { try? FileManager.default.removeItem(at: dir) }
        let b = dir.appendingPathComponent("b").path
        let rules = OutputGuard(overwrite: true, reading: ["\(b)/boundary.shp", "\(b)/red.gpkg"])
        for out in ["boundary.shx", "BOUNDARY.SHP", "boundary.prj", "Boundary.CPG", "red.gpkg", "red.gpkg-wal"] {
            #expect(Self.refusal { try rules.checkFile("\(b)/\(out)") }?.contains("input") == true, "\(out)")
        }
        // A .shp output is made of .shx/.dbf/… too: another stem whose parts are free is fine.
        #expect(Self.refusal { try rules.checkFile("\(b)/towns.shp", format: .shapefile) } == nil)
        #expect(Self.refusal { try rules.checkFile("\(b)/boundary.geojson", format: .geoJSON) } == nil)
        // plan.txt is not an input of this command: it exists, and --overwrite allows replacing it.
        #expect(Self.refusal { try rules.checkFile("\(b)/plan.txt") } == nil)
        let exists = #expect(throws: GeoKitError.self) { try OutputGuard(reading: rules.sources).checkFile("\(b)/plan.txt") }
        #expect(exists?.message == "the file exists" && exists?.hint == .overwriteOrChooseOutput(files: 1))
    }

    @Test func anOutputReachedThroughALinkedFolderIsStillAnInput() throws {
        let dir = try Self.inputs()
        defer { try? FileManager.default.removeItem(at: dir) }
        let link = dir.appendingPathComponent("L").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: dir.appendingPathComponent("b").path)
        let rules = OutputGuard(overwrite: true, reading: [dir.appendingPathComponent("b/boundary.shp").path])
        #expect(Self.refusal { try rules.checkFile("\(link)/boundary.dbf") }?.contains("part of the input") == true)
        // A folder output whose name is a link to the inputs' folder.
        #expect(Self.refusal { _ = try rules.checkFolder(link) }?.contains("holds the input") == true)
        // Inside an input given as a folder (an OGR folder source).
        let folderSource = OutputGuard(reading: [dir.appendingPathComponent("b").path])
        #expect(Self.refusal { try folderSource.checkFile("\(link)/new.geojson") }?.contains("inside the input folder") == true)
        #expect(Self.refusal { _ = try folderSource.checkFolder("\(link)/results") }?.contains("inside the input folder") == true)
    }

    @Test func sourceStringsLeadToTheirFiles() throws {
        let dir = try Self.inputs()
        defer { try? FileManager.default.removeItem(at: dir) }
        let zip = dir.appendingPathComponent("layers.zip").path
        try Data("PK".utf8).write(to: URL(fileURLWithPath: zip))
        #expect(OutputGuard.filePath(of: "/vsizip/\(zip)/inner/boundary.shp") == zip)
        #expect(OutputGuard.filePath(of: "/vsizip//\(zip.dropFirst())/boundary.shp") == "/" + zip.dropFirst())
        let gpkg = dir.appendingPathComponent("b/red.gpkg").path
        #expect(OutputGuard.filePath(of: "GPKG:\(gpkg):redline_2023") == gpkg)
        #expect(OutputGuard.filePath(of: "PG:dbname=plan host=localhost") == nil)
        // Writing over the archive a /vsizip/ source reads is writing over the input.
        let rules = OutputGuard(overwrite: true, reading: ["/vsizip/\(zip)/boundary.shp"])
        #expect(Self.refusal { try rules.checkFile(zip) }?.contains("input") == true)
    }

    @Test func folderManifestListsWhatMayBeReplaced() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("tables/empty"), withIntermediateDirectories: true)
        #expect(FolderManifest.whyNotReplaceable(out) == nil)   // only empty folders
        try Data("a".utf8).write(to: out.appendingPathComponent("tables/a.csv"))
        #expect(FolderManifest.whyNotReplaceable(out)?.contains("no .ecozone manifest") == true)
        let manifest = FolderManifest(command: "run", files: ["tables/a.csv", "cores.tif"])
        try JSONEncoder().encode(manifest).write(to: out.appendingPathComponent(".ecozone"))
        #expect(FolderManifest.whyNotReplaceable(out) == nil)   // a listed file may be missing
        try Data("<PAMDataset/>".utf8).write(to: out.appendingPathComponent("cores.tif.aux.xml"))
        #expect(FolderManifest.whyNotReplaceable(out) == nil)
        try Data("b".utf8).write(to: out.appendingPathComponent("tables/b.csv"))
        #expect(FolderManifest.whyNotReplaceable(out)?.contains("holds tables/b.csv") == true)
        // A manifest that is not EcoZone's does not count.
        try FileManager.default.removeItem(at: out.appendingPathComponent("tables/b.csv"))
        try Data(#"{"written_by":"someone","command":"x","created":"","files":["tables/a.csv"]}"#.utf8)
            .write(to: out.appendingPathComponent(".ecozone"))
        #expect(FolderManifest.whyNotReplaceable(out) != nil)
    }

    @Test func anEarlierRunFolderIsKnownByItsRunJSON() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("corridors"), withIntermediateDirectories: true)
        try Data(#"{"ecozone":"0.2.0","outputs":["report.html","corridors/","tables/a.csv"]}"#.utf8)
            .write(to: out.appendingPathComponent("run.json"))
        for f in ["report.html", "corridors/summary.json", "corridors/cost_distance_3.tif", "corridors/pinch_points.gpkg"] {
            try Data("x".utf8).write(to: out.appendingPathComponent(f))
        }
        #expect(FolderManifest.whyNotReplaceable(out) == nil)
        try Data("x".utf8).write(to: out.appendingPathComponent("corridors/mine.txt"))
        #expect(FolderManifest.whyNotReplaceable(out)?.contains("holds corridors/mine.txt") == true)
    }

    @Test func projectInputsIncludeEveryFileItNames() throws {
        let project = try Project.load(TestPaths.repository.appendingPathComponent("fixtures/banan/project.yaml").path)
        let names = Set(project.inputFiles.map { ($0 as NSString).lastPathComponent })
        for name in ["project.yaml", "claims.yaml", "boundary.shp", "redline.gpkg", "protected_areas.geojson", "ranges.shp",
                     "landuse_resistance.tif", "landuse.tif"] {
            #expect(names.contains(name), "\(name)")
        }
    }
}
