import Foundation
import GeoKit

/// One factor of a built resistance surface, as the factor table shows it.
public struct ResistanceFactorRow: Sendable, Codable {
    public var name: String
    /// "raster landuse.tif", "slope of dem.tif", "distance to landuse.tif classes 5".
    public var input: String
    /// "classes" or "breaks".
    public var scoring: String
    public var breaks: [Double]?
    public var scores: [Double]?
    /// Class → score, keys as text.
    public var classes: [String: Double]?
    public var weight: Double
    /// Cells with a score (not NoData), and their mean score.
    public var cells: Int
    public var meanScore: Double?
    /// Metres, for distance factors: the farthest cell from the target.
    public var maximumDistance: Double?

    enum CodingKeys: String, CodingKey {
        case name, input, scoring, breaks, scores, classes, weight, cells
        case meanScore = "mean_score", maximumDistance = "max_distance_m"
    }
}

/// A multiplier as applied.
public struct ResistanceMultiplierRow: Sendable, Codable {
    public var target: String
    public var factor: Double
    public var cells: Int
}

/// What ``MultiFactorResistance/build(_:store:)`` made.
public struct MultiFactorResult: Sendable {
    /// The surface, ready for corridors (NaN: impassable).
    public var surface: ResistanceSurface
    public var factors: [ResistanceFactorRow]
    public var multipliers: [ResistanceMultiplierRow]
    /// The AHP result when the weights came from a matrix.
    public var ahp: AHPResult?
    public var warnings: [String]
    /// Cells with a resistance, and cells without (NoData in a factor or in the grid).
    public var cells: Int
    public var noDataCells: Int
    public var minimum: Double?
    public var maximum: Double?
    public var mean: Double?
}

