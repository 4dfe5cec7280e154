import Foundation
import GeoKit

/// Writes an MSPA result into one folder, atomically (``OutputFolder``: a hidden partial folder
/// renamed into place, replaced only when EcoZone wrote it; refused when it holds an input):
///
/// - `mspa.tif`: UInt8 GTB codes (``MSPAClass``, ``MSPACode``), the land cover's grid and CRS,
///   NoData 129 (missing), written a strip at a time (``RasterStripWriter``);
/// - `summary.json`: the report.
public enum MSPAOutput {
    public static let files = ["mspa.tif", "summary.json"]

    public static func write(_ segmentation: MSPASegmentation, report: MSPAReport, landcover info: RasterIO.Info,
                             to directory: String, guard rules: OutputGuard) throws {
        let folder = try OutputFolder(directory, guard: rules, command: "mspa")
        do {
            try writeContents(segmentation, report: report, info: info, into: folder.partial.path)
            try folder.commit()
        } catch {
            folder.discard()
            throw folder.relocated(error)
        }
    }

    static func writeContents(_ s: MSPASegmentation, report: MSPAReport, info: RasterIO.Info, into dir: String) throws {
        try writeCodes(s, info: info, to: "\(dir)/mspa.tif")
        try writeAtomically(try JSONOutput.data(report), to: "\(dir)/summary.json")
    }

    /// The codes as a GeoTIFF on the land cover's grid.
    public static func writeCodes(_ s: MSPASegmentation, info: RasterIO.Info, to path: String) throws {
        let writer = try RasterStripWriter<UInt8>(path: path, width: s.width, height: s.height, geoTransform: info.geoTransform,
                                                  crs: info.crs, noData: Double(MSPACode.missing))
        let stripRows = max(1, 1_000_000 / max(s.width, 1))
        var r0 = 0
        var strip: [UInt8] = []
        while r0 < s.height {
            let r1 = min(s.height, r0 + stripRows)
            strip.removeAll(keepingCapacity: true)
            for r in r0..<r1 { strip += s.codes(row: r) }
            try writer.write(row: r0, values: strip)
            r0 = r1
        }
        try writer.commit()
    }
}
