import Foundation

/// Checks that the coordinates of a layer can be what its CRS says they are, before anything is
/// measured: a NaN, an infinity, a latitude of 95° or a layer of metres labelled as degrees would
/// otherwise come out as `nan`, as a plausible wrong area, or as a trap further on.
///
/// Works on WKB bytes (`WKBCoordinates`), not on GEOS geometries, so it costs one pass over the
/// bytes of each feature: about 3 ns per vertex in a release build (fixtures/banan/erosion.shp,
/// 295 features and 17,852 vertices, in 0.05 ms, where GDAL takes ~16 ms to read them). Throws
/// `GeoKitError` (kind `.input`) without a location; the reader adds the file, layer and feature.
///
/// The rules and the limits chosen:
/// - Every feature: no NaN or infinite x or y (an empty point, NaN by WKB convention, is allowed);
///   at most `maximumVerticesPerFeature` (10,000,000) vertices, which bounds what one feature can
///   make GEOS allocate (a 10 M-vertex polygon is 160 MB of WKB).
/// - Geographic CRS, every feature: −180 ≤ lon ≤ 180 and −90 ≤ lat ≤ 90 (to `rangeTolerance`,
///   1e-7°). A feature lying wholly beyond ±`metresThreshold` (360) on an axis is reported as
///   metres rather than as one bad value.
/// - Geographic CRS, the layer's extent: wholly beyond ±360 on an axis → the values are metres (the
///   .prj is wrong). Outside the CRS's area of use (`proj_get_area_of_use`, widened by
///   `areaOfUseMargin`, 1°; the whole globe when the CRS declares none) while the extent with x and
///   y exchanged lies inside it → the axes look swapped. A layer that is merely outside its area of
///   use is accepted: the area of use of a world CRS cannot tell (lat, lon) from (lon, lat) where
///   both are in range, and that case is not detected.
/// - Projected CRS, the layer's extent: inside ±180 × ±90, inside the CRS's area of use read as
///   (lon, lat), and more than `degreesDistance` (10 km) from where that place lies in the CRS →
///   the values are degrees (the .prj is wrong). A layer truly within 180 m of a projection's origin
///   would be taken for degrees only where that origin is 10 km from the place those numbers name
///   in degrees, which no plan's data is.
/// - Projected CRS, every feature: |x|, |y| ≤ `projectedLimit` (1e10 CRS units; the Earth's
///   circumference is 4e7 m), beyond which planar areas overflow to infinity or lose all precision.
/// - `axisOrder` `.latLon` exchanges x and y before the range checks; any stated axis order turns
///   the swapped-axes test off.
public struct CoordinateSanity: Sendable, Hashable {
    public static let maximumVerticesPerFeature = 10_000_000
    /// A geographic extent wholly beyond ± this many units on one axis holds no degrees.
    public static let metresThreshold = 360.0
    /// Largest |x| or |y| accepted in a projected CRS, in CRS units.
    public static let projectedLimit = 1e10
    /// CRS units between a projected extent and the place its numbers name as degrees, beyond which
    /// the numbers are taken for degrees.
    public static let degreesDistance = 10_000.0
    /// Degrees by which the area of use is widened before testing containment.
    public static let areaOfUseMargin = 1.0
    /// Degrees beyond ±180 / ±90 still taken as rounding.
    public static let rangeTolerance = 1e-7

    /// The layer's CRS; nil when unknown (only finiteness and the vertex limit are checked).
    public var crs: CRS?
    public var axisOrder: AxisOrder?
    /// Most vertices one feature may have (`maximumVerticesPerFeature` unless set lower).
    public var maximumVertices: Int

    public init(crs: CRS?, axisOrder: AxisOrder? = nil, maximumVertices: Int = CoordinateSanity.maximumVerticesPerFeature) {
        self.crs = crs
        self.axisOrder = axisOrder
        self.maximumVertices = maximumVertices
    }

    private var swaps: Bool { axisOrder == .latLon }

    // MARK: per feature

    /// Checks one feature's WKB and returns it ready to use — with x and y exchanged when the axis
    /// order is `.latLon` — together with its envelope in GeoKit's (x, y) order.
    public func checked(_ wkb: [UInt8]) throws -> (wkb: [UInt8], envelope: Envelope?) {
        let summary = try scan(wkb)
        let envelope = summary.envelope.map { swaps ? $0.axesSwapped : $0 }
        if let envelope { try checkRange(envelope) }
        return (swaps ? try WKBCoordinates.swappingAxes(wkb) : wkb, envelope)
    }