/// The multi-factor resistance surface of a project's `resistance:` block (``Project/Resistance``),
/// the usual construction of Chinese security-pattern studies (综合阻力面):
///
/// R = (Σₖ wₖ · sₖ) · Π multipliers,
///
/// where sₖ is factor k's score at the cell — a raster's class through its table, a raster's value
/// (or a DEM's Horn slope in degrees) through ascending breaks, or the distance in metres from the
/// cell's centre to the nearest cell holding a target (a project layer, a vector source, or classes
/// of a raster), by the exact Euclidean distance transform (``EuclideanDistance``), through breaks —
/// and wₖ its weight, given directly (summing to 1) or as the principal eigenvector of an AHP matrix
/// (``AHP``; a warning when CR ≥ 0.1). A multiplier applies to the cells whose centre lies inside its
/// polygons (or that hold its classes). Every factor is taken on one grid: `grid:`, else the first
/// raster factor's; it must be projected, north-up, with square cells (metres, as corridors need).
/// Rasters on another grid are sampled at the grid's cell centres (nearest cell, ``RasterSampling``);
/// vector layers are burnt by cell centre (lines and points: the cells they cross). A cell where the
/// grid raster or any factor has NoData has no resistance (impassable); a class a table does not list
/// is an error naming it.
public enum MultiFactorResistance {
    public static func build(_ project: Project, store: LayerStore? = nil) throws -> MultiFactorResult {
        guard let spec = project.resistance else {
            throw GeoKitError(.input, "the project has no 'resistance' block", file: project.path)
        }
        var warnings: [String] = []
        // The grid.
        let gridPath: String
        if let g = spec.grid {
            gridPath = g
        } else if let first = spec.factors.lazy.compactMap({ f -> String? in
            switch f.input {
            case .raster(let p, _): return p
            case .distance(.rasterClasses(let p, _)): return p
            default: return nil
            }
        }).first {
            gridPath = first
        } else {
            throw GeoKitError(.input, "the resistance has no raster factor to take its grid from; name one with 'grid:'", file: project.path)
        }
        let info = try RasterIO.info(gridPath)
        let t = info.geoTransform
        guard let crs = info.crs, crs.isProjected else {
            throw GeoKitError(.input, "the resistance grid must be in a projected CRS (cells in metres); warp it first (gdalwarp -t_srs EPSG:…)", file: gridPath)
        }
        guard t.rotationX == 0, t.rotationY == 0, t.pixelHeight < 0, t.pixelWidth > 0,
              abs(abs(t.pixelHeight) - t.pixelWidth) <= 1e-9 * t.pixelWidth else {
            throw GeoKitError(.input, "the resistance grid must be north-up with square cells; warp it first (gdalwarp -tr)", file: gridPath)
        }
        try CorridorMemory.checkRead(width: info.width, height: info.height, path: gridPath)
        let grid = RasterSampling.Grid(width: info.width, height: info.height, geoTransform: t, crs: crs)
        let n = info.width * info.height
        var valid = RasterSampling.sampleMask(try RasterSampling.sample(gridPath, slope: false, on: grid))
        // Weights.
        var ahp: AHPResult?
        let weights: [Double]
        switch spec.weights {
        case .direct(let w):
            weights = spec.factors.map { w[$0.name] ?? 0 }
        case .ahp(let m):
            let r = try AHP.weights(m)
            ahp = r
            weights = r.weights
            if !r.acceptable {
                warnings.append("the AHP matrix of 'resistance' is inconsistent: CR = \(NumberText.fixed(r.consistencyRatio, 3)) ≥ 0.10 (Saaty's limit); revise its judgements")
            }
        }
        let lazyStore = LazyStore(project: project, store: store)
        var total = [Double](repeating: 0, count: n)
        var rows: [ResistanceFactorRow] = []
        for (k, f) in spec.factors.enumerated() {
            var values: [Double]
            var input: String
            var maximumDistance: Double?
            switch f.input {
            case .raster(let p, let slope):
                values = try RasterSampling.sample(p, slope: slope, on: grid)
                input = (slope ? "slope (Horn, degrees) of " : "raster ") + URL(fileURLWithPath: p).lastPathComponent
            case .distance(let target):
                let inside = try cells(of: target, on: grid, store: lazyStore)
                values = EuclideanDistance.transform(width: grid.width, height: grid.height, dx: t.pixelWidth, dy: -t.pixelHeight) { inside[$0] }
                if values.first?.isInfinite ?? true {
                    warnings.append("resistance factor '\(f.name)': \(target.label) holds no cell of the grid; every cell scores as farthest")
                }
                maximumDistance = values.lazy.filter(\.isFinite).max()
                input = "distance (m) to " + target.label
            }
            // Scores.
            var missing = Set<Int>()
            var scored = 0, sum = 0.0
            for i in 0..<n {
                let v = values[i]
                let s: Double
                switch f.scoring {
                case .classes(let table):
                    guard v.isFinite else { s = .nan; break }
                    if let x = table[Int(v)], v == v.rounded() { s = x } else { missing.insert(Int(v)); s = .nan }
                case .breaks(let breaks, let scores):
                    if v.isNaN { s = .nan } else { s = scores[breaks.firstIndex { v < $0 } ?? breaks.count] }
                }
                values[i] = s
                if s.isFinite {
                    scored += 1
                    sum += s
                    total[i] += weights[k] * s
                } else {
                    valid[i] = false
                }
            }
            if !missing.isEmpty {
                let place = f.line > 0 ? "line \(f.line): " : ""
                throw GeoKitError(.input, "\(place)resistance factor '\(f.name)': class(es) \(missing.sorted().prefix(20).map(String.init).joined(separator: ", ")) of the raster have no score in 'classes'", file: project.path)
            }
            var row = ResistanceFactorRow(name: f.name, input: input, scoring: "breaks", weight: weights[k], cells: scored,
                                          meanScore: scored > 0 ? sum / Double(scored) : nil, maximumDistance: maximumDistance)
            switch f.scoring {
            case .classes(let table):
                row.scoring = "classes"
                row.classes = Dictionary(uniqueKeysWithValues: table.map { (String($0.key), $0.value) })
            case .breaks(let b, let s):
                row.breaks = b
                row.scores = s
            }
            rows.append(row)
        }
        var multiplierRows: [ResistanceMultiplierRow] = []
        for m in spec.multipliers {
            let inside = try cells(of: m.target, on: grid, store: lazyStore)
            var count = 0
            for i in 0..<n where inside[i] {
                total[i] *= m.factor
                count += 1
            }
            multiplierRows.append(.init(target: m.target.label, factor: m.factor, cells: count))
        }
        var minimum = Double.infinity, maximum = -Double.infinity, sum = 0.0, cells = 0, zero = 0
        for i in 0..<n {
            guard valid[i] else { total[i] = .nan; continue }
            let r = total[i]
            cells += 1
            sum += r
            minimum = min(minimum, r)
            maximum = max(maximum, r)
            if r == 0 { zero += 1 }
        }
        if zero > 0 {
            warnings.append("\(zero) cell(s) of the resistance are 0: cost distance crosses them free, and circuit analysis refuses them")
        }
        let surface = ResistanceSurface(grid: ResistanceGrid(width: grid.width, height: grid.height, cellSize: t.pixelWidth, values: total),
                                        geoTransform: t, crs: crs, origin: "resistance: \(spec.factors.count) factor(s)", path: gridPath)
        return MultiFactorResult(surface: surface, factors: rows, multipliers: multiplierRows, ahp: ahp, warnings: warnings,
                                 cells: cells, noDataCells: n - cells, minimum: cells > 0 ? minimum : nil,
                                 maximum: cells > 0 ? maximum : nil, mean: cells > 0 ? sum / Double(cells) : nil)
    }

