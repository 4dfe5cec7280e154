import Foundation
import GeoKit
import Synchronization

/// How the distance between two habitat polygons is measured (Makurhini's `distance = list(type = …)`).
public enum NodeDistanceRule: String, Sendable, Codable, CaseIterable {
    /// Planar distance between one point per polygon, by Makurhini's rule (methods.md §1.6): the
    /// centroid of the polygon's *largest part*; when the within-test over all nodes gives a mix of
    /// inside and outside, every centroid not strictly within its polygon is replaced by a point on
    /// the surface (if *all* centroids are outside, none is replaced). A metric.
    case centroid
    /// Minimum planar distance between the polygons' boundaries (GEOS), 0 when they touch or overlap.
    /// Not a metric, so stepping stones matter.
    case edge
}

/// The habitat polygons of a layer turned into connectivity nodes: one id, one area and one
/// representative geometry per feature, and the `n × n` distance matrix between them.
///
/// Units and conventions:
/// - Areas are in hectares. In a projected layer they are planar areas in the layer's own CRS (what
///   Makurhini gets from `sf::st_area`); in a geographic layer they are ellipsoidal (geodesic on the
///   layer's datum transformed to CGCS2000), as EcoZone measures every area.
/// - Distances are in metres, planar, in the layer's CRS when it is projected, else in the CGCS2000
///   3° Gauss–Krüger zone of the layer's centre. ``distanceCRS`` names it.
/// - Invalid polygons are repaired (GEOS make-valid, polygonal parts kept) before anything is measured.
public struct HabitatNodes: Sendable {
    /// Node ids: the `--id` field's values, else the feature ids.
    public var ids: [String]
    /// Feature ids (OGR FIDs), in input order.
    public var featureIDs: [Int64]
    /// Node areas in hectares.
    public var areas: [Double]
    /// The repaired geometries as WKB, in the layer's CRS (for writing per-node output).
    public var geometries: [[UInt8]]
    /// How distances were measured.
    public var rule: NodeDistanceRule
    /// For ``NodeDistanceRule/centroid``: the node points, in ``distanceCRS`` metres.
    public var pointX: [Double]
    public var pointY: [Double]
    /// Indices of nodes whose centroid was replaced by a point on the surface (centroid rule only).
    public var pointOnSurfaceNodes: [Int]
    /// Features that were invalid and repaired: (feature id, GEOS's reason).
    public var repairs: [(fid: Int64, reason: String)]
    /// Row-major `n × n` distances in metres, for ``NodeDistanceRule/edge``; empty for the centroid
    /// rule, whose distances are those between ``pointX``/``pointY`` (no `n × n` matrix is stored).
    public var distances: [Double]
    /// Whether areas are ellipsoidal (geographic layer) rather than planar in the layer's CRS.
    public var areasAreEllipsoidal: Bool
    /// The CRS the areas (when planar) and distances were measured in.
    public var distanceCRS: String

    /// The connectivity network: ids, areas in ha, distances in metres (a network of points for the
    /// centroid rule, whose Euclidean distances let PC skip path searches).
    public func network() throws(ConnectivityError) -> ConnectivityNetwork {
        switch rule {
        case .centroid: return try ConnectivityNetwork(ids: ids, attributes: areas, x: pointX, y: pointY)
        case .edge: return try ConnectivityNetwork(ids: ids, attributes: areas, distances: distances)
        }
    }
}

/// What one worker derives from one feature.
private struct NodeGeometry: Sendable {
    var fid: Int64
    var areaSquareMetres: Double
    var centroidX: Double, centroidY: Double
    var centroidWithin: Bool
    var surfaceX: Double, surfaceY: Double
    /// Repaired geometry in the layer's CRS, and in the distance CRS (same bytes when projected).
    var layerWKB: [UInt8]
    var planarWKB: [UInt8]
    var repairReason: String?
}

/// Per-worker GEOS context and PROJ transformers.
private final class NodeWorker {
    let context = GeometryContext()
    let toPlanar: Transformer?
    let measurer: AreaMeasurer?