    /// The CRS-independent part: finite coordinates and the vertex limit. The summary's envelope
    /// is in the stored axis order.
    public func scan(_ wkb: [UInt8]) throws -> WKBCoordinates.Summary {
        let s = try WKBCoordinates.summary(of: wkb)
        if let v = s.firstNonFinite {
            let what = v.x.isNaN || v.y.isNaN ? "is not a number (NaN)" : "is infinite"
            throw GeoKitError(.input, "vertex \(v.index) has a coordinate that \(what): (\(Self.text(v.x)), \(Self.text(v.y)))")
        }
        if s.vertexCount > maximumVertices {
            throw GeoKitError(.input, "the geometry has \(s.vertexCount) vertices, more than the \(maximumVertices) one feature may have")
        }
        return s
    }

    /// The range rules for one feature's envelope, given in (x, y) order after any swap.
    public func checkRange(_ e: Envelope) throws {
        guard let crs else { return }
        if crs.isGeographic {
            if Self.looksLikeMetres(e) {
                throw GeoKitError(.input, "its coordinates look like metres (\(Self.text(e))), not the degrees of its geographic CRS \(crs): "
                                  + "the declared CRS (.prj) may be wrong",
                                  hint: .stateCRS(example: Self.prefixedGaussKrugerZone(e).map { "EPSG:\($0.epsg)" }))
            }
            let t = Self.rangeTolerance
            for (value, name, limit) in [(e.minX, "longitude", 180.0), (e.maxX, "longitude", 180), (e.minY, "latitude", 90), (e.maxY, "latitude", 90)]
            where abs(value) > limit + t {
                throw GeoKitError(.input, "\(name) \(Self.text(value)) is outside −\(Int(limit))…\(Int(limit))° (CRS \(crs))")
            }
        } else {
            for value in [e.minX, e.maxX, e.minY, e.maxY] where abs(value) > Self.projectedLimit {
                throw GeoKitError(.input, "coordinate \(Self.text(value)) is farther from the origin than any place on Earth in a projected CRS (limit ±\(Self.text(Self.projectedLimit)); CRS \(crs))")
            }
        }
    }

    // MARK: whole layers

    /// What one pass over a layer's features found: each feature's envelope (stored axis order,
    /// nil without coordinates) and their union.
    public struct LayerScan: Sendable {
        public var envelopes: [Envelope?]
        public var extent: Envelope?
    }

    /// Scans every feature (`scan`: finite coordinates, the vertex limit); an error names the feature.
    public static func scan(_ features: [Feature]) throws -> LayerScan {
        let unchecked = CoordinateSanity(crs: nil)
        var union: Envelope?
        var envelopes: [Envelope?] = []
        envelopes.reserveCapacity(features.count)
        for f in features {
            guard let wkb = f.wkb else { envelopes.append(nil); continue }
            let e: Envelope?
            do { e = try unchecked.scan(wkb).envelope } catch let error as GeoKitError { throw error.located(feature: f.fid) }
            if let e { union = union.map { $0.union(e) } ?? e }
            envelopes.append(e)
        }
        return LayerScan(envelopes: envelopes, extent: union)
    }

    /// The layer-wide rules on the scan's extent, then every feature's range: the features come
    /// back ready to use (swapped for `.latLon`). An error names the feature where it is one
    /// feature's fault. `scan` must come from `scan(features)`.
    public func checked(_ features: [Feature], scan: LayerScan) throws -> [Feature] {
        precondition(scan.envelopes.count == features.count, "the scan is of other features")
        if let extent = scan.extent { try checkLayer(extent: extent) }
        var out = features
        for i in out.indices {
            guard let e = scan.envelopes[i] else { continue }
            do {
                try checkRange(swaps ? e.axesSwapped : e)
                if swaps, let wkb = out[i].wkb { out[i].wkb = try WKBCoordinates.swappingAxes(wkb) }
            } catch let error as GeoKitError { throw error.located(feature: out[i].fid) }
        }
        return out
    }

    // MARK: per layer

