import Foundation
import GeoKit

/// What a raster dimension of a cross-tabulation (`landuse:class`, `dem:slope`) counts each cell as:
/// its class, its band of values, or its slope class.
struct RasterKeying {
    let raster: Project.RasterLayer
    /// "class", "value", "elevation", "slope", or nil (the raster's data as one key, its name).
    let field: String?

    /// Band labels for breaks b₀ < … < bₙ: "<b₀", "b₀–b₁", …, "≥bₙ", with a unit where it has one.
    static func bandLabels(_ breaks: [Double], unit: String) -> [String] {
        let u = unit.isEmpty ? "" : " " + unit
        let b = breaks.map(NumberText.plain)
        guard !b.isEmpty else { return [] }
        return ["<\(b[0])\(u)"] + zip(b, b.dropFirst()).map { "\($0)–\($1)\(u)" } + ["≥\(b[b.count - 1])\(u)"]
    }

    /// Slope class labels "0–15°", "15–25°", "25–90°".
    static func slopeLabels(_ breaks: [Double]) -> [String] {
        let e = ([0] + breaks + [90]).map(NumberText.plain)
        return zip(e, e.dropFirst()).map { "\($0)–\($1)°" }
    }

    /// Throws unless the raster can be keyed by `field`, naming what it can be keyed by.
    func check(file: String) throws {
        guard let field else { return }
        guard raster.fields.contains(field) else {
            throw GeoKitError(.input, "raster '\(raster.name)' is \(raster.kind.rawValue): it is keyed by \(raster.fields.map { "'\($0)'" }.joined(separator: " or ")), not '\(field)'", file: file)
        }
        if (field == "value" || field == "elevation") && raster.breaks.isEmpty {
            let key = raster.kind == .elevation ? "elevation-bands" : "breaks"
            throw GeoKitError(.input, "raster '\(raster.name)' has no '\(key)' to bin its values by (e.g. \(key): [175, 1000])", file: file)
        }
    }
}

