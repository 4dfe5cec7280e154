import GeoKit

/// A layer as a ``LayerStore`` keeps it: read once, its polygons repaired once.
///
/// `read` and `valid` hold the same features in the same order and CRS (the source's, or for several
/// sources in different CRSs the analysis CRS); in `valid` every polygonal or mixed feature that GEOS
/// finds invalid (`GEOSisValid_r`) is made valid (`GEOSMakeValidWithParams_r`, structure method,
/// collapsed parts dropped; polygonal parts kept for a polygonal input), and each such repair is in
/// `repairs`. Lines and points are taken as read. Everything downstream — areas, the overlay's
/// analysis-CRS form, the lon/lat form for maps and the pattern, exports, corridor cores — starts
/// from `valid`, so no analysis repairs a feature again.
public struct StoredLayer: Sendable {
    /// As read: coordinates checked (`CoordinateSanity`), GCJ-02 shifted back where declared.
    public var read: LoadedLayer
    /// As read, with invalid polygons made valid.
    public var valid: LoadedLayer
    /// One per repaired feature, in feature order: GEOS's reason, and the ellipsoidal area (m², CGCS2000,
    /// geodesic edges) before and after.
    public var repairs: [FeatureRepair]

    public var request: LayerRequest { read.request }
}

extension StoredLayer {
    /// Repairs `layer` (see ``StoredLayer``) on `workers` threads; features travel as WKB, each
    /// worker with its own GEOS context and PROJ transformer (for the areas of repaired features).
    public static func repairing(_ layer: LoadedLayer, workers: Int = GeoKit.Parallel.workerCount) throws -> StoredLayer {
        struct Fixed: Sendable { var wkb: [UInt8]; var repair: FeatureRepair }
        let crs = layer.crs
        let fixed: [Fixed?] = try GeoKit.Parallel.mapChunks(layer.features, workers: workers, setUp: {
            try AreaMeasurer(layerCRS: crs, zone: nil)
        }) { measurer, chunk in
            try chunk.map { f in
                guard let wkb = f.wkb else { return nil }
                do {
                    let g = try Geometry(wkb: wkb, context: measurer.context)
                    guard needsValidity(g.kind), !g.isEmpty else { return nil }
                    let (valid, repair) = try g.makeValid()
                    guard let repair else { return nil }
                    return Fixed(wkb: valid.wkb, repair: FeatureRepair(
                        fid: f.fid, reason: repair.reason, areaBefore: try measurer.ellipsoidalArea(g),
                        areaAfter: try measurer.ellipsoidalArea(valid), partsBefore: repair.partsBefore, partsAfter: repair.partsAfter))
                } catch {
                    throw layer.locate(error, feature: f.fid)
                }
            }
        }
        var valid = layer
        var repairs: [FeatureRepair] = []
        for (i, x) in fixed.enumerated() {
            guard let x else { continue }
            valid.features[i].wkb = x.wkb
            repairs.append(x.repair)
        }
        return StoredLayer(read: layer, valid: valid, repairs: repairs)
    }

    /// The kinds a store checks and repairs: polygons, and collections that may hold them.
    static func needsValidity(_ kind: GeometryKind) -> Bool { kind.isPolygonal || kind == .collection }

    /// The features whose ids are in `fids`, in layer order, as the layer `request` (a filtered read).
    func subset(_ fids: Set<Int64>, as request: LayerRequest) -> StoredLayer {
        var out = self
        let keep = read.features.indices.filter { fids.contains(read.features[$0].fid) }
        out.read.features = keep.map { read.features[$0] }
        out.valid.features = keep.map { valid.features[$0] }
        out.read.request = request
        out.valid.request = request
        out.repairs = repairs.filter { fids.contains($0.fid) }
        return out
    }

    /// Several parts read as one layer (``LoadedLayer/concatenating(_:as:)``), their repairs with the
    /// layer's feature ids. Parts transformed to the layer's CRS are checked again there (a
    /// reprojected polygon can turn invalid), and any feature that did is repaired and reported.
    static func concatenating(_ parts: [StoredLayer], as request: LayerRequest, workers: Int) throws -> StoredLayer {
        let read = try LoadedLayer.concatenating(parts.map(\.read), as: request)
        var valid = try LoadedLayer.concatenating(parts.map(\.valid), as: request)
        var repairs: [FeatureRepair] = []
        for (part, info) in zip(parts, read.parts) {
            repairs += part.repairs.map { var r = $0; r.fid += info.fidOffset; return r }
        }
        if read.parts.contains(where: { $0.crs.definition != read.crs.definition }) {
            let again = try repairing(valid, workers: workers)
            valid = again.valid
            repairs += again.repairs.map { var r = $0; r.reason = "after transformation to \(read.crs): \(r.reason)"; return r }
            repairs.sort { $0.fid < $1.fid }
        }
        return StoredLayer(read: read, valid: valid, repairs: repairs)
    }
}
