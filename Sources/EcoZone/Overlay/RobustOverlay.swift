import Foundation
import GeoKit

/// The binary overlay operations.
public enum OverlayOperation: String, Sendable, Codable {
    case intersection, difference, union, symmetricDifference = "symdifference"
}

/// GEOS overlay with an explicit robustness ladder.
///
/// Rung 0 is the exact operation (OverlayNG, floating precision). If GEOS still throws a
/// TopologyException, each later rung snaps both inputs to a coarser grid (`GEOS…Prec_r`), starting
/// far below any survey's precision: 1e-9° … 1e-6° (0.1 mm … 0.1 m) for geographic analysis CRSs,
/// 1e-4 m … 1e-1 m for projected ones. The rung used is reported, never silent. A forced grid size
/// (`--grid-size`) replaces the ladder with that single rung.
public struct RobustOverlay: Sendable {
    /// nil = exact.
    public let ladder: [Double?]

    public init(geographic: Bool, forcedGridSize: Double? = nil) {
        if let g = forcedGridSize {
            ladder = [g]
        } else {
            ladder = geographic ? [nil, 1e-9, 1e-8, 1e-7, 1e-6] : [nil, 1e-4, 1e-3, 1e-2, 1e-1]
        }
    }

    /// Applies `operation`, returning only the polygonal result and the grid size it needed (nil if exact).
    public func apply(_ operation: OverlayOperation, _ a: Geometry, _ b: Geometry) throws -> (Geometry, Double?) {
        var lastError: Error?
        for grid in ladder {
            do {
                let r: Geometry
                switch operation {
                case .intersection: r = try a.intersection(b, gridSize: grid)
                case .difference: r = try a.difference(b, gridSize: grid)
                case .union: r = try a.union(b, gridSize: grid)
                case .symmetricDifference: r = try a.symmetricDifference(b, gridSize: grid)
                }
                return (r.kind.isPolygonal ? r : try r.polygonalParts(), grid)
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }
}

/// Per-worker access to a shared `OverlayLayer`: parses each feature's WKB into this worker's GEOS
/// context once, and prepares it on demand.
final class LayerCursor {
    let layer: OverlayLayer
    let context: GeometryContext
    private var geometries: [Int: Geometry] = [:]
    private var prepared: [Int: PreparedGeometry] = [:]

    init(_ layer: OverlayLayer, context: GeometryContext) {
        self.layer = layer
        self.context = context
    }

    func geometry(_ i: Int) throws -> Geometry {
        if let g = geometries[i] { return g }
        let g = try Geometry(wkb: layer.features[i].wkb, context: context)
        geometries[i] = g
        return g
    }

    func preparedGeometry(_ i: Int) throws -> PreparedGeometry {
        if let p = prepared[i] { return p }
        let p = try PreparedGeometry(try geometry(i))
        prepared[i] = p
        return p
    }

    func candidates(_ envelope: Envelope) -> [Int] { layer.index.query(envelope) }

    /// Drops the parsed and prepared forms of features too small to clip (they are quick to make
    /// again), keeping the large ones; all of them if more than `keepingAtMost` large ones are held.
    func forgetSmallFeatures(keepingAtMost limit: Int = 1024) {
        let large = Set(geometries.filter { $0.value.vertexCount >= Self.clipFromVertices }.keys)
        if large.count > limit {
            geometries = [:]; prepared = [:]; grids = [:]; clipped = [:]; locationGrids = [:]
            return
        }
        geometries = geometries.filter { large.contains($0.key) }
        prepared = prepared.filter { large.contains($0.key) }
        grids = grids.filter { large.contains($0.key) }
        clipped = clipped.filter { large.contains($0.key) }
        locationGrids = locationGrids.filter { large.contains($0.key) }
    }

    // MARK: large features, clipped near the piece being cut

    /// Features with fewer vertices are always used whole.
    static let clipFromVertices = 128
    /// A clipped cell holds about this many of a feature's vertices.
    static let verticesPerCell = 32.0
    /// Cells per side of a large feature's grid of known locations (``location(_:of:)``).
    static let locationCells = 256
    /// Most cells of that grid one envelope may cover for the grid to answer.
    static let locationMaximumCells = 256

    /// Where a geometry lies with respect to a feature, when its envelope alone tells.
    enum Location { case inside, outside }
    private var locationGrids: [Int: LocationGrid?] = [:]

    /// `.inside` when a geometry with this envelope lies in feature `i`'s interior (what
    /// `containsProperly` would say), `.outside` when it cannot meet the feature, nil when the envelope
    /// does not tell — known from the cells of a grid over a large feature (a town) that the envelope
    /// covers (``LocationGrid``): a geometry inside cells that lie in the interior lies in the interior.
    func location(_ i: Int, of envelope: Envelope) throws -> Location? {
        if locationGrids[i] == nil {
            let whole = try geometry(i)
            var grid: LocationGrid?
            if whole.vertexCount >= Self.clipFromVertices, let e = whole.envelope, e.width > 0, e.height > 0 {
                var rings: [(xs: [Double], ys: [Double])] = []
                try whole.forEachPolygonRing { _, _, xs, ys in rings.append((xs, ys)) }
                grid = LocationGrid(envelope: e, cells: Self.locationCells, rings: rings)
            }
            locationGrids[i] = .some(grid)
        }
        guard let grid = locationGrids[i]! else { return nil }
        switch grid.location(of: envelope, maximumCells: Self.locationMaximumCells) {
        case .inside?: return .inside
        case .outside?: return .outside
        case nil: return nil
        }
    }

    /// How a large feature is cut into cells: `cells`×`cells` over its envelope, each cell of size
    /// `cellWidth`×`cellHeight`, clipped with a margin of half a cell plus `margin`.
    private struct Grid { var envelope: Envelope; var cells: Int; var cellWidth: Double; var cellHeight: Double; var margin: Double }
    private var grids: [Int: Grid?] = [:]
    private var clipped: [Int: [Int: Geometry]] = [:]

    /// Feature `i`, or — when it is large (a town, a zone) and `envelope` (that of the geometry it is to
    /// be overlaid with) fits one cell of its grid — the part of it inside that cell's rectangle, which
    /// gives the same intersection and difference with a geometry inside `envelope` at a fraction of
    /// the noding (GEOS nodes every edge the overlay's clip envelope keeps, thousands for a town).
    ///
    /// The rectangle reaches beyond `envelope` by at least twice the feature's longest edge, so every
    /// edge the clip shortens lies farther from `envelope` than one edge length: the edges near the
    /// geometry being cut are the feature's own, vertex for vertex (`GEOSIntersection_r` with the
    /// rectangle, cached per cell; if that needs a snapping grid the feature is used whole).
    func geometry(_ i: Int, near envelope: Envelope) throws -> Geometry {
        guard let grid = try grid(i) else { return try geometry(i) }
        let e = grid.envelope
        let cx = Int(((envelope.centerX - e.minX) / grid.cellWidth).rounded(.down))
        let cy = Int(((envelope.centerY - e.minY) / grid.cellHeight).rounded(.down))
        guard cx >= 0, cy >= 0, cx < grid.cells, cy < grid.cells else { return try geometry(i) }
        let cell = Envelope(minX: e.minX + Double(cx) * grid.cellWidth, minY: e.minY + Double(cy) * grid.cellHeight,
                            maxX: e.minX + Double(cx + 1) * grid.cellWidth, maxY: e.minY + Double(cy + 1) * grid.cellHeight)
        // The geometry must lie within half a cell of its cell, so that the margin stays clear of it.
        let halfW = grid.cellWidth / 2, halfH = grid.cellHeight / 2
        guard envelope.minX >= cell.minX - halfW, envelope.maxX <= cell.maxX + halfW,
              envelope.minY >= cell.minY - halfH, envelope.maxY <= cell.maxY + halfH else { return try geometry(i) }
        let key = cy * grid.cells + cx
        if let g = clipped[i]?[key] { return g }
        let rect = Envelope(minX: cell.minX - halfW - grid.margin, minY: cell.minY - halfH - grid.margin,
                            maxX: cell.maxX + halfW + grid.margin, maxY: cell.maxY + halfH + grid.margin)
        let whole = try geometry(i)
        var part = whole
        if let r = try? whole.intersection(try context.rectangle(rect)) {
            part = r.kind.isPolygonal ? r : try r.polygonalParts()
        }
        clipped[i, default: [:]][key] = part
        return part
    }

    private func grid(_ i: Int) throws -> Grid? {
        if let g = grids[i] { return g }
        let whole = try geometry(i)
        let n = whole.vertexCount
        var grid: Grid?
        if n >= Self.clipFromVertices, let e = whole.envelope, e.width > 0, e.height > 0 {
            var longest = 0.0
            try whole.forEachPolygonRing { _, _, xs, ys in
                for k in 1..<max(xs.count, 1) {
                    let dx = xs[k] - xs[k - 1], dy = ys[k] - ys[k - 1]
                    longest = max(longest, dx * dx + dy * dy)
                }
            }
            let cells = max(2, Int((Double(n) / Self.verticesPerCell).squareRoot().rounded(.up)))
            grid = Grid(envelope: e, cells: cells, cellWidth: e.width / Double(cells), cellHeight: e.height / Double(cells),
                        margin: 2 * longest.squareRoot() * (1 + 1e-9) + 1e-12 * max(abs(e.maxX), abs(e.maxY)))
        }
        grids[i] = .some(grid)
        return grid
    }
}

/// What the overlay noticed, reported with every result.
public struct OverlayDiagnostics: Sendable, Codable {
    public struct Fallback: Sendable, Codable {
        public var a: Int64?
        public var b: Int64?
        public var gridSize: Double
        enum CodingKeys: String, CodingKey { case a, b, gridSize = "grid_size" }
    }

    public struct Breach: Sendable, Codable {
        public var fid: Int64
        public var area: Double
        public var sumOfPieces: Double
        public var relative: Double
        enum CodingKeys: String, CodingKey { case fid, area, relative, sumOfPieces = "sum_of_pieces" }
    }

    /// Pieces smaller than `sliverAreaThreshold` m², or narrower on average than
    /// `sliverWidthThreshold` m (mean width 2A/P, A and P of the piece): the noise two layers
    /// digitised apart leave along shared boundaries. Counted and kept, never dropped.
    public var sliverAreaThreshold: Double = 1
    public var sliverWidthThreshold: Double = 0.1
    public var slivers = 0
    public var sliverArea = 0.0
    public var fallbacks: [Fallback] = []
    /// Features of the first layer whose pieces do not add up to them (relative > 1e-9).
    public var conservationBreaches: [Breach] = []

    enum CodingKeys: String, CodingKey {
        case slivers, fallbacks
        case sliverAreaThreshold = "sliver_area_threshold_m2"
        case sliverWidthThreshold = "sliver_width_threshold_m"
        case sliverArea = "sliver_area_m2"
        case conservationBreaches = "conservation_breaches"
    }

    mutating func merge(_ other: OverlayDiagnostics) {
        slivers += other.slivers
        sliverArea += other.sliverArea
        fallbacks += other.fallbacks
        conservationBreaches += other.conservationBreaches
    }

    /// Counts `piece` as a sliver if it is one. `area` is its ellipsoidal area (m²); its perimeter is
    /// taken in the analysis CRS and, when that is geographic, turned into metres with the local
    /// scale (a heuristic good to a few per cent, ample for a 10 cm threshold).
    mutating func notePiece(area: Double, planar piece: Geometry, geographic: Bool) throws {
        guard area > 0 else { return }
        var perimeter = try piece.planarLength()
        if geographic, let e = piece.envelope {
            let metresPerDegree = 111_320 * (1 + cos(e.centerY * .pi / 180)) / 2
            perimeter *= metresPerDegree
        }
        let meanWidth = perimeter > 0 ? 2 * area / perimeter : .infinity
        if area < sliverAreaThreshold || meanWidth < sliverWidthThreshold {
            slivers += 1
            sliverArea += area
        }
    }
}
