import Foundation
import GeoKit

/// What to segment and how to report it.
public struct MSPAOptions: Sendable {
    public var parameters: MSPAParameters
    /// Land-cover values that are foreground; every other value is background, NoData is missing.
    public var foreground: [Int]
    public var band: Int
    public var unit: AreaUnit
    /// Rows read at a time: about this many cells.
    public var stripCells: Int

    public init(parameters: MSPAParameters = MSPAParameters(), foreground: [Int], band: Int = 1,
                unit: AreaUnit = .squareKilometres, stripCells: Int = 2_000_000) {
        self.parameters = parameters
        self.foreground = foreground
        self.band = band
        self.unit = unit
        self.stripCells = stripCells
    }

    public func check() throws {
        try parameters.check()
        guard !foreground.isEmpty else { throw GeoKitError(.input, "MSPA needs at least one foreground class") }
        guard band >= 1 else { throw GeoKitError(.input, "the band is 1 or more, not \(band)") }
    }
}

/// Per MSPA class, its cells, ellipsoidal area and share of the foreground.
public struct MSPAReport: Sendable, Encodable {
    public struct ClassArea: Sendable, Encodable {
        public var name: String
        public var nameZh: String
        /// The class's external code; `codes` lists every code counted under it.
        public var code: Int
        public var codes: [Int]
        public var cells: Int
        public var area: Double
        public var share: Double
        enum CodingKeys: String, CodingKey { case name, nameZh = "name_zh", code, codes, cells, area, share }
    }
    public struct Parameters: Sendable, Encodable {
        public var connectivity: Int
        public var edgeWidth: Int
        /// The edge width on the ground: W times the cell size (the geometric mean of the cell's sides
        /// at the raster's middle row, in metres; a projected grid's own metres).
        public var edgeWidthMetres: Double
        public var transition: Bool
        public var intext: Bool
        /// t = W + 0.98 cells, GTB's distance threshold (applied in single precision).
        public var threshold: Double
        enum CodingKeys: String, CodingKey {
            case connectivity, transition, intext, threshold
            case edgeWidth = "edge_width", edgeWidthMetres = "edge_width_m"
        }
    }

    public var unit: AreaUnit
    public var method = "ellipsoidal"
    public var landcover: String
    public var band: Int
    public var crs: String
    public var width: Int
    public var height: Int
    public var cellArea: String
    public var foregroundClasses: [Int]
    public var parameters: Parameters
    public var classes: [ClassArea]
    public var foregroundArea: Double
    public var foregroundCells: Int
    public var backgroundCells: Int
    public var missingCells: Int

    enum CodingKeys: String, CodingKey {
        case unit, method, landcover, band, crs, width, height, parameters, classes
        case cellArea = "cell_area", foregroundClasses = "foreground_classes", foregroundArea = "foreground_area"
        case foregroundCells = "foreground_cells", backgroundCells = "background_cells", missingCells = "missing_cells"
    }

    public func area(of c: MSPAClass) -> Double { classes.first { $0.name == c.rawValue }?.area ?? 0 }
}

/// MSPA of a land-cover raster: reads it a strip at a time into GTB's input codes (the foreground
/// classes → foreground, NoData → missing, any other value → background), segments it
/// (``MSPASegmentation``, the whole grid in memory at ~6 bytes per cell), and measures each class: its
/// cells and its ellipsoidal area, each cell weighing its true area on the ellipsoid
/// (``GridCellAreas``: exact for lon/lat cells, Δx·Δy / areal scale for projected ones). Class areas
/// are summed per row then over rows; the foreground area is the sum of the seven, so the shares add
/// up to 1.
public enum MSPAAnalysis {
    public static func run(landcover path: String, options: MSPAOptions) throws -> (MSPAReport, MSPASegmentation) {
        try options.check()
        let reader = try RasterReader(path, band: options.band)
        let info = reader.info
        guard let crs = info.crs else {
            throw GeoKitError(.input, "the land cover declares no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:…)", file: path)
        }
        guard info.geoTransform.rotationX == 0, info.geoTransform.rotationY == 0 else {
            throw GeoKitError(.input, "the land cover is rotated (its geotransform has rotation terms); warp it north-up first (gdalwarp)", file: path)
        }
        let frame = options.parameters.frame
        let framed = Double(info.width + 2 * frame) * Double(info.height + 2 * frame)
        let need = framed * Double(MSPASegmentation.bytesPerCell)
        let limit = Double(SystemMemory.available) * 0.8
        guard need <= limit else {
            throw GeoKitError(.input, "MSPA holds the whole grid, \(info.width) × \(info.height) cells at \(MSPASegmentation.bytesPerCell) bytes each (\(SystemMemory.describe(need))), more than 80 % of the memory available (\(SystemMemory.describe(limit))); cut the land cover into parts", file: path)
        }
        let segmentation = try MSPASegmentation(width: info.width, height: info.height, parameters: options.parameters)
        let foreground = Set(options.foreground)
        var values: [Double] = []
        var row = [MSPASegmentation.Input](repeating: .background, count: info.width)
        let stripRows = max(1, options.stripCells / max(info.width, 1))
        var r0 = 0
        while r0 < info.height {
            let rows = min(stripRows, info.height - r0)
            try reader.read(RasterWindow(col: 0, row: r0, width: info.width, height: rows), into: &values)
            for k in 0..<rows {
                for c in 0..<info.width {
                    let v = values[k * info.width + c]
                    if reader.isNoData(v) {
                        row[c] = .missing
                    } else if v == v.rounded(), abs(v) < 1e15, foreground.contains(Int(v)) {
                        row[c] = .foreground
                    } else {
                        row[c] = .background
                    }
                }
                segmentation.setRow(r0 + k, row)
            }
            r0 += rows
        }
        segmentation.run()
        let report = try measure(segmentation, info: info, crs: crs, path: path, options: options)
        return (report, segmentation)
    }

