import GeoKit

/// For every pair of polygon layers: the area they share, and that area as a share of each.
///
/// Each layer is first dissolved into one surface, so overlaps inside a layer are not counted
/// twice; the shared area of (A, B) is then A's parts cut by B. The matrix is symmetric in area by
/// construction (each pair is computed once); the diagonal holds each layer's dissolved area.
/// Ellipsoidal areas on CGCS2000, km².
public struct OverlapMatrix: Sendable, Encodable {
    public var layers: [String]
    /// Dissolved area of each layer, km².
    public var areas: [Double]
    /// km²: matrix[i][j] = area(layer i ∩ layer j).
    public var matrix: [[Double]]
    /// matrix[i][j] / areas[i]: the share of layer i that layer j covers.
    public var shareOfRow: [[Double]]
    public var diagnostics: OverlayDiagnostics
    /// The layers read, their CRS transformations and repairs.
    public var inputs: [LayerProvenance] = []

    enum CodingKeys: String, CodingKey {
        case layers, areas, matrix, diagnostics, method, unit, inputs
        case shareOfRow = "share_of_row"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("ellipsoidal", forKey: .method)
        try c.encode("km2", forKey: .unit)
        try c.encode(layers, forKey: .layers)
        try c.encode(areas, forKey: .areas)
        try c.encode(matrix, forKey: .matrix)
        try c.encode(shareOfRow, forKey: .shareOfRow)
        try c.encode(diagnostics, forKey: .diagnostics)
        try c.encode(inputs, forKey: .inputs)
    }

    public static func run(_ layers: [OverlayLayer], gridSize: Double? = nil, workers: Int = GeoKit.Parallel.workerCount) throws -> OverlapMatrix {
        let dissolved = try layers.map { try GroupingLayer.dissolve($0, field: nil, label: $0.name, workers: workers) }
        let parts = try dissolved.map { try $0.layer.exploded() }
        let n = layers.count
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var diagnostics = OverlayDiagnostics()
        let areas = dissolved.map { $0.layer.totalArea / 1e6 }
        for i in 0..<n {
            matrix[i][i] = areas[i]
            for j in (i + 1)..<max(n, i + 1) {
                let tab = try CrossTabulation.run(first: parts[i], firstField: nil, firstLabel: layers[i].name, groups: [dissolved[j]],
                                                  gridSize: gridSize, workers: workers)
                let shared = tab.rows.filter { $0.keys.last != CrossTabulation.outsideKey }.reduce(0) { $0 + $1.area }
                matrix[i][j] = shared
                matrix[j][i] = shared
                diagnostics.merge(tab.diagnostics)
            }
        }
        let share = (0..<n).map { i in (0..<n).map { j in areas[i] > 0 ? matrix[i][j] / areas[i] : 0 } }
        return OverlapMatrix(layers: layers.map(\.name), areas: areas, matrix: matrix, shareOfRow: share, diagnostics: diagnostics,
                             inputs: layers.map(\.provenance))
    }
}

extension OverlayLayer {
    /// The same layer with every multipolygon split into its polygons (one feature each), so that
    /// work on a dissolved surface spreads over cores. Areas are measured per part.
    func exploded() throws -> OverlayLayer {
        let context = GeometryContext()
        let measurer = try AreaMeasurer(layerCRS: analysisCRS, zone: nil, context: context, forOverlay: true)
        var out: [OverlayFeature] = []
        for f in features {
            let g = try Geometry(wkb: f.wkb, context: context)
            let polys = g.kind == .multiPolygon ? try (0..<g.partCount).map { try g.part($0) } : [g]
            for p in polys {
                guard let env = p.envelope else { continue }
                out.append(OverlayFeature(fid: f.fid, values: f.values, wkb: p.wkb, envelope: env, area: try measurer.ellipsoidalArea(p)))
            }
        }
        var copy = self
        copy.features = out
        copy.index = EnvelopeIndex(out.map(\.envelope))
        return copy
    }
}
