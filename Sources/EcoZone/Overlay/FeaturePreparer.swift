import GeoKit

/// Stage one of the overlay pipeline for one feature at a time, on one worker: the GEOS context, the
/// PROJ transformation to the analysis CRS and the area measurer a worker makes once, and the steps
/// ``OverlayLayer/prepare(_:name:analysisCRS:measuring:workers:)`` takes for each feature. The
/// one-pass stream (``CrossTabulation/stream(_:name:firstField:firstLabel:analysisCRS:groups:gridSize:batchSize:workers:shard:)``)
/// takes the same steps on the geometry it goes on to cut, so that it is parsed once and never
/// written back to WKB in between.
final class FeaturePreparer {
    let context: GeometryContext
    let sourceCRS: CRS
    let analysisCRS: CRS
    let toAnalysis: Transformer
    /// Ellipsoidal areas as overlay pieces are measured (``AreaMeasurer/init(layerCRS:zone:context:forOverlay:)``), in m².
    let measurer: AreaMeasurer

    init(sourceCRS: CRS, analysisCRS: CRS, context: GeometryContext = GeometryContext()) throws {
        self.context = context
        self.sourceCRS = sourceCRS
        self.analysisCRS = analysisCRS
        toAnalysis = try Transformer(from: sourceCRS, to: analysisCRS)
        measurer = try AreaMeasurer(layerCRS: analysisCRS, zone: nil, context: context, forOverlay: true)
    }

    /// A repair made to the feature in its source CRS (the store's, ``StoredLayer``): GEOS's reason and the parts.
    struct SourceRepair {
        var reason: String
        var partsBefore: Int
        var partsAfter: Int
    }

    /// A feature ready for overlay: its geometry in the analysis CRS, its envelope there, its area (m²;
    /// 0 when not measured) and what repairing it took.
    struct Prepared {
        var geometry: Geometry
        var envelope: Envelope
        var area: Double
        var repair: FeatureRepair?
        /// Repaired again after the transformation to the analysis CRS.
        var again: Bool

        func feature(fid: Int64, values: [FieldValue]) -> OverlayFeature {
            OverlayFeature(fid: fid, values: values, wkb: geometry.wkb, envelope: envelope, area: area)
        }
    }

    /// The feature as read, checked and repaired as a store repairs it (``StoredLayer/repairing(_:workers:)``:
    /// polygons and collections that GEOS finds invalid, structure method), then prepared: the one
    /// pass of a streamed layer. nil for a feature that takes no part (no geometry, no polygonal area).
    func prepare(fid: Int64, wkb: [UInt8]?, measuring: Bool) throws -> Prepared? {
        guard let wkb else { return nil }
        let read = try Geometry(wkb: wkb, context: context)
        var valid = read
        var repair: SourceRepair?
        if StoredLayer.needsValidity(read.kind), !read.isEmpty, !(try read.validity().isValid) {
            let (fixed, r) = try read.makeValid()
            if let r {
                valid = fixed
                repair = SourceRepair(reason: r.reason, partsBefore: r.partsBefore, partsAfter: r.partsAfter)
            }
        }
        return try prepare(fid: fid, valid: valid, repairedFrom: repair.map { ($0, { read }) }, measuring: measuring)
    }

    /// Prepares a feature repaired already (`valid`, in the source CRS): transformed to the analysis CRS,
    /// checked again there only when the transformation is not the identity (a reprojected polygon can
    /// turn invalid: repaired, `again`), reduced to its polygonal parts, densified
    /// (``OverlayLayer/densifiedForOverlay(_:crs:)``) and measured. A repair is reported with the
    /// areas the overlay measures: `repairedFrom` gives the repair made in the source CRS and the
    /// geometry as read (measured transformed).
    func prepare(fid: Int64, valid: Geometry, repairedFrom: (SourceRepair, () throws -> Geometry?)?, measuring: Bool) throws -> Prepared? {
        // The identity needs no copy: the geometry read is used as it is (never modified).
        let transformed = toAnalysis.isIdentity ? valid : try toAnalysis.transform(valid)
        var g = transformed
        var again: Repair?
        if !toAnalysis.isIdentity { (g, again) = try transformed.makeValid() }
        if !g.kind.isPolygonal { g = try g.polygonalParts() }
        g = try OverlayLayer.densifiedForOverlay(g, crs: analysisCRS)
        guard !g.isEmpty, let envelope = g.envelope else { return nil }
        let area = measuring || again != nil || repairedFrom != nil ? try measurer.ellipsoidalArea(g) : 0
        var report: FeatureRepair?
        if let (r, raw) = repairedFrom, let read = try raw() {
            let before = try measurer.ellipsoidalArea(try toAnalysis.transform(read))
            report = FeatureRepair(fid: fid, reason: r.reason, areaBefore: before, areaAfter: area,
                                   partsBefore: r.partsBefore, partsAfter: r.partsAfter)
        } else if let again {
            report = FeatureRepair(fid: fid, reason: "after transformation to \(analysisCRS): \(again.reason)",
                                   areaBefore: try measurer.ellipsoidalArea(transformed), areaAfter: area,
                                   partsBefore: again.partsBefore, partsAfter: again.partsAfter)
        }
        return Prepared(geometry: g, envelope: envelope, area: area, repair: report, again: again != nil)
    }
}
