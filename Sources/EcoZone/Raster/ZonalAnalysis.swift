import Foundation
import GeoKit

/// A value statistic of a zone (``ZonalAnalysis``).
public enum ZonalStatistic: String, Sendable, Codable, CaseIterable {
    /// Σ cᵢAᵢxᵢ / Σ cᵢAᵢ: the mean weighted by each cell's covered ellipsoidal area.
    case mean
    /// The least and greatest value of the cells the zone covers at all (c > 0).
    case min, max
    /// Σ cᵢxᵢ: cell values counted by their covered fraction (exactextract's sum; per-cell totals
    /// such as population add up correctly).
    case sum
}

/// What ``ZonalAnalysis`` computes.
public struct ZonalOptions: Sendable {
    public var band = 1
    /// Area per distinct value (a categorical raster: land use, evaluation grades).
    public var classes = false
    /// Class names given by the user (value → name); the raster's own are used otherwise.
    public var classNames: [Int: String]?
    /// Bins values into bands by these ascending breaks (band 0 below the first, n at and above the
    /// last): the bands are then the classes (a continuous raster, elevation bands).
    public var breaks: [Double]?
    public var statistics: [ZonalStatistic] = []
    public var unit: AreaUnit = .squareKilometres
    public var rule: CoverageRule = .exact
    /// About this many cells are held in memory at once (one strip).
    public var stripCells = 2_000_000

    public init(band: Int = 1, classes: Bool = false, classNames: [Int: String]? = nil, statistics: [ZonalStatistic] = [],
                unit: AreaUnit = .squareKilometres, rule: CoverageRule = .exact) {
        self.band = band; self.classes = classes; self.classNames = classNames; self.statistics = statistics
        self.unit = unit; self.rule = rule
    }
}

/// The per-zone result of ``ZonalAnalysis`` (the `zonal --json` document; a contract).
public struct ZonalReport: Sendable, Encodable {
    public struct ClassArea: Sendable, Encodable {
        public var value: Double
        public var name: String?
        public var area: Double

        enum CodingKeys: String, CodingKey { case value, name, area }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if value == value.rounded(), abs(value) < 1e15 { try c.encode(Int64(value), forKey: .value) } else { try c.encode(value, forKey: .value) }
            try c.encode(name, forKey: .name)
            try c.encode(area, forKey: .area)
        }
    }

    public struct Zone: Sendable, Encodable {
        public var key: String
        public var features: Int
        /// Area of the zone on the raster (data and NoData cells).
        public var total: Double
        /// Area of the zone on NoData cells.
        public var nodata: Double
        /// Area of the zone beyond the raster's extent (no cells there), by the same rule.
        public var outside: Double
        public var classes: [ClassArea]?
        /// Statistic → value; absent when the zone covers no data cell.
        public var stats: [String: Double]?
    }

    public var unit: AreaUnit
    /// Always "ellipsoidal": cell areas on the ellipsoid (``GridCellAreas``).
    public var method = "ellipsoidal"
    public var rule: CoverageRule
    public var raster: String
    public var band: Int
    public var crs: String
    /// How cell areas were taken: "lon/lat cells, exact on CGCS2000" or "projected cells, Δx·Δy / areal scale (PROJ)".
    public var cellArea: String
    public var zonesSource: String
    public var zonesLayer: String
    public var zonesCRS: String
    public var transformation: String
    public var groupedBy: String?
    public var repairs: Int
    public var zones: [Zone]

    enum CodingKeys: String, CodingKey {
        case unit, method, rule, raster, band, crs, zones, repairs
        case cellArea = "cell_area", zonesSource = "zones_source", zonesLayer = "zones_layer", zonesCRS = "zones_crs"
        case transformation, groupedBy = "by"
    }
}

/// Zonal statistics of a raster: per zone, the ellipsoidal area of each class and of NoData, and
/// value statistics weighted by area.
///
/// Each cell i counts with its coverage fraction cᵢ by the zone (``CoverageRule``: exact fractions,
/// the exactextract rule, or GDAL's cell-centre rule) and its true ellipsoidal area Aᵢ
/// (``GridCellAreas``: exact on CGCS2000 for lon/lat grids, Δx·Δy / areal scale for projected
/// ones), so a class's area is Σ cᵢAᵢ over its cells. NoData (the band's declared value, or NaN)
/// is an area of its own; a zone reaching beyond the raster reports that part as `outside`.
/// The raster is read a strip at a time (``ZoneStripWalk``): memory stays near
/// ``ZonalOptions/stripCells`` cells whatever the raster's size.
public enum ZonalAnalysis {
    public static func run(raster path: String, zones request: LayerRequest, by field: String?, options: ZonalOptions) throws -> ZonalReport {
        let reader = try RasterReader(path, band: options.band)
        guard let crs = reader.info.crs else {
            throw GeoKitError(.input, "the raster declares no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:…)", file: path)
        }
        let zones = try RasterZones.load(request, by: field, into: crs)
        return try run(reader: reader, zones: zones, options: options)
    }

