import GeoKit

extension LayerStore {
    /// The shape of a layer's features (polygon, line or point), from the geometry type its source
    /// declares (read once by the store).
    public func shape(_ request: LayerRequest) throws -> FeatureShape {
        FeatureShape(geometryType: try layer(request).read.geometryType)
    }

    /// A line or point layer's features in the analysis CRS, each transformed once (PROJ, vertex by
    /// vertex; no densification: a line's segments stay straight there, as it is cut there), for
    /// cutting by polygon layers (``LineCutter``).
    public func features(inAnalysisCRS request: LayerRequest) throws -> LoadedLayer {
        if let l = analysisForms[request] { return l }
        let stored = try layer(request).valid
        var out = stored
        if stored.crs.definition != analysisCRS.definition {
            let crs = analysisCRS
            let transformed: [[UInt8]?] = try GeoKit.Parallel.mapChunks(stored.features, workers: workers, setUp: {
                (GeometryContext(), try Transformer(from: stored.crs, to: crs))
            }) { worker, chunk in
                try chunk.map { f in
                    guard let wkb = f.wkb else { return nil }
                    do { return try worker.1.transform(try Geometry(wkb: wkb, context: worker.0)).wkb } catch {
                        throw stored.locate(error, feature: f.fid)
                    }
                }
            }
            for i in out.features.indices { out.features[i].wkb = transformed[i] }
            out.crs = analysisCRS
            out.extent = nil
        }
        analysisForms[request] = out
        return out
    }
}
