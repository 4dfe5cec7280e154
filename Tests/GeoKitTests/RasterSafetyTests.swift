import Foundation
import Testing
@testable import GeoKit

/// Rasters GeoKit must refuse with a sentence naming the file (issue 11): georeferencing that no
/// analysis can trust, bands too large for memory, and GeoTIFF writes that fail.
@Suite struct RasterSafetyTests {
    /// A VRT text file declaring a raster with no data on disk (every cell reads as 0): any size,
    /// any geotransform, any CRS, in a few hundred bytes.
    static func vrt(in dir: URL, name: String = "r.vrt", width: Int = 4, height: Int = 3,
                    geoTransform: String, srs: String? = "EPSG:4524") throws -> String {
        let path = dir.appendingPathComponent(name).path
        let text = """
        <VRTDataset rasterXSize="\(width)" rasterYSize="\(height)">
          \(srs.map { "<SRS>\($0)</SRS>" } ?? "")
          <GeoTransform>\(geoTransform)</GeoTransform>
          <VRTRasterBand dataType="Float32" band="1"/>
        </VRTDataset>
        """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func refusal(_ path: String, containing words: [String]) {
        #expect {
            _ = try RasterIO.info(path)
        } throws: { error in
            guard let e = error as? GeoKitError, e.file == path else { return false }
            return words.allSatisfy { e.message.contains($0) }
        }
    }

