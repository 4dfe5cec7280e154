import GeoKit

/// The one geodesic length of a layer: every feature in CGCS2000 lon/lat (transformed with PROJ
/// unless it already is), the lineal parts measured along geodesics on the CGCS2000 ellipsoid
/// (`Geometry.geodesicLength`, GeographicLib's `geod_inverse`). Polygon rings and points add
/// nothing. Used for a run's layer lengths and for length claims.
enum LayerLength {
    /// Metres, and how many features hold lines. An error names the feature.
    static func geodesic(_ layer: LoadedLayer) throws -> (metres: Double, lineFeatures: Int) {
        let context = GeometryContext()
        let toGeographic = layer.crs.isGeographicOnCGCS2000Ellipsoid ? nil : try Transformer(from: layer.crs, to: try CRS.cgcs2000())
        var total = 0.0
        var lines = 0
        for f in layer.features {
            guard let wkb = f.wkb else { continue }
            do {
                let g = try Geometry(wkb: wkb, context: context)
                if g.kind.isLineal { lines += 1 }
                total += try (toGeographic?.transform(g) ?? g).geodesicLength(on: .cgcs2000)
            } catch { throw layer.locate(error, feature: f.fid) }
        }
        return (total, lines)
    }
}