    init(layerCRS: CRS, planarCRS: CRS?) throws {
        if let planarCRS {
            toPlanar = try Transformer(from: layerCRS, to: planarCRS)
            measurer = try AreaMeasurer(layerCRS: layerCRS, zone: nil, context: context)
        } else {
            toPlanar = nil
            measurer = nil
        }
    }
}

extension HabitatNodes {
    /// Reads the polygons of `layer` as nodes and measures the distances between them.
    ///
    /// - Parameters:
    ///   - idField: the field whose values name the nodes (nil: feature ids). Values must be unique.
    ///   - rule: centroid (Makurhini's point rule) or edge distances.
    ///   - progress: hears "edge distances" (rows of the distance matrix done) for the edge rule.
    /// - Throws: `GeoKitError` naming the file, layer and feature for a feature without geometry, a
    ///   non-polygonal feature, a polygon that is empty after repair, or an unknown id field.
    public static func load(_ layer: LoadedLayer, idField: String? = nil, rule: NodeDistanceRule,
                            progress: ProgressHandler? = nil) throws -> HabitatNodes {
        let idIndex = try idField.map { try layer.fieldIndex($0) }
        let zone: GaussKrugerZone?
        if layer.crs.isProjected {
            zone = nil
        } else {
            guard let z = try layer.gaussKrugerZone() else {
                throw GeoKitError(.input, "cannot choose a Gauss–Krüger zone for distances: the layer's centre is outside zones 25–45 (China)",
                                  file: layer.request.source, layer: layer.layerName)
            }
            zone = z
        }
        let planarCRS = try zone.map { try $0.crs() }
        let layerCRS = layer.crs
        let source = layer.request.source, layerName = layer.layerName

        let nodes: [NodeGeometry] = try Parallel.mapChunks(
            layer.features,
            setUp: { try NodeWorker(layerCRS: layerCRS, planarCRS: planarCRS) },
            { worker, chunk in
                try chunk.map { feature in
                    do {
                        return try Self.measure(feature, worker: worker)
                    } catch let e as GeoKitError {
                        throw e.located(file: source, layer: layerName, feature: feature.fid)
                    }
                }
            })

        // Makurhini: replace outside centroids by points on the surface only when the within-test is mixed.
        let insideCount = nodes.filter(\.centroidWithin).count
        let mixed = insideCount > 0 && insideCount < nodes.count
        var xs: [Double] = [], ys: [Double] = [], replaced: [Int] = []
        for (i, node) in nodes.enumerated() {
            if mixed && !node.centroidWithin {
                xs.append(node.surfaceX); ys.append(node.surfaceY); replaced.append(i)
            } else {
                xs.append(node.centroidX); ys.append(node.centroidY)
            }
        }

        let ids: [String] = layer.features.map { f in
            guard let idIndex else { return String(f.fid) }
            return f.values[idIndex].description
        }
        let n = nodes.count
        var distances: [Double] = []
        switch rule {
        case .centroid:
            break  // the network is built from the points
        case .edge:
            distances = [Double](repeating: 0, count: n * n)
            let wkbs = nodes.map(\.planarWKB)
            // Pairs done so far (row i has n − 1 − i of them), for progress.
            let pairsDone = Atomic<Int>(0)
            let pairs = n * (n - 1) / 2
            progress?(ProgressUpdate(step: "edge distances", completed: 0, total: pairs))
            let rows: [[Double]] = try Parallel.mapChunks(
                Array(0..<n), chunkSize: 4,
                setUp: {
                    let context = GeometryContext()
                    return try wkbs.map { try Geometry(wkb: $0, context: context) }
                },
                { geometries, chunk in
                    let rows = try chunk.map { i in
                        try ((i + 1)..<max(i + 1, n)).map { j in try geometries[i].indexedDistance(to: geometries[j]) }
                    }
                    if let progress {
                        let done = pairsDone.add(rows.reduce(0) { $0 + $1.count }, ordering: .relaxed).newValue
                        progress(ProgressUpdate(step: "edge distances", completed: done, total: pairs))
                    }
                    return rows
                })
            for i in 0..<n {
                for (offset, d) in rows[i].enumerated() {
                    let j = i + 1 + offset
                    distances[i * n + j] = d
                    distances[j * n + i] = d
                }
            }
        }

        return HabitatNodes(
            ids: ids, featureIDs: nodes.map(\.fid), areas: nodes.map { $0.areaSquareMetres / 10_000 },
            geometries: nodes.map(\.layerWKB), rule: rule,
            pointX: rule == .centroid ? xs : [], pointY: rule == .centroid ? ys : [],
            pointOnSurfaceNodes: rule == .centroid ? replaced : [],
            repairs: nodes.compactMap { n in n.repairReason.map { (n.fid, $0) } },
            distances: distances, areasAreEllipsoidal: zone != nil,
            distanceCRS: zone.map { "CGCS2000 3° Gauss–Krüger zone \($0.zone), CM \(Int($0.centralMeridian))°E, EPSG:\($0.epsg)" }
                ?? layerCRS.description)
    }