    /// Cells and ellipsoidal areas per class of a finished segmentation of a raster described by `info`.
    static func measure(_ s: MSPASegmentation, info: RasterIO.Info, crs: CRS, path: String, options: MSPAOptions) throws -> MSPAReport {
        let t = info.geoTransform
        let areas = try GridCellAreas(geoTransform: t, crs: crs, columns: 0..<info.width, rows: 0..<info.height)
        let classes = MSPAClass.allCases
        let transition = options.parameters.transition
        // The class of each of the 256 codes, once.
        let lookup: [Int] = (0..<256).map { code in
            MSPAClass.of(code: UInt8(code), transition: transition).map { c in classes.firstIndex(of: c)! } ?? -1
        }
        var cells = [Int](repeating: 0, count: classes.count)
        var total = [Double](repeating: 0, count: classes.count), carry = [Double](repeating: 0, count: classes.count)
        var codesSeen = [Set<Int>](repeating: [], count: classes.count)
        var background = 0, missing = 0
        var rowArea = [Double](repeating: 0, count: classes.count)
        var cellAreas: [Double] = []
        for r in 0..<info.height {
            let codes = s.codes(row: r)
            areas.areas(row: r, cols: 0..<info.width, into: &cellAreas)
            for k in 0..<classes.count { rowArea[k] = 0 }
            for c in 0..<info.width {
                let code = codes[c]
                let k = lookup[Int(code)]
                if k < 0 {
                    if code == MSPACode.missing { missing += 1 } else { background += 1 }
                    continue
                }
                cells[k] += 1
                rowArea[k] += cellAreas[c]
                codesSeen[k].insert(Int(code))
            }
            // Kahan–Babuška summation of the rows.
            for k in 0..<classes.count {
                let sum = total[k] + rowArea[k]
                carry[k] += abs(total[k]) >= abs(rowArea[k]) ? (total[k] - sum) + rowArea[k] : (rowArea[k] - sum) + total[k]
                total[k] = sum
            }
        }
        let u = options.unit
        let classAreas = (0..<classes.count).map { u.fromSquareMetres(total[$0] + carry[$0]) }
        let foregroundArea = classAreas.reduce(0, +)
        let p = options.parameters
        let spacing = GridMetricSpacing(geoTransform: t, crs: crs).spacing(row: info.height / 2)
        let out = classes.enumerated().map { k, c in
            MSPAReport.ClassArea(name: c.rawValue, nameZh: c.chineseName, code: Int(c.code), codes: codesSeen[k].sorted(),
                                 cells: cells[k], area: classAreas[k], share: foregroundArea > 0 ? classAreas[k] / foregroundArea : 0)
        }
        return MSPAReport(unit: u, landcover: path, band: options.band, crs: crs.description, width: info.width, height: info.height,
                          cellArea: ZonalAnalysis.cellAreaMethod(info), foregroundClasses: options.foreground.sorted(),
                          parameters: .init(connectivity: p.connectivity, edgeWidth: p.edgeWidth,
                                            edgeWidthMetres: Double(p.edgeWidth) * (spacing.dx * spacing.dy).squareRoot(),
                                            transition: p.transition, intext: p.intext, threshold: ((Double(p.edgeWidth) + 0.98) * 100).rounded() / 100),
                          classes: out, foregroundArea: foregroundArea, foregroundCells: cells.reduce(0, +),
                          backgroundCells: background, missingCells: missing)
    }
}
