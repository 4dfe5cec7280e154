import Foundation

/// Checks the three files of a shapefile against each other before GDAL reads them, because GDAL
/// silently reads the shorter of a .shp and a .dbf that disagree, and reports a truncated .shp only
/// when it reaches the missing bytes.
///
/// Header facts used (ESRI Shapefile Technical Description, 1998; dBASE III+ for the .dbf): the
/// .shp and .shx headers hold the file length in 16-bit words as a big-endian Int32 at byte 24; the
/// .shx holds one 8-byte record per shape after its 100-byte header; the .dbf header holds the
/// record count as a little-endian UInt32 at byte 4, the header length and the record length as
/// little-endian UInt16 at bytes 8 and 10.
///
/// A header can claim billions of records (4,294,967,295 in a .dbf): every count is compared with
/// the size of its file before anything trusts it, so such a header is a sentence, not a read
/// that runs for hours or an allocation that fails.
enum ShapefileIntegrity {
    /// Throws a sentence naming the file when the parts disagree. `shp` is the .shp path.
    static func check(shp: String, layer: String) throws {
        let base = (shp as NSString).deletingPathExtension
        func sidecar(_ ext: String) -> String? {
            for e in [ext, ext.uppercased()] where FileManager.default.fileExists(atPath: "\(base).\(e)") { return "\(base).\(e)" }
            return nil
        }
        func fail(_ message: String) -> GeoKitError { GeoKitError(.input, message, file: shp, layer: layer) }
        for part in [shp, sidecar("shx"), sidecar("dbf")].compactMap({ $0 }) {
            if let kind = SourceFile.kind(of: part), kind != .regular {
                throw fail("\((part as NSString).lastPathComponent) is \(kind.description), not a regular file")
            }
        }
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
        let records = try checkDBF(dbf, layer: layer, reportAs: shp)
        if records != shapes {
            throw fail("the .dbf has \(records) record(s) but the .shp has \(shapes) shape(s); the files do not belong together or one is damaged")
        }
    }

    /// Checks a .dbf's header against its size and returns its record count.
    @discardableResult
    static func checkDBF(_ dbf: String, layer: String, reportAs file: String? = nil) throws -> Int {
        func fail(_ message: String) -> GeoKitError { GeoKitError(.input, message, file: file ?? dbf, layer: layer) }
        guard let h = read(dbf, bytes: 12), h.count == 12 else {
            throw fail("the .dbf file is shorter than its 32-byte header")
        }
        let records = Int(UInt32(h[4]) | UInt32(h[5]) << 8 | UInt32(h[6]) << 16 | UInt32(h[7]) << 24)
        let headerLength = Int(h[8]) | Int(h[9]) << 8
        let recordLength = Int(h[10]) | Int(h[11]) << 8
        let needed = headerLength + records * recordLength   // at most 65,535 + 2³² × 65,535: no overflow
        let actual = fileSize(dbf)
        if actual < needed {
            throw fail("the .dbf header claims \(records) record(s) of \(recordLength) bytes (\(needed) bytes with its header) but the file has \(actual); it is truncated or its header is damaged")
        }
        return records
    }

    /// Checks whichever part of a shapefile `path` names (.shp, .shx or .dbf, any case): the .shp and
    /// its sidecars when there is a .shp, else a lone .dbf (a table without geometry).
    static func check(part path: String, layer: String) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ["shp", "shx", "dbf"].contains(ext) else { return }
        let base = (path as NSString).deletingPathExtension
        func existing(_ exts: [String]) -> String? {
            exts.map { "\(base).\($0)" }.first { FileManager.default.fileExists(atPath: $0) }
        }
        if let shp = existing(["shp", "SHP"]) {
            try check(shp: shp, layer: layer)
        } else if let dbf = existing(["dbf", "DBF"]) {
            try checkDBF(dbf, layer: layer)
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
