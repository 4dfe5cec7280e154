import Foundation
import GeoKit

/// A claim measured on a raster layer: which raster, which of its cells (``CellSelection``), and
/// within which polygons (`inside:`; nil: the whole raster).
struct RasterClaim {
    var raster: Project.RasterLayer
    var cells: CellSelection?
    var inside: (name: String, request: LayerRequest)?

    /// What one pass over the raster is keyed by: the raster, the zone, and the analysis (classes,
    /// value breaks, slope breaks), so that claims sharing them share the pass.
    struct Key: Hashable {
        var raster: String
        var inside: LayerRequest?
        var analysis: String
    }

    /// Areas (m²) of the zone's data cells, and per class value or band index.
    struct Tally {
        var data: Double
        var byKey: [Double: Double]
        /// Band edges (−∞, breaks…, +∞) or slope edges (0, breaks…, 90) for ranged analyses.
        var edges: [Double]
    }

    /// "classes 1, 2 inside boundary": what the report shows as the claim's selection.
    var description: String {
        (cells?.description ?? "all data cells") + (inside.map { " inside \($0.name)" } ?? "")
    }
}

extension ClaimValidator {
    /// Checks a claim on raster `raster` and records it: cells selected by a key the raster's kind
    /// takes, an area (or a share with `percent-of`), no vector filter.
    func prepareRaster(_ c: Claim, _ raster: Project.RasterLayer, inside: (name: String, request: LayerRequest)?) throws {
        guard c.whereClause == nil, c.version == nil else {
            throw bad(c, "'where' and 'version' filter vector features; raster '\(raster.name)' selects cells with \(Self.cellKeys(raster.kind))")
        }
        switch (raster.kind, c.cells) {
        case (_, nil), (.categorical, .classes?), (.elevation, .slope?), (.elevation, .elevation?), (.continuous, .values?): break
        case (_, let s?):
            throw bad(c, "'\(s.key)' does not apply to raster '\(raster.name)', which is \(raster.kind.rawValue): use \(Self.cellKeys(raster.kind))")
        }
        if let f = c.figure, f.kind != .area, f.kind != .percent {
            throw bad(c, "a raster layer is measured as an area (or a share of one with percent-of), not a \(f.kind.rawValue)")
        }
        rasterClaims[c.id] = RasterClaim(raster: raster, cells: c.cells, inside: inside)
    }

    static func cellKeys(_ kind: Project.RasterLayer.Kind) -> String {
        switch kind {
        case .categorical: return "'classes: [1, 2]'"
        case .continuous: return "'values: [FROM, TO]'"
        case .elevation: return "'slope: [25, 90]' or 'elevation: [1000, ~]'"
        }
    }

    /// The ellipsoidal area of the claim's cells: each cell's true area on CGCS2000 times its exact
    /// coverage by the `inside` polygons (``ZonalAnalysis``, ``TerrainAnalysis``; the whole raster
    /// without `inside`). A range takes the cells from its lower bound (inclusive) to its upper one.
    func rasterArea(_ rc: RasterClaim) -> Result<Area, MeasureError> {
        let analysis: String
        switch rc.cells {
        case nil, .classes?: analysis = "classes"
        case .slope(let a, let b)?: analysis = "slope:" + [a, b].compactMap { $0 }.filter { $0 > 0 && $0 < 90 }.map { "\($0)" }.joined(separator: ",")
        case .elevation(let a, let b)?, .values(let a, let b)?: analysis = "bands:" + [a, b].compactMap { $0 }.map { "\($0)" }.joined(separator: ",")
        }
        let key = RasterClaim.Key(raster: rc.raster.name, inside: rc.inside?.request, analysis: analysis)
        let tally: Result<RasterClaim.Tally, MeasureError>
        if let t = rasterTallies[key] { tally = t } else {
            do { tally = .success(try rasterTally(rc)) } catch { tally = .failure(MeasureError(error)) }
            rasterTallies[key] = tally
        }
        return tally.map { t in
            switch rc.cells {
            case nil: return Area(squareMetres: t.data)
            case .classes(let values)?: return Area(squareMetres: values.reduce(0) { $0 + (t.byKey[Double($1)] ?? 0) })
            case let s?:
                let (a, b) = s.range!
                let lower = a ?? -Double.infinity, upper = b ?? Double.infinity
                var sum = 0.0
                for i in 0..<(t.edges.count - 1) where t.edges[i] >= lower && t.edges[i + 1] <= upper { sum += t.byKey[Double(i)] ?? 0 }
                return Area(squareMetres: sum)
            }
        }
    }

    private func rasterTally(_ rc: RasterClaim) throws -> RasterClaim.Tally {
        let raster = rc.raster
        if rc.cells == nil || rc.raster.kind == .categorical {
            // Class areas within the zone: shared with the run's land-use table and every claim on the same zone.
            let z = try store.rasterClasses(raster, within: rc.inside?.request).zones[0]
            var byKey: [Double: Double] = [:]
            for c in z.classes ?? [] { byKey[c.value, default: 0] += c.area }
            return RasterClaim.Tally(data: z.total - z.nodata, byKey: byKey, edges: [])
        }
        let reader = try RasterReader(raster.path, band: raster.band)
        guard let crs = reader.info.crs else {
            throw GeoKitError(.input, "the raster declares no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:…)", file: raster.path)
        }
        let zones = try rc.inside.map { try RasterZones.make(try store.layer($0.request).valid, by: nil, into: crs) }
            ?? RasterZones.wholeRaster(reader.info, path: raster.path)
        if case .slope(let a, let b)? = rc.cells {
            let breaks = [a, b].compactMap { $0 }.filter { $0 > 0 && $0 < 90 }
            let report = try TerrainAnalysis.run(reader: reader, zones: zones, zonesGiven: rc.inside != nil,
                                                 options: TerrainOptions(band: raster.band, slopeBreaks: breaks, unit: .squareMetres))
            let z = report.zones[0]
            var byKey: [Double: Double] = [:]
            for (i, c) in z.slopeClasses.enumerated() { byKey[Double(i)] = c.area }
            return RasterClaim.Tally(data: z.total - z.nodata, byKey: byKey, edges: [0] + breaks + [90])
        }
        var options = ZonalOptions(band: raster.band, unit: .squareMetres)
        var edges: [Double] = []
        switch rc.cells {
        case .classes?: options.classes = true
        case let s? where s.range != nil:
            let breaks = [s.range!.from, s.range!.to].compactMap { $0 }
            options.breaks = breaks
            edges = [-Double.infinity] + breaks + [Double.infinity]
        default: break
        }
        let z = try ZonalAnalysis.run(reader: reader, zones: zones, options: options).zones[0]
        var byKey: [Double: Double] = [:]
        for c in z.classes ?? [] { byKey[c.value, default: 0] += c.area }
        return RasterClaim.Tally(data: z.total - z.nodata, byKey: byKey, edges: edges)
    }
}