extension LayerStore {
    /// A cross-tabulation with one raster dimension (``Project/RasterLayer``) among vector ones.
    ///
    /// The vector dimensions are cut into pieces as in any cross-tabulation (``CrossTabulation``:
    /// the first distributed over the others, "(outside)" where a piece lies outside a grouping
    /// layer); each combination of keys is then a zone of ``ZonalAnalysis`` (or, for `dem:slope`,
    /// of ``TerrainAnalysis``), brought into the raster's CRS, so every cell counts with its exact
    /// coverage fraction and its ellipsoidal area. The raster's key takes its place among the keys:
    /// a class name ("林地", or the value where the class has no name), a band ("175–1000 m"), a
    /// slope class ("15–25°").
    ///
    /// - Raster first (`--by landuse:class --by towns:name`): the raster's data cells are distributed
    ///   over the vector layers; its extent (a box in its CRS, densified, in the analysis CRS) is the
    ///   first layer. NoData and the zone parts beyond it are not part of it and are left out.
    /// - Raster after a vector layer (`--by towns:name --by landuse:class`): the vector layer's area
    ///   is split by class; its parts on NoData cells are keyed "(nodata)", beyond the raster
    ///   "(outside)", so the rows still add up to it.
    public func rasterCrossTabulation(_ tabulation: Project.Tabulation, gridSize: Double? = nil) throws -> CrossTabulation {
        let dims = tabulation.dimensions
        guard let r = dims.firstIndex(where: { project.raster(named: $0.layer) != nil }), let raster = project.raster(named: dims[r].layer) else {
            throw GeoKitError(.input, "the cross-tabulation has no raster dimension", file: project.path)
        }
        guard dims.filter({ project.raster(named: $0.layer) != nil }).count == 1 else {
            throw GeoKitError(.input, "a cross-tabulation takes at most one raster dimension (\(dims.map(\.text).joined(separator: " × ")))", file: project.path)
        }
        let keying = RasterKeying(raster: raster, field: dims[r].field)
        try keying.check(file: project.path)
        let reader = try RasterReader(raster.path, band: raster.band)
        guard let rasterCRS = reader.info.crs else {
            throw GeoKitError(.input, "the raster declares no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:…)", file: raster.path)
        }
        let vectors = dims.enumerated().filter { $0.offset != r }.map(\.element)
        let grouping = try (r == 0 ? vectors : Array(vectors.dropFirst())).map { d in
            try GroupingLayer.keyed(try overlay(d.layer), field: try d.field.map { try self.field(d.layer, $0) }, label: d.text)
        }
        let first: OverlayLayer, firstField: String?, firstLabel: String
        if r == 0 {
            first = try rasterExtent(reader, crs: rasterCRS, name: dims[0].text)
            firstField = nil
            firstLabel = dims[0].text
        } else {
            first = try overlay(vectors[0].layer)
            firstField = try vectors[0].field.map { try field(vectors[0].layer, $0) }
            firstLabel = vectors[0].text
        }
        let cut = try CrossTabulation.pieces(first: first, firstField: firstField, firstLabel: firstLabel, groups: grouping,
                                             gridSize: gridSize, workers: workers)
        let separator = "\u{1F}"
        let zones = try RasterZones.make(pieces: cut.pieces.compactMap { p in p.wkb.map { (p.keys.joined(separator: separator), $0) } },
                                         crs: analysisCRS, into: rasterCRS, source: "\(project.path) (\(dims.map(\.text).joined(separator: " × ")))")
        let tallies = try rasterTallies(reader, zones: zones, keying: keying)
        // Keys in dimension order: the raster's key in its place.
        var rows: [CrossTabulation.Row] = []
        for (zone, tally) in zip(zones.zones, tallies.perZone) {
            let vectorKeys = zone.key.components(separatedBy: separator)
            for (label, squareMetres) in tally where squareMetres > 0 {
                if r == 0 && (label == RasterTally.nodataKey || label == CrossTabulation.outsideKey) { continue }
                var keys = vectorKeys
                if r == 0 { keys[0] = label } else { keys.insert(label, at: r) }
                rows.append(CrossTabulation.Row(keys: keys, area: Area(squareMetres: squareMetres).converted(to: .squareKilometres), pieces: 1))
            }
        }
        // Merge rows of one key (a zone's class may appear once per zone only, but keep it general), ordered by class.
        var merged: [[String]: CrossTabulation.Row] = [:]
        for row in rows {
            if var m = merged[row.keys] { m.area += row.area; m.pieces += 1; merged[row.keys] = m } else { merged[row.keys] = row }
        }
        let order = ClassOrder(classes: tallies.labels + [RasterTally.noSlopeKey, RasterTally.nodataKey, CrossTabulation.outsideKey])
        let sorted = merged.values.sorted { a, b in
            for i in a.keys.indices where a.keys[i] != b.keys[i] {
                return i == r ? order.precedes(a.keys[i], b.keys[i]) : ClassOrder(classes: []).precedes(a.keys[i], b.keys[i])
            }
            return false
        }
        let km2 = { (x: Double) in Area(squareMetres: x).converted(to: .squareKilometres) }
        var outside: [String: Area] = [:]
        let labels = dims.map(\.text)
        for (i, label) in labels.enumerated() where i > 0 {
            outside[label] = km2(sorted.filter { $0.keys[i] == CrossTabulation.outsideKey }.reduce(0) { $0 + $1.area.squareMetres })
        }
        var diagnostics = cut.diagnostics
        // The raster's box is no layer of the plan: its pieces' sum against its densified outline is not a finding.
        if r == 0 { diagnostics.conservationBreaches = [] }
        var result = CrossTabulation(dimensions: labels, rows: sorted, total: km2(sorted.reduce(0) { $0 + $1.area.squareMetres }),
                                     outside: outside, overlapBetweenKeys: [:], diagnostics: diagnostics)
        result.keyOrders[labels[r]] = tallies.labels
        let rasterProvenance = LayerProvenance(name: raster.name, source: raster.path, crs: rasterCRS.description,
                                               transformation: "zones into the raster's CRS: \(zones.transformation)",
                                               features: 0, repairs: [], skipped: 0)
        result.inputs = (r == 0 ? [] : [first.provenance]) + grouping.map(\.layer.provenance) + [rasterProvenance]
        result.raster = CrossTabulation.RasterNote(layer: raster.name, rule: CoverageRule.exact.rawValue,
                                                   cellArea: ZonalAnalysis.cellAreaMethod(reader.info))
        return result
    }

