import GeoKit

/// Areas of a polygon layer: total and per group, by the national rule (ellipsoidal, CGCS2000) and,
/// on request, planar in the layer's Gauss–Krüger zone for comparison.
///
/// Invalid polygons are repaired before they are measured (`Geometry.makeValid`), and each repair is
/// reported. Features are measured on every core; sums are taken in feature order, so the result does
/// not depend on the number of cores.
public struct AreaReport: Sendable, Codable {
    public struct Group: Sendable, Codable {
        public var key: String
        public var features: Int
        public var area: Double
        public var projectedArea: Double?

        enum CodingKeys: String, CodingKey { case key, features, area, projectedArea = "projected_area" }
    }

    public struct Projection: Sendable, Codable {
        public var crs: String
        public var zone: Int
        public var centralMeridian: Double
        public var total: Double
        /// (projected − ellipsoidal) / ellipsoidal.
        public var relativeDifference: Double

        enum CodingKeys: String, CodingKey {
            case crs, zone, total
            case centralMeridian = "central_meridian"
            case relativeDifference = "relative_difference"
        }
    }

    public var source: String
    public var layer: String
    public var crs: String
    public var crsAssumed: Bool
    /// The declared CRS set aside for the assumed one (a geographic .prj on metres, a projected one on degrees).
    public var declaredCRSSetAside: String?
    public var encoding: String
    public var whereClause: String?
    public var method: AreaMethod
    public var ellipsoid: String
    public var unit: AreaUnit
    public var features: Int
    public var featuresWithoutGeometry: Int
    /// Ellipsoidal total, or the projected total when `method` is `.projected`.
    public var total: Double
    public var projection: Projection?
    public var groupedBy: String?
    public var groups: [Group]
    public var repairs: [FeatureRepair]

    enum CodingKeys: String, CodingKey {
        case source, layer, crs, encoding, method, ellipsoid, unit, features, total, groups, repairs
        case crsAssumed = "crs_assumed"
        case declaredCRSSetAside = "declared_crs_set_aside"
        case whereClause = "where"
        case featuresWithoutGeometry = "features_without_geometry"
        case projection = "projected"
        case groupedBy = "by"
    }
}

extension AreaReport {
    /// Measures `layer`. `groupField` groups features by that field's value. `workers` is the
    /// number of threads (every core by default); it changes the speed, never the result.
    public static func measure(_ layer: LoadedLayer, method: AreaMethod = .ellipsoidal, unit: AreaUnit = .squareKilometres,
                               groupField: String? = nil, workers: Int = GeoKit.Parallel.workerCount) throws -> AreaReport {
        let kind = layer.geometryType.lowercased()
        if !(kind.contains("polygon") || kind.contains("unknown") || kind.contains("geometry") || kind.contains("none")) {
            throw GeoKitError(.input, "the layer holds \(layer.geometryType) features, which have no area; area needs polygons",
                              file: layer.request.source, layer: layer.layerName)
        }
        let groupIndex = try groupField.map { try layer.fieldIndex($0) }
        var zone: GaussKrugerZone?
        if method != .ellipsoidal {
            zone = try layer.gaussKrugerZone()
            if zone == nil, !layer.features.isEmpty {
                throw GeoKitError(.input, "the layer lies outside the CGCS2000 Gauss–Krüger zones 25–45 (73.5–136.5°E), so it has no projected area",
                                  file: layer.request.source, layer: layer.layerName, hint: .measureEllipsoidally)
            }
        }
        let crs = layer.crs
        let chosenZone = zone
        let results: [FeatureArea] = try GeoKit.Parallel.mapChunks(
            layer.features, workers: workers, setUp: { try AreaMeasurer(layerCRS: crs, zone: chosenZone) }
        ) { measurer, chunk in
            try chunk.map { f in
                do { return try measurer.measure(f) } catch { throw layer.locate(error, feature: f.fid) }
            }
        }

        var total = 0.0, projectedTotal = 0.0
        var groups: [String: Group] = [:]
        for (f, r) in zip(layer.features, results) {
            total += r.ellipsoidal
            projectedTotal += r.projected ?? 0
            if let gi = groupIndex {
                let key: String
                if case .null = f.values[gi] { key = "(null)" } else { key = f.values[gi].description }
                var g = groups[key] ?? Group(key: key, features: 0, area: 0, projectedArea: zone == nil ? nil : 0)
                g.features += 1
                g.area += r.ellipsoidal
                if zone != nil { g.projectedArea! += r.projected ?? 0 }
                groups[key] = g
            }
        }
        let toUnit = unit.fromSquareMetres
        let orderedGroups = groups.values.sorted { $0.key < $1.key }.map { g -> Group in
            var g = g
            g.area = method == .projected ? toUnit(g.projectedArea ?? 0) : toUnit(g.area)
            g.projectedArea = method == .both ? g.projectedArea.map(toUnit) : nil
            return g
        }
        var projection: Projection?
        if let zone {
            projection = Projection(crs: "EPSG:\(zone.epsg)", zone: zone.zone, centralMeridian: zone.centralMeridian,
                                    total: toUnit(projectedTotal),
                                    relativeDifference: total > 0 ? (projectedTotal - total) / total : 0)
        }
        return AreaReport(
            source: layer.request.source, layer: layer.layerName, crs: layer.crs.description, crsAssumed: layer.crsAssumed,
            declaredCRSSetAside: layer.declaredCRSSetAside?.description, encoding: layer.encoding.description, whereClause: layer.request.whereClause, method: method,
            ellipsoid: Ellipsoid.cgcs2000.name, unit: unit, features: layer.features.count,
            featuresWithoutGeometry: results.filter { !$0.hasGeometry }.count,
            total: method == .projected ? toUnit(projectedTotal) : toUnit(total),
            projection: projection, groupedBy: groupField, groups: orderedGroups, repairs: results.compactMap(\.repair))
    }
}
