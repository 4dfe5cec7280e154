import Foundation
import Testing
@testable import GeoKit

/// Reading real files, and the text-encoding policy on the real GB2312 shapefile without .cpg.
@Suite struct VectorSourceTests {
    static let gb2312 = TestPaths.real("rivers-china-1to4m/gb2312_shapefile/hyd2_4l_cq_gz_gb2312.shp")
    static let utf8Twin = TestPaths.real("rivers-china-1to4m/hyd2_4l_cq_gz.geojson")

    /// The NAME column of the UTF-8 GeoJSON made from the same source: the independent truth.
    func expectedNames() throws -> [String] {
        let layer = try VectorSource.open(Self.utf8Twin).layer()
        let i = layer.fields.firstIndex { $0.name == "NAME" }!
        return try layer.readFeatures(geometry: false).map { $0.values[i].description }
    }

    func names(_ layer: VectorLayer) throws -> [String] {
        let i = layer.fields.firstIndex { $0.name == "NAME" }!
        return try layer.readFeatures(geometry: false).map { $0.values[i].description }
    }

    /// Copies the GB2312 shapefile into a fresh folder, optionally with a .cpg and a patched LDID byte.
    func copyOfGB2312(cpg: String? = nil, ldid: UInt8? = nil) throws -> (URL, String) {
        let dir = TestPaths.temporaryDirectory()
        let base = URL(fileURLWithPath: Self.gb2312).deletingPathExtension()
        for ext in ["shp", "shx", "dbf"] {
            try FileManager.default.copyItem(at: base.appendingPathExtension(ext), to: dir.appendingPathComponent("rivers.\(ext)"))
        }
        if let cpg { try cpg.write(to: dir.appendingPathComponent("rivers.cpg"), atomically: true, encoding: .ascii) }
        if let ldid {
            let dbf = dir.appendingPathComponent("rivers.dbf")
            var bytes = try [UInt8](Data(contentsOf: dbf))
            bytes[29] = ldid   // DBF header byte 29: language driver id
            try Data(bytes).write(to: dbf)
        }
        return (dir, dir.appendingPathComponent("rivers.shp").path)
    }

    @Test func gb2312WithoutCPGIsInferredAndDecoded() throws {
        let layer = try VectorSource.open(Self.gb2312).layer()
        #expect(layer.encoding.name == "GB18030")
        #expect(layer.encoding.basis == .inferred)
        let got = try names(layer)
        #expect(got == (try expectedNames()))
        for river in ["长江", "嘉陵江", "乌江"] { #expect(got.contains(river)) }
        #expect(try layer.crs() == nil)   // no .prj
    }

    @Test func declaredCP936IsTrusted() throws {
        let (dir, shp) = try copyOfGB2312(cpg: "CP936")
        defer { try? FileManager.default.removeItem(at: dir) }
        let layer = try VectorSource.open(shp).layer()
        #expect(layer.encoding == TextEncoding(name: "CP936", basis: .cpg))
        #expect(try names(layer) == (try expectedNames()))
    }

    @Test func lyingCPGIsOverruledAndSaidSo() throws {
        let (dir, shp) = try copyOfGB2312(cpg: "UTF-8")
        defer { try? FileManager.default.removeItem(at: dir) }
        let layer = try VectorSource.open(shp).layer()
        #expect(layer.encoding.basis == .inferred)
        #expect(layer.encoding.declared == "the .cpg says UTF-8")
        #expect(try names(layer) == (try expectedNames()))
    }

    @Test func languageIDIsUsedWithoutCPG() throws {
        let (dir, shp) = try copyOfGB2312(ldid: 0x4D)   // 0x4D: code page 936 (GBK)
        defer { try? FileManager.default.removeItem(at: dir) }
        let layer = try VectorSource.open(shp).layer()
        #expect(layer.encoding.basis == .languageID)
        #expect(try names(layer) == (try expectedNames()))
    }

    @Test func userEncodingOverridesAndFiltersMatchChinese() throws {
        let source = try VectorSource.open(Self.gb2312, encoding: "GB18030")
        let layer = try source.layer()
        #expect(layer.encoding.basis == .user)
        try layer.setAttributeFilter("NAME = '长江'")
        #expect(layer.featureCount == 53)   // SOURCE.md: 长江 has 53 arcs in this window
    }

    @Test func inferredEncodingAlsoLetsFiltersMatchChinese() throws {
        let layer = try VectorSource.open(Self.gb2312).layer()
        try layer.setAttributeFilter("NAME = '长江'")
        #expect(layer.featureCount == 53)
    }

    @Test func missingFileNamesIt() {
        #expect {
            _ = try VectorSource.open("/nonexistent/x.shp")
        } throws: { error in
            (error as? GeoKitError)?.description == "/nonexistent/x.shp: no such file or directory."
        }
    }

    @Test func multiLayerSourceNeedsALayerName() throws {
        let source = try VectorSource.open(TestPaths.real("connectivity-makurhini-tmvs/makurhini_tmvs.gpkg"))
        #expect(throws: GeoKitError.self) { try source.layer() }
        let nodes = try source.layer(named: "habitat_nodes")
        #expect(nodes.featureCount == 404)
        #expect(try nodes.crs()?.isProjected == true)
    }
}

