import Foundation
import Testing
@testable import GeoKit

@Suite struct GridCellAreasTests {
    @Test func lonLatCellMatchesPyprojGeod() throws {
        // methods-2 §2 test 3 [run, pyproj]: the 0.001° cell [106.5, 106.501] × [29.5, 29.501] on GRS80 is 10 748.084720 m².
        let a = GridCellAreas.lonLatCellArea(lat1: 29.5, lat2: 29.501, dLon: 0.001)
        #expect(abs(a - 10_748.084720) < 1e-5)
        let t = GeoTransform(originX: 106.5, pixelWidth: 0.001, originY: 29.501, pixelHeight: -0.001)
        let grid = try GridCellAreas(geoTransform: t, crs: try CRS("EPSG:4490"), columns: 0..<3, rows: 0..<1)
        var buffer: [Double] = []
        grid.areas(row: 0, cols: 0..<3, into: &buffer)
        #expect(buffer.allSatisfy { abs($0 - 10_748.084720) < 1e-5 })
    }

    @Test func lonLatRowsAddUpToKarneysAreaOfTheWholeBlock() throws {
        // 0.05° rows from 29° to 30°: their sum is the parallel-bounded block, which Karney's polygon
        // area (geod_polygonarea) gives once the parallels are densified (edges then follow them).
        let t = GeoTransform(originX: 106, pixelWidth: 0.05, originY: 30, pixelHeight: -0.05)
        let grid = try GridCellAreas(geoTransform: t, crs: try CRS("EPSG:4490"), columns: 0..<20, rows: 0..<20)
        var total = 0.0, buffer: [Double] = []
        for r in 0..<20 {
            grid.areas(row: r, cols: 0..<20, into: &buffer)
            total += buffer.reduce(0, +)
        }
        var xs: [Double] = [], ys: [Double] = []
        let n = 2000
        for k in 0...n { xs.append(106 + Double(k) / Double(n)); ys.append(29) }
        for k in 0...n { xs.append(107 - Double(k) / Double(n)); ys.append(30) }
        xs.append(106); ys.append(29)
        let block = try GeometryContext().polygon(rings: [(xs, ys)]).geodesicArea()
        #expect(abs(total - block) / block < 1e-9)
        // methods-2 §6: the parallel-bounded square [106, 107] × [29, 30] on GRS80 is 10 748 000 427.173 m².
        #expect(abs(total - 10_748_000_427.173) < 0.01)
    }

    @Test func projectedCellsAreMeasuredOnTheEllipsoid() throws {
        // methods-2 §2 test 4 [run, pyproj]: a 30 m cell centred at 106.5°E 29.5°N is 900.2505 m² in
        // UTM 48N (s = 0.999721741) and 899.5304 m² in CGCS2000 3° GK zone 35 (CM 105°E, s = 1.000521998).
        for (epsg, expected) in [(32648, 900.2505), (4544, 899.5304), (4523, 899.5304)] {
            let crs = try CRS(epsg: epsg)
            let centre = try Transformer(from: try CRS("EPSG:4490"), to: crs).transform(x: 106.5, y: 29.5)
            let t = GeoTransform(originX: centre.x - 15, pixelWidth: 30, originY: centre.y + 15, pixelHeight: -30)
            let grid = try GridCellAreas(geoTransform: t, crs: crs, columns: 0..<1, rows: 0..<1)
            var buffer: [Double] = []
            grid.areas(row: 0, cols: 0..<1, into: &buffer)
            #expect(abs(buffer[0] - expected) < 1e-4, "EPSG:\(epsg): \(buffer[0])")
        }
    }

    @Test func interpolatedScaleAgreesWithPROJAtEveryCell() throws {
        // 300 × 200 cells of 30 m in GK zone 36 (lattice every 33 cells): each cell against s from PROJ at its own centre.
        let crs = try CRS("EPSG:4524")
        let t = GeoTransform(originX: 36_350_000, pixelWidth: 30, originY: 3_290_000, pixelHeight: -30)
        let grid = try GridCellAreas(geoTransform: t, crs: crs, columns: -20..<280, rows: 0..<200)
        let scale = try ArealScale(crs)
        var buffer: [Double] = []
        for row in stride(from: 0, to: 200, by: 17) {
            grid.areas(row: row, cols: -20..<280, into: &buffer)
            for (i, col) in (-20..<280).enumerated() where i % 13 == 0 {
                let c = t.cellCenter(col: col, row: row)
                let exact = 900 / (try scale.factor(x: c.x, y: c.y))
                #expect(abs(buffer[i] - exact) / exact < 1e-8)   // the documented bound; 6e-9 seen
            }
        }
    }
}
