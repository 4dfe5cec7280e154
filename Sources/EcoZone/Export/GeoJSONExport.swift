import Foundation
import GeoKit

/// Writes a layer for map viewers: RFC 7946 GeoJSON (or GeoPackage / Shapefile / FlatGeobuf by the
/// file's extension) in CGCS2000/WGS 84 lon/lat, invalid polygons repaired, optionally simplified
/// with shared edges kept shared (`CoverageSimplifier`), written atomically.
public struct ExportReport: Sendable, Codable {
    public var source: String
    public var layer: String
    public var output: String
    public var format: String
    public var features: Int
    public var sourceCRS: String
    public var outputCRS: String
    public var transformation: String
    public var precision: Int?
    /// Simplification tolerance in metres, and the Gauss–Krüger zone it was applied in.
    public var simplifyMetres: Double?
    public var simplifyCRS: String?
    public var verticesBefore: Int
    public var verticesAfter: Int
    /// Features that vanished under simplification, or collapsed on the grid of the coordinate
    /// precision (written without geometry).
    public var vanished: [Int64]
    public var repairs: [FeatureRepair]
    /// Features valid as read but invalid once projected into the simplification zone, repaired there
    /// before simplifying (GEOS's reason).
    public var simplifyRepairs: [SimplifyNote] = []
    /// Features simplified on their own instead of with their neighbours (their shared edges may no
    /// longer match exactly), and why.
    public var simplifyFallbacks: [SimplifyNote] = []
    /// Snap-rounding grid (metres) used to node the layer's edges when plain noding failed.
    public var simplifySnapGrid: Double?
    /// Features GEOS could not snap to the grid of the coordinate precision, even repaired first:
    /// written unsnapped, so GDAL's rounding may leave them invalid.
    public var unsnapped: [Int64] = []

    /// A feature and what simplification had to do with it.
    public struct SimplifyNote: Sendable, Codable, Hashable {
        public var fid: Int64
        public var reason: String
    }

    enum CodingKeys: String, CodingKey {
        case source, layer, output, format, features, transformation, precision, vanished, repairs, unsnapped
        case simplifyRepairs = "simplify_repairs", simplifyFallbacks = "simplify_fallbacks", simplifySnapGrid = "simplify_snap_grid_m"
        case sourceCRS = "source_crs", outputCRS = "output_crs"
        case simplifyMetres = "simplify_m", simplifyCRS = "simplify_crs"
        case verticesBefore = "vertices_before", verticesAfter = "vertices_after"
    }
}

