import Foundation
import GeoKit

/// What `inspect` reports about a data source: every layer with its CRS, encoding, fields, extent,
/// feature count and every invalid geometry with GEOS's reason.
public struct SourceInspection: Sendable, Codable {
    public struct Invalid: Sendable, Codable {
        public var fid: Int64
        public var reason: String
    }

    public struct Layer: Sendable, Codable {
        public var name: String
        public var geometryType: String
        public var features: Int
        /// nil when the layer declares no CRS.
        public var crs: String?
        public var crsIsGeographic: Bool?
        public var encoding: String
        public var fields: [FieldDefinition]
        /// nil when the layer is empty or its extent is not finite (a NaN or infinite coordinate,
        /// which `coordinateProblem` names).
        public var extent: Envelope?
        public var invalid: [Invalid]
        public var withoutGeometry: Int
        public var emptyGeometries: Int
        /// Why the coordinates cannot be used (`CoordinateSanity`), as the one sentence `area` or
        /// `overlay` would stop with; nil when they pass. A layer with one is not valid.
        public var coordinateProblem: String?

        /// True when every geometry is valid and the coordinates pass.
        public var isValid: Bool { invalid.isEmpty && coordinateProblem == nil }

        enum CodingKeys: String, CodingKey {
            case name, features, crs, encoding, fields, extent, invalid
            case coordinateProblem = "coordinate_problem"
            case geometryType = "geometry_type"
            case crsIsGeographic = "crs_is_geographic"
            case withoutGeometry = "without_geometry"
            case emptyGeometries = "empty_geometries"
        }
    }

    public var source: String
    public var driver: String
    public var layers: [Layer]

    /// Inspects every layer of `source`, or only `layer`. The coordinates are checked as every
    /// command checks them on reading (`CoordinateSanity`, in the declared CRS; only finiteness and
    /// size without one), with `axisOrder` as stated.
    public static func inspect(_ source: String, layer: String? = nil, encoding: String? = nil,
                               axisOrder: AxisOrder? = nil) throws -> SourceInspection {
        let src = try VectorSource.open(source, encoding: encoding)
        let names = layer.map { [$0] } ?? src.layerNames
        var layers: [Layer] = []
        for name in names {
            let l = try src.layer(named: name)
            let crs = try l.crs()
            let features = try l.readFeatures()
            var coordinateProblem: String?
            do {
                _ = try CoordinateSanity(crs: crs, axisOrder: axisOrder).checked(features, scan: try CoordinateSanity.scan(features))
            } catch let e as GeoKitError {
                coordinateProblem = e.located(file: source, layer: name).description
            }
            struct Check: Sendable { var invalid: Invalid?; var missing: Bool; var empty: Bool }
            let checks: [Check] = try GeoKit.Parallel.mapChunks(features, setUp: { GeometryContext() }) { context, chunk in
                try chunk.map { f in
                    guard let wkb = f.wkb else { return Check(invalid: nil, missing: true, empty: false) }
                    do {
                        let g = try Geometry(wkb: wkb, context: context)
                        if g.isEmpty { return Check(invalid: nil, missing: false, empty: true) }
                        let v = try g.validity()
                        return Check(invalid: v.isValid ? nil : Invalid(fid: f.fid, reason: v.summary), missing: false, empty: false)
                    } catch let e as GeoKitError {
                        throw e.located(file: source, layer: name, feature: f.fid)
                    }
                }
            }
            layers.append(Layer(name: name, geometryType: l.geometryTypeName, features: features.count,
                                crs: crs?.description, crsIsGeographic: crs?.isGeographic, encoding: l.encoding.description,
                                fields: l.fields, extent: features.isEmpty ? nil : l.extent.flatMap { e in
                                    [e.minX, e.minY, e.maxX, e.maxY].allSatisfy(\.isFinite) ? e : nil },
                                invalid: checks.compactMap(\.invalid), withoutGeometry: checks.filter(\.missing).count,
                                emptyGeometries: checks.filter(\.empty).count, coordinateProblem: coordinateProblem))
        }
        return SourceInspection(source: source, driver: src.driver, layers: layers)
    }
}