/// The shapefile's three files are checked against each other before reading.
@Suite struct ShapefileIntegrityTests {
    func copy(_ name: String) throws -> (URL, String) {
        let dir = TestPaths.temporaryDirectory()
        let base = URL(fileURLWithPath: TestPaths.real("admin-amap-garybikini-2020/chongqing_districts.shp")).deletingPathExtension()
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            try FileManager.default.copyItem(at: base.appendingPathExtension(ext), to: dir.appendingPathComponent("\(name).\(ext)"))
        }
        return (dir, dir.appendingPathComponent("\(name).shp").path)
    }

    @Test func truncatedSHPIsRefusedBeforeReading() throws {
        let (dir, shp) = try copy("cut")
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: shp))
        try h.truncate(atOffset: 50_000)
        try h.close()
        #expect {
            _ = try VectorSource.open(shp).layer()
        } throws: { error in
            let e = error as! GeoKitError
            return e.file == shp && e.layer == "cut" && e.message.contains("truncated") && e.message.contains("50000")
        }
    }

    @Test func dbfWithOtherRecordCountIsRefused() throws {
        let (dir, shp) = try copy("odd")
        defer { try? FileManager.default.removeItem(at: dir) }
        let dbf = dir.appendingPathComponent("odd.dbf")
        var bytes = try [UInt8](Data(contentsOf: dbf))
        #expect(bytes[4] == 38)   // 38 districts, little-endian count at byte 4
        bytes[4] = 37
        try Data(bytes).write(to: dbf)
        #expect {
            _ = try VectorSource.open(shp).layer()
        } throws: { error in
            (error as! GeoKitError).message.contains("the .dbf has 37 record(s) but the .shp has 38 shape(s)")
        }
    }

    @Test func dbfHeaderClaimingBillionsOfRecordsIsRefusedByItsSize() throws {
        let (dir, shp) = try copy("huge")
        defer { try? FileManager.default.removeItem(at: dir) }
        let dbf = dir.appendingPathComponent("huge.dbf")
        var bytes = try [UInt8](Data(contentsOf: dbf))
        bytes.replaceSubrange(4..<8, with: [0x00, 0x28, 0x6B, 0xEE])   // 4,000,000,000 little-endian
        try Data(bytes).write(to: dbf)
        let size = bytes.count
        for path in [shp, dbf.path] {   // named by its .shp or by its .dbf
            #expect {
                _ = try VectorSource.open(path).layer()
            } throws: { error in
                let m = (error as! GeoKitError).message
                return m.contains("claims 4000000000 record(s)") && m.contains("the file has \(size)")
            }
        }
        // A lone .dbf (a table without geometry) is checked too.
        try FileManager.default.removeItem(atPath: shp)
        #expect {
            _ = try VectorSource.open(dbf.path).layer()
        } throws: { ($0 as! GeoKitError).message.contains("claims 4000000000 record(s)") }
    }
}

/// Only regular files and folders are opened: GDAL would block on a FIFO or read a device without end.
@Suite struct SourceFileTests {
    /// Makes a FIFO and a thread that opens its write end and closes it at once, so that a reader
    /// that did open the FIFO would see an end of file (a failing test) rather than hang the suite.
    func fifo(in dir: URL, named name: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        #expect(mkfifo(path, 0o644) == 0)
        Thread.detachNewThread { let fd = open(path, O_WRONLY); if fd >= 0 { close(fd) } }
        return path
    }

    /// Releases the writer thread when nobody opened the FIFO.
    func release(_ path: String) {
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        if fd >= 0 { close(fd) }
    }

    @Test func aFIFOIsRefusedWithoutBeingOpened() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try fifo(in: dir, named: "layer.geojson")
        defer { release(path) }
        #expect {
            _ = try VectorSource.open(path)
        } throws: { error in
            let e = error as! GeoKitError
            return e.file == path && e.message.contains("named pipe (FIFO)")
        }
    }

    @Test func aFolderHoldingAFIFOIsRefused() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try fifo(in: dir, named: "rivers.shp")
        defer { release(path) }
        #expect {
            _ = try VectorSource.open(dir.path)
        } throws: { ($0 as! GeoKitError).message.contains("holds rivers.shp, which is a named pipe (FIFO)") }
    }

    @Test func aDeviceIsRefusedAndAConnectionStringIsLeftToGDAL() throws {
        #expect {
            _ = try VectorSource.open("/dev/zero")
        } throws: { ($0 as! GeoKitError).message.contains("character device") }
        // Not on disk and holding a colon: GDAL decides (and here fails with its own reason).
        #expect {
            _ = try VectorSource.open("PG:dbname=ecozone_no_such_database host=/nonexistent")
        } throws: { !($0 as! GeoKitError).message.contains("no such file") }
        #expect {
            _ = try VectorSource.open("/nonexistent/layer.geojson")
        } throws: { ($0 as! GeoKitError).message == "no such file or directory" }
    }
}
