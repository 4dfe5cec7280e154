// The resistance and core labels of `ecozone-mpi circuit`, either held whole by every rank (a project or
// vector cores, read and rasterised through EcoZone's CorridorSetup) or read window by window (two rasters,
// GDALRasterIO through GeoKit's RasterReader, so a rank touches only its cells and halo).

import EcoZone
import EcoZoneMPI
import Foundation
import GeoKit

struct CircuitInputs {
    let width: Int
    let height: Int
    /// Metres per cell (for the cost-weighted resistance).
    let cellSize: Double
    /// Where the resistance and the cores come from, for messages.
    let resistanceSource: String
    let coresSource: String
    private let full: (resistance: ResistanceGrid, labels: CoreLabelGrid)?
    private let resistancePath: String?
    private let coreRasterPath: String?

    var holdsFullGrid: Bool { full != nil }

    static func open(project: String?, resistance: String?, cores: String?, layer: String?, id: String?,
                     coreRaster: String?, coresRole: String, aggregate: Int) throws -> CircuitInputs {
        let setupOptions = CorridorSetup.Options(coresRole: coresRole, idField: id, preferLandUse: false, aggregate: aggregate)
        if let project {
            guard resistance == nil, cores == nil, coreRaster == nil else {
                throw GeoKitError(.input, "give a project, or --resistance with --cores or --core-raster, not both", file: project)
            }
            let setup = try CorridorSetup.load(try Project.load(project), options: setupOptions)
            return try CircuitInputs(setup)
        }
        guard let resistance else { throw GeoKitError(.input, "give a project, or --resistance with --cores or --core-raster") }
        if let cores {
            guard coreRaster == nil else { throw GeoKitError(.input, "give --cores or --core-raster, not both", file: resistance) }
            let setup = try CorridorSetup.load(resistance: resistance, cores: LayerRequest(source: cores, layer: layer), options: setupOptions)
            return try CircuitInputs(setup)
        }
        guard let coreRaster else { throw GeoKitError(.input, "give --cores or --core-raster with --resistance", file: resistance) }
        guard aggregate == 1 else { throw GeoKitError(.input, "--aggregate applies to a project or --cores, not to --core-raster", file: coreRaster) }
        let r = try RasterIO.info(resistance), c = try RasterIO.info(coreRaster)
        guard r.width == c.width, r.height == c.height, r.geoTransform == c.geoTransform else {
            throw GeoKitError(.input, "the core raster is \(c.width) × \(c.height) cells; it must lie on the resistance's grid (\(r.width) × \(r.height), same geotransform)", file: coreRaster)
        }
        return CircuitInputs(width: r.width, height: r.height, cellSize: abs(r.geoTransform.pixelWidth), full: nil,
                             resistancePath: resistance, coreRasterPath: coreRaster,
                             resistanceSource: resistance, coresSource: coreRaster)
    }

    private init(width: Int, height: Int, cellSize: Double, full: (ResistanceGrid, CoreLabelGrid)?,
                 resistancePath: String?, coreRasterPath: String?, resistanceSource: String, coresSource: String) {
        self.resistanceSource = resistanceSource
        self.coresSource = coresSource
        self.width = width
        self.height = height
        self.cellSize = cellSize
        self.full = full.map { (resistance: $0.0, labels: $0.1) }
        self.resistancePath = resistancePath
        self.coreRasterPath = coreRasterPath
    }

    private init(_ setup: CorridorSetup) throws {
        let grid = setup.surface.grid
        self.init(width: grid.width, height: grid.height, cellSize: grid.cellSize,
                  full: (grid, try setup.cores.labels(on: setup.surface)), resistancePath: nil, coreRasterPath: nil,
                  resistanceSource: setup.surface.path, coresSource: setup.cores.source)
    }

    /// Runs `body`, turning the circuit's ``CorridorError``s into sentences naming the cores' or the
    /// resistance's source.
    func located<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as CorridorError {
            switch e {
            case .emptyCore(let id):
                throw GeoKitError(.input, "core \(id) has no passable cell of the resistance \(resistanceSource)", file: coresSource)
            default:
                throw GeoKitError(.input, e.description, file: resistanceSource)
            }
        }
    }

    /// This rank's cells of `rect`: resistance (NoData → NaN) and core ids (NoData → 0).
    func window(_ rect: CellRectangle) throws -> (resistance: [Double], labels: [Int32]) {
        if let full {
            return (rect.cut(full.resistance.values, gridWidth: width), rect.cut(full.labels.values, gridWidth: width))
        }
        guard let resistancePath, let coreRasterPath else { return ([], []) }
        let window = RasterWindow(col: rect.column, row: rect.row, width: rect.width, height: rect.height)
        let reader = try RasterReader(resistancePath)
        var values: [Double] = []
        try reader.read(window, into: &values)
        for i in values.indices {
            if reader.isNoData(values[i]) { values[i] = .nan; continue }
            // The bounds ResistanceSurface.read enforces on a whole raster.
            if values[i] < 0 || values[i] > Project.Limits.resistance {
                let row = rect.row + i / rect.width, col = rect.column + i % rect.width
                throw GeoKitError(.input, "cell (row \(row), column \(col)) has resistance \(NumberText.significant(values[i])); resistances must be 0 to 10¹² (declare NoData for impassable cells)", file: resistancePath)
            }
        }
        let coreReader = try RasterReader(coreRasterPath)
        var ids: [Double] = []
        try coreReader.read(window, into: &ids)
        let labels = ids.map { v -> Int32 in
            coreReader.isNoData(v) || v <= 0 || v > Double(Int32.max) ? 0 : Int32(v)
        }
        return (values, labels)
    }

    /// The core ids (> 0) over the whole grid, ascending, on every rank: each rank's ids of its owned cells,
    /// gathered and broadcast (collective).
    func coreIDs(owned: CellRectangle, input: CellRectangle, labels: [Int32]) throws -> [Int32] {
        if let full { return full.labels.coreIDs }
        var mine = Set<Int32>()
        for r in owned.row..<(owned.row + owned.height) {
            for c in owned.column..<(owned.column + owned.width) {
                let v = labels[(r - input.row) * input.width + (c - input.column)]
                if v > 0 { mine.insert(v) }
            }
        }
        let bytes = mine.sorted().flatMap { id in withUnsafeBytes(of: id) { [UInt8]($0) } }
        var union = Set<Int32>()
        if let parts = try MPIEnvironment.gather(bytes) {
            for part in parts {
                for k in stride(from: 0, to: part.count, by: 4) {
                    union.insert(part[k..<(k + 4)].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
                }
            }
        }
        let all = try MPIEnvironment.broadcast(union.sorted().flatMap { id in withUnsafeBytes(of: id) { [UInt8]($0) } })
        return stride(from: 0, to: all.count, by: 4).map { k in all[k..<(k + 4)].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) } }
    }
}
