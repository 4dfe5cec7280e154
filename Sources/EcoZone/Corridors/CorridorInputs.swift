// Inputs of the corridor pipeline (issue 7): a georeferenced resistance surface and the core
// polygons, brought onto one grid.

import Foundation
import GeoKit

/// A resistance grid with its georeferencing: what the corridor numerics run on.
///
/// Cells are square and the raster north-up, in a projected CRS (cost = resistance × metres).
/// NoData, NaN and +infinity are impassable (NaN in ``grid``, or +infinity kept); a negative
/// resistance is an error naming the file and the cell; zero is free travel for cost distance but
/// refused by the circuit (Circuitscape treats it as an error), with the cell named.
public struct ResistanceSurface: Sendable {
    public var grid: ResistanceGrid
    public var geoTransform: GeoTransform
    public var crs: CRS
    /// Where the values came from, for reports ("landuse_resistance.tif", "landuse.tif + resistance-table").
    public var origin: String
    /// The raster file read, as given: named in every error about its cells.
    public var path: String
    /// Side of the blocks of raster cells averaged into one grid cell (``aggregated(by:)``), 1 if none.
    public var aggregation: Int = 1

    /// The cell at row-major `index` of ``grid``, named for a message.
    public func location(of index: Int) -> CellLocation {
        CellLocation(index: index, width: grid.width, geoTransform: geoTransform, crs: crs, aggregation: aggregation)
    }

    /// Reads band 1 of a raster GDAL can open (`RasterIO.read` as Float64). The raster must be
    /// north-up with square cells and a projected CRS, and fit in memory
    /// (``CorridorMemory/checkRead(width:height:path:)``, checked before a cell is read); its NoData
    /// value becomes NaN (impassable); a negative value, or one above 10¹² (``Project/Limits/resistance``), is an
    /// error naming its cell.
    public static func read(_ path: String) throws -> ResistanceSurface {
        let info = try RasterIO.info(path)
        let (cell, crs) = try checkGrid(info, path: path)
        try CorridorMemory.checkRead(width: info.width, height: info.height, path: path)
        let raster = try RasterIO.read(path, as: Double.self)
        var values = raster.values
        if let nd = raster.noData {
            let nd32 = Float(nd)
            for i in values.indices where values[i] == nd || Float(values[i]) == nd32 { values[i] = .nan }
        }
        if let bad = values.firstIndex(where: { $0 < 0 }) {
            throw GeoKitError(.input, "\(CellLocation(index: bad, width: raster.width, geoTransform: raster.geoTransform, crs: crs)) has resistance \(values[bad]); resistances must be 0 or more (declare NoData for impassable cells)", file: path)
        }
        // Above 10¹² (the resistance-table bound) the circuit's conductances span more than double
        // precision can solve for: conjugate gradients run to their cap and diverge (a 40 × 40 grid with
        // 3.4e38 beside 1 took 30,360 iterations to fail). Impassable cells are NoData, not huge numbers.
        if let huge = values.firstIndex(where: { $0 > Project.Limits.resistance }) {
            throw GeoKitError(.input, "\(CellLocation(index: huge, width: raster.width, geoTransform: raster.geoTransform, crs: crs)) has resistance \(NumberText.significant(values[huge])); resistances must be at most 10¹² (declare NoData for impassable cells)", file: path)
        }
        return ResistanceSurface(grid: ResistanceGrid(width: raster.width, height: raster.height, cellSize: cell, values: values),
                                 geoTransform: raster.geoTransform, crs: crs,
                                 origin: URL(fileURLWithPath: path).lastPathComponent, path: path)
    }

    /// Rows `rows` of the raster at `path` (every column), read through GDAL's windowed RasterIO so no
    /// other row is touched, with the checks of ``read(_:)``; the surface's grid is those rows, its
    /// geotransform moved down to the first. Errors name the cell by its row in the whole raster.
    public static func read(_ path: String, rows: Range<Int>) throws -> ResistanceSurface {
        let reader = try RasterReader(path)
        precondition(rows.lowerBound >= 0 && rows.upperBound <= reader.info.height && !rows.isEmpty, "rows must lie inside the raster")
        return try read(reader, path: path, window: RasterWindow(col: 0, row: rows.lowerBound, width: reader.info.width, height: rows.count))
    }