extension ExportReport {
    /// - Parameters:
    ///   - gcj02: write GCJ-02 coordinates, as Chinese web map services (Amap, Tencent) expect.
    ///   - rules: the command's inputs (the layer's source is added) and whether an existing file
    ///     may be replaced; `path` is checked before any work and again before the file is put in
    ///     place (`OutputGuard.checkFile`): never an input, nor a part of one.
    public static func export(_ layer: LoadedLayer, to path: String, precision: Int? = 6, simplifyMetres: Double? = nil,
                              gcj02: Bool = false, guard rules: OutputGuard = OutputGuard()) throws -> ExportReport {
        let format = VectorFormat(path: path) ?? .geoJSON
        var rules = rules
        rules.read(layer.request)
        try rules.checkFile(path, format: format)
        let context = GeometryContext()
        let outputCRS = layer.crs.isGeographicOnCGCS2000Ellipsoid ? layer.crs : try CRS.cgcs2000()
        let toOutput = try Transformer(from: layer.crs, to: outputCRS)

        var geometries: [Geometry?] = []
        var repairs: [FeatureRepair] = []
        var verticesBefore = 0
        var polygonal = true
        var kind: GeometryKind?
        for f in layer.features {
            guard let wkb = f.wkb else { geometries.append(nil); continue }
            do {
                let raw = try Geometry(wkb: wkb, context: context)
                verticesBefore += raw.vertexCount
                let (g, repair) = try raw.makeValid()
                if let repair {
                    let before = try toOutput.transform(raw).geodesicArea()
                    let after = try toOutput.transform(g).geodesicArea()
                    repairs.append(FeatureRepair(fid: f.fid, reason: repair.reason, areaBefore: before, areaAfter: after,
                                                 partsBefore: repair.partsBefore, partsAfter: repair.partsAfter))
                }
                polygonal = polygonal && g.kind.isPolygonal
                kind = kind == nil || kind == g.kind ? g.kind : .collection
                geometries.append(g)
            } catch {
                throw layer.locate(error, feature: f.fid)
            }
        }

        var simplifyCRS: String?
        var vanished: [Int64] = []
        var simplifyRepairs: [SimplifyNote] = []
        var simplifyFallbacks: [SimplifyNote] = []
        var simplifySnapGrid: Double?
        if let tolerance = simplifyMetres, !(tolerance.isFinite && tolerance >= 0) {
            throw GeoKitError(.input, "the simplification tolerance \(tolerance) m is not a finite distance of 0 or more",
                              file: layer.request.source, layer: layer.layerName)
        }
        if let tolerance = simplifyMetres, tolerance > 0 {
            guard let zone = try layer.gaussKrugerZone() else {
                throw GeoKitError(.input, "the layer lies outside the CGCS2000 Gauss–Krüger zones; it cannot be simplified in metres",
                                  file: layer.request.source, layer: layer.layerName)
            }
            let zoneCRS = try zone.crs()
            simplifyCRS = zoneCRS.description
            let toZone = try Transformer(from: layer.crs, to: zoneCRS)
            let fromZone = try Transformer(from: zoneCRS, to: layer.crs)
            let present = geometries.enumerated().compactMap { i, g in g.map { (i, $0) } }
            let fids = present.map { layer.features[$0.0].fid }
            var projected: [Geometry] = []
            for ((_, g), fid) in zip(present, fids) {
                do { projected.append(try toZone.transform(g)) } catch { throw layer.locate(error, feature: fid) }
            }
            var simplified: [Geometry?] = []
            if polygonal {
                // Shared edges kept shared; inputs that turned invalid in the zone are repaired and
                // polygons that could not be done with their neighbours are reported.
                let result: CoverageSimplifier.Result
                do {
                    result = try CoverageSimplifier.simplify(projected, tolerance: tolerance, featureIDs: fids, in: context)
                } catch {
                    throw layer.locate(error, feature: nil)
                }
                simplified = result.geometries
                simplifyRepairs = result.repaired.map { SimplifyNote(fid: fids[$0.index], reason: $0.reason) }
                simplifyFallbacks = result.fallbacks.map { SimplifyNote(fid: fids[$0.index], reason: $0.reason) }
                simplifySnapGrid = result.snapGrid
            } else {
                for (g, fid) in zip(projected, fids) {
                    do { simplified.append(try g.topologyPreservingSimplified(tolerance: tolerance)) } catch {
                        throw layer.locate(error, feature: fid)
                    }
                }
            }
            for (((i, _), s), fid) in zip(zip(present, simplified), fids) {
                do { geometries[i] = try s.map { try fromZone.transform($0) } } catch { throw layer.locate(error, feature: fid) }
                if s == nil { vanished.append(fid) }
            }
        }

        // Polygons and multipolygons mix freely in one layer; the writer picks the format's type for them.
        if polygonal, kind != nil { kind = .multiPolygon }
        let writer = try VectorWriter(path: path, format: format, layerName: layer.layerName, crs: outputCRS,
                                      geometryKind: kind, fields: layer.fields,
                                      coordinatePrecision: format == .geoJSON ? precision : nil)
        // GDAL's GeoJSON writer rounds each coordinate to `precision` decimals on its own, which can
        // make a valid polygon self-intersect (18 of Banan's 295 erosion polygons at 6 decimals).
        // Snapping to that grid first with GEOS (`GEOSGeom_setPrecision`) keeps the polygons valid,
        // and the writer's rounding then finds every vertex already on the grid. Beyond 10 decimals
        // (1e-10° ≈ 10 µm) the rounding no longer moves a vertex of lon/lat data by a representable step.
        let grid: Double? = format == .geoJSON && polygonal ? precision.flatMap { (0...10).contains($0) ? pow(10, -Double($0)) : nil } : nil
        var verticesAfter = 0
        var unsnapped: [Int64] = []
        for (f, g) in zip(layer.features, geometries) {
            var out = try g.map { try toOutput.transform($0) }
            if gcj02 { out = try out?.shiftedGCJ02(toGCJ: true) }
            if let grid, let before = out {
                // The ladder: snap; else repair (a simplified polygon can come out invalid) and snap;
                // else write it unsnapped and say so.
                if let snapped = (try? before.snappedToGrid(grid)) ?? (try? before.makeValid().geometry.snappedToGrid(grid)) {
                    out = snapped
                    if snapped.isEmpty { out = nil; if !vanished.contains(f.fid) { vanished.append(f.fid) } }
                } else {
                    unsnapped.append(f.fid)
                }
            }
            verticesAfter += out?.vertexCount ?? 0
            try writer.write(wkb: out?.wkb, values: f.values)
        }
        try rules.checkFile(path, format: format)
        try writer.commit()
        return ExportReport(source: layer.request.source, layer: layer.layerName, output: path, format: format.rawValue,
                            features: layer.features.count, sourceCRS: layer.crs.description,
                            outputCRS: gcj02 ? "GCJ-02 (Amap/Tencent lon/lat)" : format == .geoJSON ? "EPSG:4326 (WGS 84, RFC 7946; CGCS2000 coordinates taken as WGS 84)" : outputCRS.description,
                            transformation: toOutput.operation, precision: format == .geoJSON ? precision : nil,
                            simplifyMetres: simplifyMetres, simplifyCRS: simplifyCRS,
                            verticesBefore: verticesBefore, verticesAfter: verticesAfter, vanished: vanished, repairs: repairs,
                            simplifyRepairs: simplifyRepairs, simplifyFallbacks: simplifyFallbacks, simplifySnapGrid: simplifySnapGrid,
                            unsnapped: unsnapped)
    }
}