    @Test func aSoundVRTReads() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.vrt(in: dir, geoTransform: "36600000, 30, 0, 3300000, 0, -30")
        let grid = try RasterIO.read(path, as: Double.self)
        #expect(grid.values == [Double](repeating: 0, count: 12))
        #expect(grid.crs?.authorityCode == "EPSG:4524")
        // A real geographic raster (0.2° over Chongqing and Guizhou) passes the geographic checks.
        #expect(try RasterIO.info(TestPaths.real("dem-cnmaps-sample-0p2deg/dem_0p2deg_cq_gz.tif")).crs?.isGeographic == true)
    }

    @Test func zeroOrNonFinitePixelSizesAreRefused() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        refusal(try Self.vrt(in: dir, name: "w0.vrt", geoTransform: "36600000, 0, 0, 3300000, 0, -30"), containing: ["width of 0"])
        refusal(try Self.vrt(in: dir, name: "h0.vrt", geoTransform: "36600000, 30, 0, 3300000, 0, 0"), containing: ["height of 0"])
        // Columns and rows along the same direction: a rotated grid with no area.
        refusal(try Self.vrt(in: dir, name: "flat.vrt", geoTransform: "36600000, 30, 30, 3300000, 30, 30"), containing: ["no area"])
        refusal(try Self.vrt(in: dir, name: "inf.vrt", geoTransform: "36600000, 1e400, 0, 3300000, 0, -30"), containing: ["non-finite"])
    }

    @Test func geographicRastersOutsideTheEarthOrWithSwappedAxesAreRefused() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Chongqing written latitude first: x ≈ 29.5, y ≈ 106.5 (> 90).
        refusal(try Self.vrt(in: dir, name: "latlon.vrt", geoTransform: "29.5, 0.01, 0, 106.5, 0, -0.01", srs: "EPSG:4490"),
                containing: ["outside ±180° longitude and ±90° latitude", "axes look swapped"])
        // Gauss–Krüger metres labelled as CGCS2000 degrees.
        refusal(try Self.vrt(in: dir, name: "metres.vrt", geoTransform: "36600000, 30, 0, 3300000, 0, -30", srs: "EPSG:4490"),
                containing: ["look like metres"])
        // Longitude 200 (beyond 360 it would be taken for metres, as CoordinateSanity takes vectors).
        refusal(try Self.vrt(in: dir, name: "lon200.vrt", geoTransform: "200, 0.01, 0, 29.5, 0, -0.01", srs: "EPSG:4490"),
                containing: ["outside ±180° longitude"])
        // Inside ±180/±90 but outside CGCS2000's area of use (China), inside it once swapped:
        // x 29, y 80 is in the Arctic Ocean; (80 E, 29 N) is in Tibet.
        refusal(try Self.vrt(in: dir, name: "arctic.vrt", geoTransform: "29.0, 0.01, 0, 80.0, 0, -0.01", srs: "EPSG:4490"),
                containing: ["area of use", "axes look swapped"])
        // Chongqing's degrees labelled as Gauss–Krüger zone 36 metres (a wrong -a_srs).
        refusal(try Self.vrt(in: dir, name: "degrees.vrt", geoTransform: "106.5, 0.01, 0, 29.6, 0, -0.01", srs: "EPSG:4524"),
                containing: ["look like degrees", "EPSG:4524"])
        // The same place the right way round reads.
        #expect(try RasterIO.info(try Self.vrt(in: dir, name: "tibet.vrt", geoTransform: "80.0, 0.01, 0, 29.0, 0, -0.01", srs: "EPSG:4490")).width == 4)
    }

    @Test func aBandTooLargeForMemoryIsRefusedBeforeReading() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 100,000 × 100,000 cells: 80 GB as Float64, declared in a few hundred bytes.
        let path = try Self.vrt(in: dir, name: "huge.vrt", width: 100_000, height: 100_000, geoTransform: "36600000, 30, 0, 3300000, 0, -30")
        #expect(try RasterIO.info(path).width == 100_000)
        #expect {
            _ = try RasterIO.read(path, as: Double.self)
        } throws: { error in
            guard let e = error as? GeoKitError, e.file == path else { return false }
            // 1e10 cells × 8 bytes = 8e10 bytes = 74.5 GiB.
            return e.message.contains("10000000000 cells") && e.message.contains("74.5 GiB")
        }
        // An explicit limit applies to small rasters too: 12 cells × 8 bytes = 96 bytes.
        let small = try Self.vrt(in: dir, geoTransform: "36600000, 30, 0, 3300000, 0, -30")
        #expect(throws: GeoKitError.self) { _ = try RasterIO.read(small, as: Double.self, maximumBytes: 95) }
        #expect(try RasterIO.read(small, as: Double.self, maximumBytes: 96).values.count == 12)
    }

    @Test func aFailedGeoTIFFWriteNamesTheFileAndLeavesNothing() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let grid = RasterGrid(width: 2, height: 2, geoTransform: GeoTransform(originX: 36_600_000, pixelWidth: 30, originY: 3_300_000, pixelHeight: -30),
                              crs: try CRS("EPSG:4524"), noData: nil, values: [Float](repeating: 1, count: 4))
        // No such folder: GDALCreate fails.
        let nowhere = dir.appendingPathComponent("missing/r.tif").path
        #expect { try RasterIO.writeGeoTIFF(grid, to: nowhere) } throws: { ($0 as? GeoKitError)?.file == nowhere }
        // The target is a non-empty folder: the finished file cannot be renamed onto it; the
        // folder stays, and the hidden partial file is gone.
        let folder = dir.appendingPathComponent("r.tif")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: folder.appendingPathComponent("user.txt"))
        #expect { try RasterIO.writeGeoTIFF(grid, to: folder.path) } throws: {
            ($0 as? GeoKitError)?.file == folder.path && ($0 as? GeoKitError)?.message.contains("into place") == true
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["r.tif"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["user.txt"])
    }

    @Test func anInfiniteCellIsRefusedByNameUnlessItIsTheNoData() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = GeoTransform(originX: 36_600_000, pixelWidth: 30, originY: 3_300_000, pixelHeight: -30)
        var values = [Float](repeating: 1, count: 12)
        values[6] = -.infinity  // row 1, column 2 of a 4 × 3 grid: centre (36 600 075, 3 299 955)
        let bad = dir.appendingPathComponent("inf.tif").path
        try RasterIO.writeGeoTIFF(RasterGrid(width: 4, height: 3, geoTransform: t, crs: try CRS("EPSG:4524"), noData: nil, values: values), to: bad)
        var buffer: [Double] = []
        #expect { try RasterReader(bad).read(RasterWindow(col: 0, row: 0, width: 4, height: 3), into: &buffer) } throws: {
            let e = $0 as? GeoKitError
            return e?.file == bad && e?.message.contains("cell (row 1, column 2) at (36600075, 3299955) holds -inf") == true
        }
        // A window without it reads.
        try RasterReader(bad).read(RasterWindow(col: 0, row: 0, width: 2, height: 3), into: &buffer)
        #expect(buffer == [Double](repeating: 1, count: 6))
        // Declared NoData, −∞ is no value, not an error.
        let declared = dir.appendingPathComponent("nodata.tif").path
        try RasterIO.writeGeoTIFF(RasterGrid(width: 4, height: 3, geoTransform: t, crs: try CRS("EPSG:4524"), noData: -.infinity, values: values), to: declared)
        let reader = try RasterReader(declared)
        try reader.read(RasterWindow(col: 0, row: 0, width: 4, height: 3), into: &buffer)
        #expect(reader.isNoData(buffer[6]) && buffer.filter { $0 == 1 }.count == 11)
    }
}