    /// The raster cells of `window`, read through GDAL's windowed RasterIO with the checks of
    /// ``read(_:)``; the geotransform is moved to the window's corner, and errors name the cell by
    /// its row and column in the whole raster.
    static func read(_ reader: RasterReader, path: String, window: RasterWindow) throws -> ResistanceSurface {
        let (cell, crs) = try checkGrid(reader.info, path: path)
        let w = reader.info.width
        var values: [Double] = []
        try reader.read(window, into: &values)
        // NoData as ``read(_:)`` takes it (equal as Float64 or as Float32), so a window holds the whole read's values.
        if let nd = reader.info.noData {
            let nd32 = Float(nd)
            for i in values.indices where values[i] == nd || Float(values[i]) == nd32 { values[i] = .nan }
        }
        func located(_ i: Int) -> CellLocation {
            CellLocation(index: (window.row + i / window.width) * w + window.col + i % window.width, width: w,
                         geoTransform: reader.info.geoTransform, crs: crs)
        }
        if let bad = values.firstIndex(where: { $0 < 0 }) {
            throw GeoKitError(.input, "\(located(bad)) has resistance \(values[bad]); resistances must be 0 or more (declare NoData for impassable cells)", file: path)
        }
        if let huge = values.firstIndex(where: { $0 > Project.Limits.resistance }) {
            throw GeoKitError(.input, "\(located(huge)) has resistance \(NumberText.significant(values[huge])); resistances must be at most 10¹² (declare NoData for impassable cells)", file: path)
        }
        var t = RasterIO.rowBandTransform(reader.info.geoTransform, firstRow: window.row)
        t.originX += Double(window.col) * t.pixelWidth
        return ResistanceSurface(grid: ResistanceGrid(width: window.width, height: window.height, cellSize: cell, values: values),
                                 geoTransform: t, crs: crs, origin: URL(fileURLWithPath: path).lastPathComponent, path: path)
    }

    /// The raster a project's resistance is read from as it is, when ``fromProject(_:preferLandUse:)``
    /// would read one raster and change nothing (no multi-factor surface, no land-use table in use):
    /// then windows of it can be read on their own (``ResistanceFrame/read(_:)``). Nil otherwise.
    public static func rasterSource(of project: Project, preferLandUse: Bool = false) -> String? {
        guard project.resistance == nil || preferLandUse, let pattern = project.pattern else { return nil }
        if pattern.landUse != nil && pattern.resistanceTable != nil && (preferLandUse || pattern.resistance == nil) { return nil }
        return pattern.resistance
    }

    /// The surface without its values.
    public var frame: ResistanceFrame {
        ResistanceFrame(width: grid.width, height: grid.height, cellSize: grid.cellSize, geoTransform: geoTransform, crs: crs,
                        path: path, aggregation: aggregation)
    }

    /// Builds the resistance from a land-use raster and a class → resistance table (the project's
    /// `pattern.resistance-table`). Land-use NoData is impassable; a class the table does not
    /// list is an error naming the class.
    public static func fromLandUse(_ path: String, table: [String: String]) throws -> ResistanceSurface {
        var lookup: [Int: Double] = [:]
        for (k, v) in table {
            guard let cls = Int(k.trimmingCharacters(in: .whitespaces)), let r = Double(v.trimmingCharacters(in: .whitespaces)),
                  r.isFinite, r > 0 else {
                throw GeoKitError(.input, "resistance-table entry '\(k): \(v)' must map an integer class to a positive resistance")
            }
            lookup[cls] = r
        }
        return try fromLandUse(path, classes: lookup)
    }

    /// The land-use raster at `path` mapped through `classes` (land-use class → resistance, each > 0).
    public static func fromLandUse(_ path: String, classes lookup: [Int: Double]) throws -> ResistanceSurface {
        let info = try RasterIO.info(path)
        let (cell, crs) = try checkGrid(info, path: path)
        try CorridorMemory.checkRead(width: info.width, height: info.height, path: path)
        let raster = try RasterIO.read(path, as: Int32.self)
        let nd = raster.noData.map { Int32(exactly: $0) } ?? nil
        var values = [Double](repeating: .nan, count: raster.values.count)
        var missing = Set<Int32>()
        for i in values.indices {
            let c = raster.values[i]
            if c == nd { continue }
            if let r = lookup[Int(c)] { values[i] = r } else { missing.insert(c) }
        }
        if !missing.isEmpty {
            throw GeoKitError(.input, "land-use class(es) \(missing.sorted().map(String.init).joined(separator: ", ")) have no entry in the resistance-table", file: path)
        }
        return ResistanceSurface(grid: ResistanceGrid(width: raster.width, height: raster.height, cellSize: cell, values: values),
                                 geoTransform: raster.geoTransform, crs: crs,
                                 origin: URL(fileURLWithPath: path).lastPathComponent + " + resistance-table", path: path)
    }

