import Foundation
import GeoKit

/// What ``TerrainAnalysis`` computes.
public struct TerrainOptions: Sendable {
    public var band = 1
    /// Slope class breaks in degrees, ascending (15, 25 → 0–15°, 15–25°, 25–90°).
    public var slopeBreaks: [Double] = [15, 25]
    /// Elevation band breaks in metres, ascending (175, 1000 → below 175 m, 175–1000 m, 1000 m and above).
    public var elevationBreaks: [Double] = []
    public var unit: AreaUnit = .squareKilometres
    public var rule: CoverageRule = .exact
    public var stripCells = 2_000_000

    public init(band: Int = 1, slopeBreaks: [Double] = [15, 25], elevationBreaks: [Double] = [], unit: AreaUnit = .squareKilometres,
                rule: CoverageRule = .exact) {
        self.band = band; self.slopeBreaks = slopeBreaks; self.elevationBreaks = elevationBreaks; self.unit = unit; self.rule = rule
    }

    /// Throws unless the breaks are finite and strictly ascending, and slope breaks lie in (0, 90).
    public func check() throws {
        func ascending(_ b: [Double]) -> Bool { zip(b, b.dropFirst()).allSatisfy { $0 < $1 } && b.allSatisfy(\.isFinite) }
        guard ascending(slopeBreaks), slopeBreaks.allSatisfy({ $0 > 0 && $0 < 90 }) else {
            throw GeoKitError(.input, "slope class breaks must be ascending degrees between 0 and 90, got \(slopeBreaks.map(NumberText.plain))")
        }
        guard ascending(elevationBreaks) else {
            throw GeoKitError(.input, "elevation band breaks must be ascending metres, got \(elevationBreaks.map(NumberText.plain))")
        }
    }

    /// The slope classes as (from, to) in degrees.
    public var slopeClasses: [(Double, Double)] {
        let edges = [0] + slopeBreaks + [90]
        return zip(edges, edges.dropFirst()).map { ($0, $1) }
    }

    /// The elevation bands as (from, to) in metres; nil = unbounded.
    public var elevationBands: [(Double?, Double?)] {
        let edges: [Double?] = [nil] + elevationBreaks.map { Optional($0) } + [nil]
        return zip(edges, edges.dropFirst()).map { ($0, $1) }
    }
}

/// The `terrain --json` document (a contract): per zone, elevation statistics and the ellipsoidal
/// area of each slope class, elevation band and aspect sector.
public struct TerrainReport: Sendable, Encodable {
    public struct Range_: Sendable, Encodable {
        public var from: Double?
        public var to: Double?
        public var area: Double
        enum CodingKeys: String, CodingKey { case from, to, area }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(area, forKey: .area)
        }
    }
    public struct Sector: Sendable, Encodable {
        public var direction: String
        public var area: Double
    }
    public struct Elevation: Sendable, Encodable {
        public var mean: Double
        public var min: Double
        public var max: Double
    }
    public struct SlopeSummary: Sendable, Encodable {
        public var mean: Double
        public var max: Double
    }
    public struct Zone: Sendable, Encodable {
        public var key: String
        /// Area of the zone on the DEM (data and NoData cells), beyond it, and on NoData.
        public var total: Double
        public var nodata: Double
        public var outside: Double
        /// nil when the zone covers no data cell.
        public var elevation: Elevation?
        public var slope: SlopeSummary?
        public var slopeClasses: [Range_]
        public var elevationBands: [Range_]
        /// Aspect sectors N, NE, … NW (each 45° centred on its direction) and flat cells.
        public var aspect: [Sector]
        enum CodingKeys: String, CodingKey {
            case key, total, nodata, outside, elevation, slope, aspect
            case slopeClasses = "slope_classes", elevationBands = "elevation_bands"
        }
    }

    public var unit: AreaUnit
    public var method = "ellipsoidal"
    public var rule: CoverageRule
    public var dem: String
    public var crs: String
    public var slopeMethod: String
    public var cellArea: String
    public var zonesSource: String?
    public var transformation: String?
    public var groupedBy: String?
    public var zones: [Zone]

    enum CodingKeys: String, CodingKey {
        case unit, method, rule, dem, crs, zones, transformation
        case slopeMethod = "slope_method", cellArea = "cell_area", zonesSource = "zones_source", groupedBy = "by"
    }
}