    private static func measure(_ feature: Feature, worker: NodeWorker) throws -> NodeGeometry {
        guard let wkb = feature.wkb else {
            throw GeoKitError(.input, "the feature has no geometry; every connectivity node must be a polygon")
        }
        let raw = try Geometry(wkb: wkb, context: worker.context)
        guard raw.kind.isPolygonal else {
            throw GeoKitError(.input, "the feature is a \(raw.kind), not a polygon; connectivity nodes must be polygons")
        }
        let (valid, repair) = try raw.makeValid()
        let polygons = try valid.polygonalParts()
        guard !polygons.isEmpty else { throw GeoKitError(.input, "the polygon is empty (after repair)") }
        let planar = try worker.toPlanar?.transform(polygons) ?? polygons
        let area = try worker.measurer?.ellipsoidalArea(polygons) ?? polygons.planarArea()

        // Centroid of the largest part (sf::st_centroid(of_largest_polygon = TRUE)).
        var largest = planar
        if planar.kind == .multiPolygon, planar.partCount > 1 {
            var bestArea = -1.0
            for i in 0..<planar.partCount {
                let part = try planar.part(i)
                let a = try part.planarArea()
                if a > bestArea { bestArea = a; largest = part }
            }
        }
        let centroid = try largest.centroid()
        let within = try planar.contains(centroid)  // st_within(point, polygon): the boundary is not within
        let surface = try planar.pointOnSurface()
        guard let c = centroid.envelope, let s = surface.envelope else {
            throw GeoKitError(.geometry, "no centroid for the polygon")
        }
        return NodeGeometry(fid: feature.fid, areaSquareMetres: area, centroidX: c.minX, centroidY: c.minY,
                            centroidWithin: within, surfaceX: s.minX, surfaceY: s.minY,
                            layerWKB: polygons.wkb, planarWKB: planar.wkb, repairReason: repair?.reason)
    }

    /// The total area in hectares of the polygons of `layer`, measured as node areas are (planar in a
    /// projected layer, ellipsoidal in a geographic one), invalid polygons repaired first. This is the
    /// landscape attribute `A_L` when the node attribute is area.
    public static func landscapeArea(of layer: LoadedLayer) throws -> Double {
        let planarCRS: CRS? = layer.crs.isProjected ? nil : try CRS.cgcs2000()
        let worker = try NodeWorker(layerCRS: layer.crs, planarCRS: planarCRS)
        var total = 0.0
        for feature in layer.features {
            guard let wkb = feature.wkb else { continue }
            do {
                let g = try Geometry(wkb: wkb, context: worker.context)
                guard g.kind.isPolygonal || g.kind == .collection else {
                    throw GeoKitError(.input, "the feature is a \(g.kind), not a polygon; a landscape must be polygons")
                }
                let polygons = try g.makeValid().geometry.polygonalParts()
                total += try worker.measurer?.ellipsoidalArea(polygons) ?? polygons.planarArea()
            } catch let e as GeoKitError {
                throw e.located(file: layer.request.source, layer: layer.layerName, feature: feature.fid)
            }
        }
        return total / 10_000
    }
}