    /// North-up, square cells, a projected CRS. (GeoKit has already refused non-finite or zero
    /// cell sizes and geographic extents outside ±180°/±90°.)
    static func checkGrid(_ info: RasterIO.Info, path: String) throws -> (Double, CRS) {
        let t = info.geoTransform
        guard t.rotationX == 0 && t.rotationY == 0 else {
            throw GeoKitError(.input, "the raster is rotated or sheared (geotransform rotation terms \(t.rotationX), \(t.rotationY)); corridors need a north-up raster: warp it first (gdalwarp)", file: path)
        }
        guard t.pixelHeight < 0 else {
            throw GeoKitError(.input, "the raster is stored south-up (pixel height \(t.pixelHeight) > 0); corridors need a north-up raster: warp it first (gdalwarp)", file: path)
        }
        guard t.pixelWidth > 0, abs(abs(t.pixelHeight) - t.pixelWidth) <= 1e-9 * t.pixelWidth else {
            throw GeoKitError(.input, "the raster's cells are not square (\(NumberText.significant(t.pixelWidth)) × \(NumberText.significant(-t.pixelHeight))); resample it to square cells first (gdalwarp -tr)", file: path)
        }
        guard let crs = info.crs else {
            throw GeoKitError(.input, "the raster declares no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:…)", file: path)
        }
        guard crs.isProjected else {
            throw GeoKitError(.input, "the raster's CRS \(crs) is not projected; cost distances need cells in metres", file: path)
        }
        return (t.pixelWidth, crs)
    }

    /// A coarser surface: blocks of `factor × factor` cells become one cell holding the mean of
    /// the block's passable cells (NaN when none is passable). Partial blocks at the right and
    /// bottom edges are averaged over the cells they have. For quick runs and tests; the
    /// corridor results then refer to the coarser grid.
    public func aggregated(by factor: Int) -> ResistanceSurface {
        precondition(factor >= 1)
        if factor == 1 { return self }
        let w = (grid.width + factor - 1) / factor, h = (grid.height + factor - 1) / factor
        var sum = [Double](repeating: 0, count: w * h), count = [Int](repeating: 0, count: w * h)
        for row in 0..<grid.height {
            for col in 0..<grid.width {
                let v = grid.values[row * grid.width + col]
                guard v.isFinite && v >= 0 else { continue }
                let k = (row / factor) * w + col / factor
                sum[k] += v; count[k] += 1
            }
        }
        let values = (0..<(w * h)).map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : .nan }
        var t = geoTransform
        t.pixelWidth *= Double(factor); t.pixelHeight *= Double(factor)
        var out = ResistanceSurface(grid: ResistanceGrid(width: w, height: h, cellSize: grid.cellSize * Double(factor), values: values),
                                    geoTransform: t, crs: crs, origin: origin + " (aggregated \(factor)×\(factor), mean)", path: path)
        out.aggregation = aggregation * factor
        return out
    }
}

/// A grid cell named for a person: row and column counted from 0 at the top left (as GDAL counts
/// lines and pixels), and its centre in map coordinates.
public struct CellLocation: Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    public var column: Int
    public var x: Double
    public var y: Double
    public var crs: String
    /// Block side when the grid averages raster cells (1: the raster's own cells).
    public var aggregation: Int

    public init(index: Int, width: Int, geoTransform: GeoTransform, crs: CRS, aggregation: Int = 1) {
        row = index / width
        column = index % width
        (x, y) = geoTransform.cellCenter(col: column, row: row)
        self.crs = crs.authorityCode ?? crs.name
        self.aggregation = aggregation
    }

    /// "the cell at row 20, column 20 (centre x 36600615, y 3299385 in EPSG:4524)"
    public var description: String {
        let grid = aggregation > 1 ? " of the grid aggregated \(aggregation) × \(aggregation)" : ""
        return "the cell at row \(row), column \(column)\(grid) (centre x \(Self.format(x)), y \(Self.format(y)) in \(crs))"
    }

    static func format(_ v: Double) -> String { NumberText.plain((v * 1000).rounded() / 1000) }
}

/// The core (habitat patch) polygons, in the resistance raster's CRS.
public struct CorePolygons: Sendable {
    public struct Core: Sendable {
        /// Core id (> 0): the id field's value, or the feature's position (1, 2, …).
        public var id: Int32
        /// The name field's value, or the id as text.
        public var name: String
        /// The polygon, repaired if invalid, as WKB in ``CorePolygons/crs``.
        public var wkb: [UInt8]
    }
    public var cores: [Core]
    public var crs: CRS
    /// The source layer and how its CRS was brought to the raster's ("none (same CRS)" or PROJ's operation).
    public var source: String
    public var transformation: String

