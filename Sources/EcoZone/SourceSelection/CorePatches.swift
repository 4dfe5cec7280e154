import Foundation
import GeoKit

/// The core patches of an MSPA result: connected components of core cells (codes 17 and 117, the
/// foreground connectivity), each with its cells, its ellipsoidal area (the sum of its cells' true
/// areas, ``GridCellAreas``) and, for those of at least a minimum area, its polygon in the raster's CRS.
public struct CorePatches: Sendable {
    public struct Patch: Sendable {
        /// 1, 2, … in raster order of the patch's first cell.
        public var id: Int
        public var cells: Int
        /// Ellipsoidal area, ha.
        public var hectares: Double
        /// The patch as a (multi)polygon, cell edges as its edges, in the raster's CRS (2-D WKB).
        public var wkb: [UInt8]
    }

    /// Patches of at least the minimum area, by id.
    public var patches: [Patch]
    /// Patches smaller than the minimum, and their total area (ha).
    public var smallPatches: Int
    public var smallHectares: Double
    public var crs: CRS

    /// Labels the cores of `segmentation` (on the raster `info`), keeps those of `minimumHectares` or
    /// more, and traces their outlines (`GDALPolygonize`, 4-connected, then the pieces of one patch
    /// joined into a multipolygon). Holds a 4-byte label per cell while it runs.
    public static func find(in segmentation: MSPASegmentation, info: RasterIO.Info, crs: CRS, minimumHectares: Double) throws -> CorePatches {
        let w = segmentation.width, h = segmentation.height
        var labels = [Int32](repeating: 0, count: w * h)
        for r in 0..<h {
            let codes = segmentation.codes(row: r)
            for c in 0..<w where codes[c] == 17 || codes[c] == 117 { labels[r * w + c] = -1 }
        }
        let steps = segmentation.parameters.connectivity == 8
            ? [(0, -1), (-1, 0), (0, 1), (1, 0), (-1, -1), (1, -1), (-1, 1), (1, 1)] : [(0, -1), (-1, 0), (0, 1), (1, 0)]
        let areas = try GridCellAreas(geoTransform: info.geoTransform, crs: crs, columns: 0..<w, rows: 0..<h)
        var rowAreas: [[Double]] = []
        if areas.isGeographic {
            var buffer: [Double] = []
            rowAreas = (0..<h).map { r in areas.areas(row: r, cols: 0..<1, into: &buffer); return buffer }
        }
        var cellArea: [Double] = []
        var cells: [Int] = [0], squareMetres: [Double] = [0]
        var stack: [Int] = []
        var next: Int32 = 0
        for start in 0..<(w * h) where labels[start] == -1 {
            next += 1
            labels[start] = next
            stack.append(start)
            var n = 0, a = 0.0
            while let i = stack.popLast() {
                let y = i / w, x = i - y * w
                n += 1
                if areas.isGeographic {
                    a += rowAreas[y][0]
                } else {
                    areas.areas(row: y, cols: x..<(x + 1), into: &cellArea)
                    a += cellArea[0]
                }
                for (dx, dy) in steps {
                    let nx = x + dx, ny = y + dy
                    guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                    let j = ny * w + nx
                    if labels[j] == -1 {
                        labels[j] = next
                        stack.append(j)
                    }
                }
            }
            cells.append(n)
            squareMetres.append(a)
        }
        let keep = (0...Int(next)).map { $0 > 0 && squareMetres[$0] / 10_000 >= minimumHectares }
        var small = 0, smallArea = 0.0
        for k in 1..<max(1, Int(next) + 1) where !keep[k] {
            small += 1
            smallArea += squareMetres[k] / 10_000
        }
        for i in labels.indices where labels[i] > 0 && !keep[Int(labels[i])] { labels[i] = 0 }
        var pieces: [Int32: [[UInt8]]] = [:]
        if keep.contains(true) {
            for p in try RasterVectorize.polygonize(values: labels, width: w, height: h, geoTransform: info.geoTransform) {
                pieces[p.value, default: []].append(p.wkb)
            }
        }
        let context = GeometryContext()
        var patches: [Patch] = []
        for k in 1..<max(1, Int(next) + 1) where keep[k] {
            guard let parts = pieces[Int32(k)], !parts.isEmpty else { continue }
            let wkb = parts.count == 1 ? parts[0]
                : try context.collection(try parts.map { try Geometry(wkb: $0, context: context) }, kind: .multiPolygon).wkb
            patches.append(Patch(id: k, cells: cells[k], hectares: squareMetres[k] / 10_000, wkb: wkb))
        }
        return CorePatches(patches: patches, smallPatches: small, smallHectares: smallArea, crs: crs)
    }
}