    /// Accumulators of one zone.
    private struct Tally {
        var total = 0.0, nodata = 0.0, outside = 0.0, data = 0.0
        var weighted = 0.0, sum = 0.0
        var minimum = Double.infinity, maximum = -Double.infinity
        /// Class areas for small non-negative integer values, by value; the rest in `other`.
        var dense: [Double] = []
        var other: [Double: Double] = [:]
    }

    public static func run(reader: RasterReader, zones: RasterZones, options: ZonalOptions) throws -> ZonalReport {
        let walk = try ZoneStripWalk(reader: reader, zones: zones, rule: options.rule)
        var tallies = [Tally](repeating: Tally(), count: zones.zones.count)
        let width = reader.info.width, height = reader.info.height
        let wantClasses = options.classes || options.breaks != nil
        let breaks = options.breaks ?? []
        let binned = options.breaks != nil
        // The band's NoData as `RasterReader.isNoData` tests it (NaN, the value, or the value as Float32), hoisted out of the cell loop.
        let hasNoData = reader.info.noData != nil, noData = reader.info.noData ?? 0, noData32 = Float(noData)
        try walk.run(maxCells: options.stripCells, strip: { _ in }) { z, strip, zoneRows, fractions in
            let zc = walk.polygons[z].columns
            var t = tallies[z]
            let areaWidth = walk.columns.count, areaOffset = zc.lowerBound - walk.columns.lowerBound
            let readWidth = strip.readColumns.count, readRow0 = strip.readRows.lowerBound, readCol0 = strip.readColumns.lowerBound
            // Plain buffers and scalar sums in the cell loop: the loop runs once per cell of every zone's box.
            var total = t.total, nodata = t.nodata, outside = t.outside, data = t.data, weighted = t.weighted, sum = t.sum
            var minimum = t.minimum, maximum = t.maximum
            fractions.withUnsafeBufferPointer { fr in
                strip.areas.withUnsafeBufferPointer { ar in
                    strip.values.withUnsafeBufferPointer { vals in
                        for (k, row) in zoneRows.enumerated() {
                            let inRows = row >= 0 && row < height
                            let areaBase = (row - strip.rows.lowerBound) * areaWidth + areaOffset
                            let fractionBase = k * zc.count
                            let valueBase = (row - readRow0) * readWidth - readCol0
                            for i in 0..<zc.count {
                                let c = fr[fractionBase + i]
                                if c == 0 { continue }
                                let a = c * ar[areaBase + i]
                                let col = zc.lowerBound + i
                                guard inRows, col >= 0, col < width else { outside += a; continue }
                                total += a
                                let x = vals[valueBase + col]
                                if x.isNaN || (hasNoData && (x == noData || Float(x) == noData32)) { nodata += a; continue }
                                data += a
                                weighted += a * x
                                sum += c * x
                                if x < minimum { minimum = x }
                                if x > maximum { maximum = x }
                                if binned {
                                    let v = breaks.firstIndex { x < $0 } ?? breaks.count
                                    if v >= t.dense.count { t.dense += [Double](repeating: 0, count: breaks.count + 1 - t.dense.count) }
                                    t.dense[v] += a
                                } else if wantClasses {
                                    if x >= 0, x < 65_536, x == x.rounded(.down) {
                                        let v = Int(x)
                                        if v >= t.dense.count { t.dense += [Double](repeating: 0, count: max(v + 1, 256) - t.dense.count) }
                                        t.dense[v] += a
                                    } else {
                                        t.other[x, default: 0] += a
                                    }
                                }
                            }
                        }
                    }
                }
            }
            t.total = total; t.nodata = nodata; t.outside = outside; t.data = data; t.weighted = weighted; t.sum = sum
            t.minimum = minimum; t.maximum = maximum
            tallies[z] = t
        }
        let names = binned ? [:] : options.classNames ?? RasterClassNames.read(from: reader)
        let unit = options.unit
        let out = try zip(zones.zones, tallies).map { zone, t -> ZonalReport.Zone in
            var classes: [ZonalReport.ClassArea]?
            if wantClasses {
                var list: [ZonalReport.ClassArea] = []
                for (v, a) in t.dense.enumerated() where a > 0 {
                    list.append(.init(value: Double(v), name: names[v], area: unit.fromSquareMetres(a)))
                }
                for (v, a) in t.other where a > 0 {
                    list.append(.init(value: v, name: v == v.rounded() && abs(v) < 1e9 ? names[Int(v)] : nil, area: unit.fromSquareMetres(a)))
                }
                classes = list.sorted { $0.value < $1.value }
            }
            var stats: [String: Double]?
            if !options.statistics.isEmpty, t.data > 0 {
                var s: [String: Double] = [:]
                for stat in options.statistics {
                    switch stat {
                    case .mean: s["mean"] = t.weighted / t.data
                    case .min: s["min"] = t.minimum
                    case .max: s["max"] = t.maximum
                    case .sum: s["sum"] = t.sum
                    }
                }
                // Finite cells whose area-weighted sum overflows (values near ±1.8e308) give no mean.
                if let bad = s.first(where: { !$0.value.isFinite }) {
                    throw GeoKitError(.input, "band \(reader.band): the \(bad.key) of zone '\(zone.key)' overflows (cell values from \(NumberText.significant(t.minimum)) to \(NumberText.significant(t.maximum))); declare such cells NoData", file: reader.path)
                }
                stats = s
            }
            return ZonalReport.Zone(key: zone.key, features: zone.features, total: unit.fromSquareMetres(t.total),
                                    nodata: unit.fromSquareMetres(t.nodata), outside: unit.fromSquareMetres(t.outside),
                                    classes: classes, stats: stats)
        }
        let info = reader.info
        return ZonalReport(unit: unit, rule: options.rule, raster: reader.path, band: reader.band, crs: info.crs?.description ?? "",
                           cellArea: cellAreaMethod(info), zonesSource: zones.source, zonesLayer: zones.layer, zonesCRS: zones.crs,
                           transformation: zones.transformation, groupedBy: zones.groupedBy, repairs: zones.repairs, zones: out)
    }

