import Foundation

/// Checks the three files of a shapefile against each other before GDAL reads them, because GDAL
/// silently reads the shorter of a .shp and a .dbf that disagree, and reports a truncated .shp only
/// when it reaches the missing bytes.
///
/// Header facts used (ESRI Shapefile Technical Description, 1998): the .shp and .shx headers hold
/// the file length in 16-bit words as a big-endian Int32 at byte 24; the .shx holds one 8-byte
/// record per shape after its 100-byte header; the .dbf header holds the record count as a
/// little-endian UInt32 at byte 4.
enum ShapefileIntegrity {
    /// Throws a sentence naming the file when the parts disagree. `shp` is the .shp path.
    static func check(shp: String, layer: String) throws {
        let base = (shp as NSString).deletingPathExtension
        func sidecar(_ ext: String) -> String? {
            for e in [ext, ext.uppercased()] where FileManager.default.fileExists(atPath: "\(base).\(e)") { return "\(base).\(e)" }
            return nil
        }
        func fail(_ message: String) -> GeoKitError { GeoKitError(.input, message, file: shp, layer: layer) }
        guard let shpHeader = read(shp, bytes: 100), shpHeader.count == 100 else {
            throw fail("the .shp file is shorter than its 100-byte header")
        }
        let declared = Int(bigEndianInt32(shpHeader, at: 24)) * 2
        let actual = fileSize(shp)
        if actual < declared {
            throw fail("the .shp file is truncated: its header says \(declared) bytes but it has \(actual)")
        }
        guard let shx = sidecar("shx") else { return }
        let shxSize = fileSize(shx)
        guard shxSize >= 100, (shxSize - 100) % 8 == 0 else {
            throw fail("the .shx index is damaged (\(shxSize) bytes is not a 100-byte header plus 8-byte records)")
        }
        let shapes = (shxSize - 100) / 8
        guard let dbf = sidecar("dbf") else { return }
        guard let dbfHeader = read(dbf, bytes: 8), dbfHeader.count == 8 else {
            throw fail("the .dbf file is shorter than its header")
        }
        let records = Int(UInt32(dbfHeader[4]) | UInt32(dbfHeader[5]) << 8 | UInt32(dbfHeader[6]) << 16 | UInt32(dbfHeader[7]) << 24)
        if records != shapes {
            throw fail("the .dbf has \(records) record(s) but the .shp has \(shapes) shape(s); the files do not belong together or one is damaged")
        }
    }

    private static func read(_ path: String, bytes: Int) -> [UInt8]? {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        return (try? h.read(upToCount: bytes)).map { [UInt8]($0) }
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    private static func bigEndianInt32(_ b: [UInt8], at i: Int) -> Int32 {
        Int32(bitPattern: UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3]))
    }
}
