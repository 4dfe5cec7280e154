import Foundation
import Testing
@testable import GeoKit

@Suite struct RasterTests {
    @Test func geoTIFFRoundTripKeepsValuesGeoreferencingAndNoData() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.tif").path
        let values: [Float] = (0..<12).map { Float($0) * 1.5 }
        let gt = GeoTransform(originX: 36_400_000, pixelWidth: 30, originY: 3_300_000, pixelHeight: -30)
        let grid = RasterGrid(width: 4, height: 3, geoTransform: gt, crs: try CRS("EPSG:4524"), noData: -9999, values: values)
        try RasterIO.writeGeoTIFF(grid, to: path)
        let back = try RasterIO.read(path, as: Float.self)
        #expect(back.values == values)
        #expect(back.width == 4 && back.height == 3)
        #expect(back.geoTransform == gt)
        #expect(back.noData == -9999)
        #expect(back.crs?.authorityCode == "EPSG:4524")
        #expect(back[1, 2] == values[2 * 4 + 1])
        #expect(gt.cellCenter(col: 0, row: 0) == (36_400_015, 3_299_985))
        // Read as another type: GDAL converts.
        let asDouble = try RasterIO.read(path, as: Double.self)
        #expect(asDouble.values[3] == 4.5)
    }

    @Test func realLinkageMapperResistanceRaster() throws {
        // SOURCE.md of the demo: 808 × 730 cells.
        let info = try RasterIO.info(TestPaths.real("connectivity-linkage-mapper-demo/lm_resistances.tif"))
        #expect(info.width == 808 && info.height == 730)
        #expect(info.crs?.isProjected == true)
    }

    @Test func missingBandAndFileAreInputErrors() throws {
        let tif = TestPaths.real("dem-cnmaps-sample-0p2deg/dem_0p2deg_cq_gz.tif")
        #expect(throws: GeoKitError.self) { _ = try RasterIO.read(tif, band: 9, as: Float.self) }
        #expect(throws: GeoKitError.self) { _ = try RasterIO.read("/nonexistent.tif", as: Float.self) }
    }
}