    /// The raster's extent as a one-feature polygon layer in the analysis CRS: its box in its own CRS,
    /// densified (≤ 1/16 of a side, ≤ 100 cells) so that it keeps its shape when transformed.
    func rasterExtent(_ reader: RasterReader, crs: CRS, name: String) throws -> OverlayLayer {
        let info = reader.info, t = info.geoTransform
        let x0 = t.originX, x1 = t.originX + Double(info.width) * t.pixelWidth
        let y0 = t.originY, y1 = t.originY + Double(info.height) * t.pixelHeight
        let box = Envelope(minX: min(x0, x1), minY: min(y0, y1), maxX: max(x0, x1), maxY: max(y0, y1))
        let context = GeometryContext()
        let step = min(max(box.width, box.height) / 16, 100 * max(abs(t.pixelWidth), abs(t.pixelHeight)))
        let toAnalysis = try Transformer(from: crs, to: analysisCRS)
        var g = try toAnalysis.transform(try context.rectangle(box).densified(maxSegmentLength: step))
        g = try OverlayLayer.densifiedForOverlay(g, crs: analysisCRS)
        guard let env = g.envelope else { throw GeoKitError(.input, "the raster has an empty extent", file: reader.path) }
        let area = try AreaMeasurer(layerCRS: analysisCRS, zone: nil, context: context, forOverlay: true).ellipsoidalArea(g)
        let feature = OverlayFeature(fid: 0, values: [], wkb: g.wkb, envelope: env, area: area)
        return OverlayLayer(name: name, source: reader.path, fields: [], features: [feature], index: EnvelopeIndex([env]), analysisCRS: analysisCRS,
                            transformation: toAnalysis.operation, sourceCRS: crs.description, repairs: [], skipped: 0)
    }

    /// Per zone, area (m²) per key of `keying`, plus "(nodata)" and "(outside)"; and the keys in order.
    func rasterTallies(_ reader: RasterReader, zones: RasterZones, keying: RasterKeying) throws -> RasterTally {
        let raster = keying.raster
        switch keying.field {
        case "slope":
            let options = TerrainOptions(band: raster.band, slopeBreaks: raster.slopeBreaks, elevationBreaks: [], unit: .squareMetres)
            let report = try TerrainAnalysis.run(reader: reader, zones: zones, zonesGiven: true, options: options)
            let labels = RasterKeying.slopeLabels(raster.slopeBreaks)
            return RasterTally(labels: labels, perZone: report.zones.map { z in
                var out = Dictionary(uniqueKeysWithValues: zip(labels, z.slopeClasses.map(\.area)))
                let classed = z.slopeClasses.reduce(0) { $0 + $1.area }
                // Data cells without a slope (a single cell between voids): their own key, so rows add up.
                out[RasterTally.noSlopeKey] = max(0, z.total - z.nodata - classed)
                out[RasterTally.nodataKey] = z.nodata
                out[CrossTabulation.outsideKey] = z.outside
                return out
            })
        default:
            var options = ZonalOptions(band: raster.band, unit: .squareMetres)
            var labels: [String] = []
            var label: (ZonalReport.ClassArea) -> String = { _ in raster.name }
            switch keying.field {
            case "class":
                options.classes = true
                options.classNames = raster.classes.isEmpty ? nil : raster.classes
                let names = raster.classes.isEmpty ? RasterClassNames.read(from: reader) : raster.classes
                labels = names.keys.sorted().map { names[$0]! }
                label = { c in c.name ?? (c.value == c.value.rounded() ? String(Int64(c.value)) : NumberText.significant(c.value)) }
            case "value", "elevation":
                options.breaks = raster.breaks
                labels = RasterKeying.bandLabels(raster.breaks, unit: raster.kind == .elevation ? "m" : "")
                let l = labels
                label = { c in l[Int(c.value)] }
            default:
                labels = [raster.name]
            }
            let report = try ZonalAnalysis.run(reader: reader, zones: zones, options: options)
            var seen = Set(labels)
            var perZone: [[String: Double]] = []
            for z in report.zones {
                var out: [String: Double] = [:]
                if let classes = z.classes {
                    for c in classes {
                        let l = label(c)
                        out[l, default: 0] += c.area
                        if seen.insert(l).inserted { labels.append(l) }
                    }
                } else {
                    out[raster.name] = z.total - z.nodata
                }
                out[RasterTally.nodataKey] = z.nodata
                out[CrossTabulation.outsideKey] = z.outside
                perZone.append(out)
            }
            return RasterTally(labels: labels, perZone: perZone)
        }
    }
}

/// Areas (m²) per key and zone from one pass over a raster, and its keys in their order.
struct RasterTally {
    static let nodataKey = "(nodata)"
    static let noSlopeKey = "(no slope)"
    var labels: [String]
    var perZone: [[String: Double]]
}