    static func cellAreaMethod(_ info: RasterIO.Info) -> String {
        if info.crs?.isGeographic == true {
            return "lon/lat cells bounded by parallels and meridians, exact on the CGCS2000 ellipsoid"
        }
        return "projected cells, Δx·Δy divided by the CRS's areal scale factor (PROJ proj_factors) on its ellipsoid"
    }
}

extension ZonalReport {
    /// The same report with every area in `target` (statistics unchanged).
    public func converted(to target: AreaUnit) -> ZonalReport {
        guard target != unit else { return self }
        func c(_ x: Double) -> Double { target.fromSquareMetres(unit.squareMetres * x) }
        var out = self
        out.unit = target
        out.zones = zones.map { z in
            var z = z
            z.total = c(z.total); z.nodata = c(z.nodata); z.outside = c(z.outside)
            z.classes = z.classes?.map { var k = $0; k.area = c(k.area); return k }
            return z
        }
        return out
    }
}

extension LayerStore {
    /// The class areas (m²) of a categorical raster layer within the polygons of `zones` (one zone,
    /// "all"; nil: the raster's whole extent), computed once per store: a run's land-use table and
    /// the claims measuring the same classes within the same layer share one pass over the raster.
    public func rasterClasses(_ raster: Project.RasterLayer, within zones: LayerRequest?) throws -> ZonalReport {
        let key = RasterResultKey(path: raster.path, band: raster.band, zones: zones)
        if let r = rasterClassCache[key] { return r }
        let reader = try RasterReader(raster.path, band: raster.band)
        guard let crs = reader.info.crs else {
            throw GeoKitError(.input, "the raster declares no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:…)", file: raster.path)
        }
        let z = try zones.map { try RasterZones.make(try layer($0).valid, by: nil, into: crs) } ?? RasterZones.wholeRaster(reader.info, path: raster.path)
        var options = ZonalOptions(band: raster.band, classes: true, unit: .squareMetres)
        options.classNames = raster.classes.isEmpty ? nil : raster.classes
        let report = try ZonalAnalysis.run(reader: reader, zones: z, options: options)
        rasterClassCache[key] = report
        return report
    }
}

/// A raster pass's identity in a ``LayerStore``: the raster, its band, the zones' layer.
struct RasterResultKey: Hashable {
    var path: String
    var band: Int
    var zones: LayerRequest?
}