    /// A layer store made only when a target needs one.
    final class LazyStore {
        let project: Project
        private var store: LayerStore?
        init(project: Project, store: LayerStore?) {
            self.project = project
            self.store = store
        }
        func get() throws -> LayerStore {
            if let store { return store }
            let s = try LayerStore(project)
            store = s
            return s
        }
    }

    /// The grid cells holding a target: burnt by cell centre (polygons; lines and points the cells they
    /// cross), or holding one of a raster's classes.
    static func cells(of target: Project.Resistance.Target, on grid: RasterSampling.Grid, store: LazyStore) throws -> [Bool] {
        let layer: LoadedLayer
        switch target {
        case .rasterClasses(let path, let classes):
            let set = Set(classes)
            return try RasterSampling.sample(path, slope: false, on: grid).map { v in v.isFinite && v == v.rounded() && set.contains(Int(v)) }
        case .layer(let role):
            let s = try store.get()
            layer = try s.layer(try s.spec(role)).valid
        case .source(let request):
            layer = try store.get().layer(request).valid
        }
        let transformer = try Transformer(from: layer.crs, to: grid.crs)
        let context = GeometryContext()
        var wkbs: [[UInt8]] = []
        for f in layer.features {
            guard let wkb = f.wkb else { continue }
            do {
                wkbs.append(transformer.isIdentity ? wkb : try transformer.transform(try Geometry(wkb: wkb, context: context)).wkb)
            } catch let e as GeoKitError {
                throw e.located(file: layer.request.source, layer: layer.layerName, feature: f.fid)
            }
        }
        guard !wkbs.isEmpty else { return [Bool](repeating: false, count: grid.width * grid.height) }
        let labels = try RasterVectorize.rasterize(polygons: wkbs, labels: [Int32](repeating: 1, count: wkbs.count),
                                                   width: grid.width, height: grid.height, geoTransform: grid.geoTransform)
        return labels.map { $0 != 0 }
    }
}

extension RasterSampling {
    /// Cells holding a value.
    static func sampleMask(_ values: [Double]) -> [Bool] { values.map { !$0.isNaN } }
}