    /// Reads the cores of `request`, ids from `idField` (integers > 0, unique) or else 1, 2, … in
    /// feature order, names from `nameField`; transforms them to `target` (the raster's CRS).
    public static func load(_ request: LayerRequest, idField: String? = nil, nameField: String? = nil,
                            to target: CRS) throws -> CorePolygons {
        try load(try LayerStore().layer(request), idField: idField, nameField: nameField, to: target)
    }

    /// The cores of a layer repaired once already (a ``LayerStore``'s), each transformed to `target`.
    public static func load(_ stored: StoredLayer, idField: String? = nil, nameField: String? = nil,
                            to target: CRS) throws -> CorePolygons {
        let layer = stored.valid
        let request = layer.request
        let idIndex = try idField.map { try layer.fieldIndex($0) }
        let nameIndex = try nameField.map { try layer.fieldIndex($0) }
        let transformer = try Transformer(from: layer.crs, to: target)
        let context = GeometryContext()
        var cores: [Core] = []
        var seen = Set<Int32>()
        for (k, f) in layer.features.enumerated() {
            guard let wkb = f.wkb else { continue }
            let id: Int32
            if let idIndex {
                guard let v = f.values[idIndex].doubleValue, v == v.rounded(), v >= 1, v < Double(Int32.max) else {
                    throw GeoKitError(.input, "core id field '\(idField!)' must hold integers ≥ 1", file: request.source, layer: layer.layerName, feature: f.fid)
                }
                id = Int32(v)
            } else {
                id = Int32(k + 1)
            }
            guard seen.insert(id).inserted else {
                throw GeoKitError(.input, "core id \(id) occurs twice", file: request.source, layer: layer.layerName, feature: f.fid)
            }
            let g: Geometry
            do {
                g = try transformer.transform(try Geometry(wkb: wkb, context: context))
            } catch let e as GeoKitError { throw e.located(file: request.source, layer: layer.layerName, feature: f.fid) }
            guard g.kind.isPolygonal || g.kind == .collection else {
                throw GeoKitError(.input, "cores must be polygons", file: request.source, layer: layer.layerName, feature: f.fid)
            }
            let polygonal = try g.polygonalParts()
            let name = nameIndex.map { f.values[$0].description } ?? String(id)
            cores.append(Core(id: id, name: name, wkb: polygonal.wkb))
        }
        guard cores.count >= 2 else {
            throw GeoKitError(.input, "corridors need at least two core polygons; the layer has \(cores.count)", file: request.source, layer: layer.layerName)
        }
        return CorePolygons(cores: cores, crs: target, source: request.source, transformation: transformer.operation)
    }

    /// The cores burnt onto `surface`'s grid by cell centre (``RasterVectorize/rasterize``).
    public func labels(on surface: ResistanceSurface) throws -> CoreLabelGrid {
        let values = try RasterVectorize.rasterize(polygons: cores.map(\.wkb), labels: cores.map(\.id),
                                                   width: surface.grid.width, height: surface.grid.height,
                                                   geoTransform: surface.geoTransform)
        return CoreLabelGrid(width: surface.grid.width, height: surface.grid.height, cellSize: surface.grid.cellSize, values: values)
    }

    /// Euclidean edge-to-edge distance (GEOS `distance`, map units of ``crs``) between every pair
    /// of cores; 0 for cores that touch or overlap.
    public func edgeDistances() throws -> [CorePair: Double] {
        let context = GeometryContext()
        let geometries = try cores.map { try Geometry(wkb: $0.wkb, context: context) }
        var out: [CorePair: Double] = [:]
        for i in cores.indices {
            for j in cores.indices where j > i {
                out[CorePair(cores[i].id, cores[j].id)] = try geometries[i].distance(to: geometries[j])
            }
        }
        return out
    }
}

extension ResistanceSurface {
    /// The resistance of a project: its `resistance:` block (``MultiFactorResistance``) when it has
    /// one, else the pattern's `resistance` (a raster), or, when that is absent or `preferLandUse` is
    /// set, `pattern.landuse` mapped through `pattern.resistance-table`.
    public static func fromProject(_ project: Project, preferLandUse: Bool = false) throws -> ResistanceSurface {
        if project.resistance != nil && !preferLandUse { return try MultiFactorResistance.build(project).surface }
        guard let pattern = project.pattern else {
            throw GeoKitError(.input, "the project has no 'pattern' section naming a resistance raster", file: project.path)
        }
        let landUse = pattern.landUse
        if let landUse, let table = pattern.resistanceTable, preferLandUse || pattern.resistance == nil {
            return try fromLandUse(landUse, classes: table)
        }
        if let r = pattern.resistance { return try read(r) }
        throw GeoKitError(.input, "the pattern names neither 'resistance' nor 'landuse' with a 'resistance-table'", file: project.path)
    }
}