/// Terrain of a DEM per zone: Horn slope (degrees, true metric cell sizes, ``HornSlope``) and
/// aspect, elevation mean (area-weighted), minimum and maximum, and the ellipsoidal area of each
/// slope class, elevation band and aspect sector, each cell counted with its coverage fraction and
/// true ellipsoidal area as in ``ZonalAnalysis``. Elevations are the DEM's values (metres
/// assumed). Streamed a strip at a time, with one row of halo for the slope window.
public enum TerrainAnalysis {
    static let sectors = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]

    private struct Tally {
        var total = 0.0, nodata = 0.0, outside = 0.0, data = 0.0
        var elevation = 0.0, minimum = Double.infinity, maximum = -Double.infinity
        var sloped = 0.0, slope = 0.0, steepest = 0.0
        var classes: [Double], bands: [Double], aspect = [Double](repeating: 0, count: 9)
        init(classes: Int, bands: Int) {
            self.classes = [Double](repeating: 0, count: classes)
            self.bands = [Double](repeating: 0, count: bands)
        }
    }

    public static func run(dem path: String, zones request: LayerRequest?, by field: String?, options: TerrainOptions) throws -> TerrainReport {
        try options.check()
        let reader = try RasterReader(path, band: options.band)
        guard let crs = reader.info.crs else {
            throw GeoKitError(.input, "the DEM declares no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:…)", file: path)
        }
        let zones = try request.map { try RasterZones.load($0, by: field, into: crs) } ?? RasterZones.wholeRaster(reader.info, path: path)
        return try run(reader: reader, zones: zones, zonesGiven: request != nil, options: options)
    }

    public static func run(reader: RasterReader, zones: RasterZones, zonesGiven: Bool, options: TerrainOptions) throws -> TerrainReport {
        let info = reader.info
        let walk = try ZoneStripWalk(reader: reader, zones: zones, rule: options.rule, halo: 1)
        let spacing = GridMetricSpacing(geoTransform: info.geoTransform, crs: info.crs!)
        let slopeClasses = options.slopeClasses, bands = options.elevationBands
        var tallies = [Tally](repeating: Tally(classes: slopeClasses.count, bands: bands.count), count: zones.zones.count)
        var slope: [Float] = [], aspect: [Float] = []
        var slopeRows = 0..<0, slopeColumns = 0..<0
        let northUp = info.geoTransform.pixelHeight < 0, eastward = info.geoTransform.pixelWidth > 0
        let slopeBreaks = options.slopeBreaks, elevationBreaks = options.elevationBreaks
        try walk.run(maxCells: options.stripCells, strip: { strip in
            slopeRows = span(max(strip.rows.lowerBound, 0), min(strip.rows.upperBound, info.height))
            slopeColumns = span(max(walk.columns.lowerBound, 0), min(walk.columns.upperBound, info.width))
            guard !slopeRows.isEmpty, !slopeColumns.isEmpty else { return }
            HornSlope.compute(values: strip.values, readRows: strip.readRows, readColumns: strip.readColumns, rows: slopeRows,
                              columns: slopeColumns, spacing: spacing.spacing(row:), northUp: northUp, eastward: eastward,
                              isNoData: reader.isNoData, slope: &slope, aspect: &aspect)
        }) { z, strip, zoneRows, fractions in
            let zc = walk.polygons[z].columns
            var t = tallies[z]
            let areaWidth = walk.columns.count, areaOffset = zc.lowerBound - walk.columns.lowerBound
            for (k, row) in zoneRows.enumerated() {
                let inRows = row >= 0 && row < info.height
                let areaBase = (row - strip.rows.lowerBound) * areaWidth + areaOffset
                for i in 0..<zc.count {
                    let c = fractions[k * zc.count + i]
                    if c == 0 { continue }
                    let a = c * strip.areas[areaBase + i]
                    let col = zc.lowerBound + i
                    guard inRows, col >= 0, col < info.width else { t.outside += a; continue }
                    t.total += a
                    let x = strip.value(col: col, row: row)
                    if reader.isNoData(x) { t.nodata += a; continue }
                    t.data += a
                    t.elevation += a * x
                    if x < t.minimum { t.minimum = x }
                    if x > t.maximum { t.maximum = x }
                    t.bands[elevationBreaks.firstIndex { x < $0 } ?? elevationBreaks.count] += a
                    let s = slope[(row - slopeRows.lowerBound) * slopeColumns.count + col - slopeColumns.lowerBound]
                    if s != HornSlope.noData {
                        let sd = Double(s)
                        t.sloped += a
                        t.slope += a * sd
                        if sd > t.steepest { t.steepest = sd }
                        t.classes[slopeBreaks.firstIndex { sd < $0 } ?? slopeBreaks.count] += a
                        let asp = aspect[(row - slopeRows.lowerBound) * slopeColumns.count + col - slopeColumns.lowerBound]
                        if asp == HornSlope.noData { t.aspect[8] += a } else {
                            t.aspect[Int(((Double(asp) + 22.5) / 45).rounded(.down)) % 8] += a
                        }
                    }
                }
            }
            tallies[z] = t
        }
        let u = options.unit
        let out = zip(zones.zones, tallies).map { zone, t in
            TerrainReport.Zone(
                key: zone.key, total: u.fromSquareMetres(t.total), nodata: u.fromSquareMetres(t.nodata), outside: u.fromSquareMetres(t.outside),
                elevation: t.data > 0 ? .init(mean: t.elevation / t.data, min: t.minimum, max: t.maximum) : nil,
                slope: t.sloped > 0 ? .init(mean: t.slope / t.sloped, max: t.steepest) : nil,
                slopeClasses: zip(slopeClasses, t.classes).map { .init(from: $0.0.0, to: $0.0.1, area: u.fromSquareMetres($0.1)) },
                elevationBands: zip(bands, t.bands).map { .init(from: $0.0.0, to: $0.0.1, area: u.fromSquareMetres($0.1)) },
                aspect: (sectors + ["flat"]).enumerated().map { .init(direction: $0.element, area: u.fromSquareMetres(t.aspect[$0.offset])) })
        }
        return TerrainReport(unit: u, rule: options.rule, dem: reader.path, crs: info.crs?.description ?? "",
                             slopeMethod: slopeMethod(info), cellArea: ZonalAnalysis.cellAreaMethod(info),
                             zonesSource: zonesGiven ? zones.source : nil, transformation: zonesGiven ? zones.transformation : nil,
                             groupedBy: zones.groupedBy, zones: out)
    }

    static func slopeMethod(_ info: RasterIO.Info) -> String {
        if info.crs?.isGeographic == true {
            return "Horn (3×3), degrees; cell sizes in metres per row on the CGCS2000 ellipsoid (N·cosφ·Δλ, M·Δφ)"
        }
        return "Horn (3×3), degrees; cell sizes in the projection's metres"
    }
}
