import Foundation
import Testing
@testable import GeoKit

@Suite struct RasterMosaicVRTTests {
    /// Three row bands of a 5 × 7 grid written as tiles, stitched by the VRT: GDAL reads back the
    /// grid's cells, georeferencing (a GK zone whose EPSG axis order is northing, easting), NoData and type.
    @Test func bandsReadBackAsTheWholeGrid() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("tiles"), withIntermediateDirectories: true)
        let w = 5, h = 7
        let values: [Float] = (0..<(w * h)).map { $0 % 6 == 0 ? -9999 : Float($0) * 0.25 }
        let t = GeoTransform(originX: 36_347_640, pixelWidth: 120, originY: 3_295_380.5, pixelHeight: -120)
        let crs = try CRS("EPSG:4524")
        var tiles: [RasterIO.MosaicTile] = []
        for (k, rows) in [0..<3, 3..<5, 5..<7].enumerated() {
            let path = "tiles/band-\(k).tif"
            try RasterIO.writeGeoTIFF(RasterGrid(width: w, height: rows.count, geoTransform: RasterIO.rowBandTransform(t, firstRow: rows.lowerBound),
                                                 crs: crs, noData: -9999, values: Array(values[(rows.lowerBound * w)..<(rows.upperBound * w)])),
                                      to: dir.appendingPathComponent(path).path)
            tiles.append(RasterIO.MosaicTile(path: path, row: rows.lowerBound, height: rows.count))
        }
        let vrt = dir.appendingPathComponent("whole.vrt").path
        try RasterIO.writeMosaicVRT(width: w, height: h, geoTransform: t, crs: crs, dataType: .float32, noData: -9999, tiles: tiles, to: vrt)
        let back = try RasterIO.read(vrt, as: Float.self)
        #expect(back.values == values)
        #expect(back.width == w && back.height == h)
        #expect(back.geoTransform == t)
        #expect(back.noData == -9999)
        #expect(back.crs?.authorityCode == "EPSG:4524")
        #expect(try RasterIO.info(vrt).dataType == .float32)
        // Moved down 3 rows of −120 m: the origin of the second band, by hand.
        #expect(RasterIO.rowBandTransform(t, firstRow: 3).originY == 3_295_380.5 - 360)
    }

    @Test func tilesThatLeaveAGapAreRefused() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = GeoTransform(originX: 0, pixelWidth: 1, originY: 10, pixelHeight: -1)
        let vrt = dir.appendingPathComponent("gap.vrt").path
        #expect(throws: GeoKitError.self) {
            try RasterIO.writeMosaicVRT(width: 2, height: 4, geoTransform: t, crs: nil, dataType: .uint8, noData: nil,
                                        tiles: [.init(path: "a.tif", row: 0, height: 2), .init(path: "b.tif", row: 3, height: 1)], to: vrt)
        }
        #expect(!FileManager.default.fileExists(atPath: vrt))
    }
}
