import Foundation
import GeoKit

/// The zones a raster is summarised over (`zonal`, `terrain`): polygons read from a vector layer,
/// repaired, merged per group and brought into the raster's CRS.
///
/// - Features are repaired first (`Geometry.makeValid`); each repair is counted.
/// - With a group field, the features sharing a value form one zone (their union, so that
///   overlapping features are not counted twice); without one, every feature together forms one
///   zone keyed "all".
/// - Zones are transformed into the raster's CRS vertex by vertex (PROJ, `Transformer`); edges stay
///   straight in the raster's CRS, as every rasteriser (GDAL, exactextract, rasterio) takes them.
///   The transformation is reported.
/// - Lines and points have no area: a layer of them is refused.
public struct RasterZones: Sendable {
    public struct Zone: Sendable {
        public var key: String
        public var features: Int
        /// The zone in the raster's CRS, as WKB (a polygon or multipolygon; may be empty).
        public var wkb: [UInt8]
    }

    /// The zone source, its layer and CRS, for reports.
    public var source: String
    public var layer: String
    public var crs: String
    /// "none (same CRS)" or PROJ's description of the operation into the raster's CRS.
    public var transformation: String
    public var groupedBy: String?
    public var zones: [Zone]
    public var repairs: Int

    /// Reads `request` and builds one zone per value of `field` (or one for the whole layer).
    public static func load(_ request: LayerRequest, by field: String?, into rasterCRS: CRS) throws -> RasterZones {
        try make(try LoadedLayer.load(request), by: field, into: rasterCRS)
    }

    /// One zone per value of `field` (or one, "all") from a layer already read — a layer store's,
    /// so that a project's layer is not opened again for a raster.
    public static func make(_ layer: LoadedLayer, by field: String?, into rasterCRS: CRS) throws -> RasterZones {
        let request = layer.request
        let kind = layer.geometryType.lowercased()
        if kind.contains("point") || kind.contains("line") || kind.contains("curve") && !kind.contains("polygon") {
            throw GeoKitError(.input, "the zone layer holds \(layer.geometryType) features, which enclose no area; zones must be polygons",
                              file: request.source, layer: layer.layerName)
        }
        let groupIndex = try field.map { try layer.fieldIndex($0) }
        let context = GeometryContext()
        var groups: [String: [Geometry]] = [:]
        var counts: [String: Int] = [:]
        var order: [String] = []
        var repairs = 0
        for f in layer.features {
            guard let wkb = f.wkb else { continue }
            let key: String
            if let gi = groupIndex {
                if case .null = f.values[gi] { key = "(null)" } else { key = f.values[gi].description }
            } else {
                key = "all"
            }
            do {
                var g = try Geometry(wkb: wkb, context: context)
                let fixed = try g.makeValid()
                if fixed.repair != nil { repairs += 1 }
                g = try fixed.geometry.polygonalParts()
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(g)
                counts[key, default: 0] += 1
            } catch {
                throw layer.locate(error, feature: f.fid)
            }
        }
        let transformer = try Transformer(from: layer.crs, to: rasterCRS)
        var zones: [Zone] = []
        for key in order.sorted() {
            let parts = groups[key]!
            do {
                let merged = parts.count == 1 ? parts[0] : try context.collection(parts).unaryUnion()
                var moved = try transformer.transform(try merged.polygonalParts())
                if try !moved.validity().isValid { moved = try moved.makeValid().geometry.polygonalParts() }
                zones.append(Zone(key: key, features: counts[key]!, wkb: moved.wkb))
            } catch let e as GeoKitError {
                throw GeoKitError(e.kind, "zone '\(key)': \(e.message)", file: request.source, layer: layer.layerName)
            }
        }
        if zones.isEmpty {
            throw GeoKitError(.input, "the zone layer has no features with a geometry", file: request.source, layer: layer.layerName)
        }
        return RasterZones(source: request.source, layer: layer.layerName, crs: layer.crs.description,
                           transformation: transformer.operation, groupedBy: field, zones: zones, repairs: repairs)
    }

    /// Zones given as geometries in `crs` (an analysis's pieces, keyed), merged per key and brought
    /// into the raster's CRS vertex by vertex; `source` names them in messages.
    static func make(pieces: [(key: String, wkb: [UInt8])], crs: CRS, into rasterCRS: CRS, source: String) throws -> RasterZones {
        let context = GeometryContext()
        let transformer = try Transformer(from: crs, to: rasterCRS)
        var groups: [String: [Geometry]] = [:], counts: [String: Int] = [:]
        for p in pieces {
            groups[p.key, default: []].append(try Geometry(wkb: p.wkb, context: context))
            counts[p.key, default: 0] += 1
        }
        var zones: [Zone] = []
        for key in groups.keys.sorted() {
            let parts = groups[key]!
            do {
                let merged = parts.count == 1 ? parts[0] : try context.collection(parts).unaryUnion()
                var moved = try transformer.transform(try merged.polygonalParts())
                if try !moved.validity().isValid { moved = try moved.makeValid().geometry.polygonalParts() }
                zones.append(Zone(key: key, features: counts[key]!, wkb: moved.wkb))
            } catch let e as GeoKitError {
                throw GeoKitError(e.kind, "zone '\(key)': \(e.message)", file: source)
            }
        }
        return RasterZones(source: source, layer: "", crs: crs.description, transformation: transformer.operation, groupedBy: nil,
                           zones: zones, repairs: 0)
    }

    /// One zone, "all", covering the raster's whole extent (`terrain` without zones).
    public static func wholeRaster(_ info: RasterIO.Info, path: String) throws -> RasterZones {
        let t = info.geoTransform
        let x0 = t.originX, x1 = t.originX + Double(info.width) * t.pixelWidth
        let y0 = t.originY, y1 = t.originY + Double(info.height) * t.pixelHeight
        let context = GeometryContext()
        let box = try context.rectangle(Envelope(minX: min(x0, x1), minY: min(y0, y1), maxX: max(x0, x1), maxY: max(y0, y1)))
        return RasterZones(source: path, layer: "", crs: info.crs?.description ?? "", transformation: "none (same CRS)",
                           groupedBy: nil, zones: [Zone(key: "all", features: 1, wkb: box.wkb)], repairs: 0)
    }
}