    /// The layer-wide rules on the layer's extent in the stored axis order: metres in a geographic
    /// CRS, degrees in a projected one, and swapped axes (unless an axis order was stated).
    public func checkLayer(extent stored: Envelope) throws {
        guard let crs, Self.isFinite(stored) else { return }
        if crs.isProjected, Self.looksLikeDegrees(stored, in: crs) {
            throw GeoKitError(.input, "the values look like degrees of longitude and latitude (\(Self.text(stored))), not the metres of its "
                              + "projected CRS \(crs): the declared CRS (.prj) may be wrong", hint: .stateCRS(example: "EPSG:4490"))
        }
        guard crs.isGeographic else { return }
        let e = swaps ? stored.axesSwapped : stored
        if Self.looksLikeMetres(e) {
            var prefix = ""
            var example: String?
            if let zone = Self.prefixedGaussKrugerZone(e) {
                prefix = "; the eastings carry the zone prefix \(zone.zone), as in EPSG:\(zone.epsg) (CGCS2000 3° Gauss–Krüger zone \(zone.zone))"
                example = "EPSG:\(zone.epsg)"
            }
            throw GeoKitError(.input, "the values look like metres (\(Self.text(e))), not the degrees of its geographic CRS \(crs): "
                              + "the declared CRS (.prj) may be wrong\(prefix)", hint: .stateCRS(example: example))
        }
        guard axisOrder == nil else { return }
        let use = crs.areaOfUse ?? Envelope(minX: -180, minY: -90, maxX: 180, maxY: 90)
        if !Self.lies(e, within: use), Self.lies(e.axesSwapped, within: use) {
            throw GeoKitError(.input, "the axes look swapped: the extent (\(Self.text(e))) lies outside the area of use of \(crs) "
                              + "(longitude \(Self.text(use.minX))…\(Self.text(use.maxX))°, latitude \(Self.text(use.minY))…\(Self.text(use.maxY))°) "
                              + "but inside it read as (latitude, longitude)", hint: .stateAxisOrder)
        }
    }

    /// True when the extent lies wholly beyond ±`metresThreshold` on x or on y.
    public static func looksLikeMetres(_ e: Envelope) -> Bool {
        let m = metresThreshold
        return e.minX > m || e.maxX < -m || e.minY > m || e.maxY < -m
    }

    /// True when a projected extent holds longitude and latitude: it lies inside ±180 × ±90 and,
    /// read as (lon, lat), inside `crs`'s area of use, and the place those degrees name lies more
    /// than `degreesDistance` CRS units from the extent in `crs` (PROJ, `Transformer`). False when
    /// the CRS declares no area of use or the place cannot be transformed.
    public static func looksLikeDegrees(_ e: Envelope, in crs: CRS) -> Bool {
        guard crs.isProjected, isFinite(e), e.minX >= -180, e.maxX <= 180, e.minY >= -90, e.maxY <= 90,
              let use = crs.areaOfUse, lies(e, within: use) else { return false }
        let centre = (x: (e.minX + e.maxX) / 2, y: (e.minY + e.maxY) / 2)
        guard let wgs84 = try? CRS(epsg: 4326), let t = try? Transformer(from: wgs84, to: crs),
              let p = try? t.transform(x: centre.x, y: centre.y), p.x.isFinite, p.y.isFinite else { return false }
        let dx = max(e.minX - p.x, p.x - e.maxX, 0), dy = max(e.minY - p.y, p.y - e.maxY, 0)
        return (dx * dx + dy * dy).squareRoot() > degreesDistance
    }

    // MARK: helpers

    static func isFinite(_ e: Envelope) -> Bool {
        e.minX.isFinite && e.minY.isFinite && e.maxX.isFinite && e.maxY.isFinite && e.minX <= e.maxX && e.minY <= e.maxY
    }

    static func lies(_ e: Envelope, within use: Envelope) -> Bool {
        let m = areaOfUseMargin
        return e.minX >= use.minX - m && e.maxX <= use.maxX + m && e.minY >= use.minY - m && e.maxY <= use.maxY + m
    }

    /// Zone n of a 3° Gauss–Krüger CRS with the zone prefix (eastings n·10⁶ + 500 000 ± 400 km),
    /// when every easting carries the same one.
    static func prefixedGaussKrugerZone(_ e: Envelope) -> GaussKrugerZone? {
        guard e.minX > 0, e.maxX < 1e8 else { return nil }
        let a = (e.minX / 1e6).rounded(.down), b = (e.maxX / 1e6).rounded(.down)
        guard a == b, let zone = GaussKrugerZone(zone: Int(a)) else { return nil }
        return zone
    }

    /// A number as short as it can be read back: 400, 106.5, 1e+308, NaN, Infinity.
    static func text(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Infinity" : "Infinity" }
        return String(format: "%.10g", x)
    }

    static func text(_ e: Envelope) -> String {
        "x \(text(e.minX))…\(text(e.maxX)), y \(text(e.minY))…\(text(e.maxY))"
    }
}
