import GeoKit

/// Projects (or any layer) that overlap protected land: the red line, protected areas. Each
/// overlapping pair is a row, with the overlap's ellipsoidal area and the protected feature's name
/// and class, so a reviewer can see which 自然公园 a project encroaches on and by how much.
public struct ConflictList: Sendable, Codable {
    public struct Conflict: Sendable, Codable {
        public var feature: String
        public var fid: Int64
        /// The role of the protected layer ("red-line", "protected-areas").
        public var against: String
        public var againstFid: Int64
        public var name: String?
        public var `class`: String?
        /// In km² (zero for a line or point feature).
        public var area: Area
        /// Overlap as a share of the feature's area (0…1); of its length for a line; 1 for a point.
        public var shareOfFeature: Double
        /// A line's length inside the protected feature, km (geodesic on CGCS2000); nil for polygons and points.
        public var length: Double? = nil
        public var shape: FeatureShape = .polygon

        enum CodingKeys: String, CodingKey {
            case feature, fid, against, name, `class`, area, length = "length_km", shape
            case againstFid = "against_fid"
            case shareOfFeature = "share_of_feature"
        }

        public init(feature: String, fid: Int64, against: String, againstFid: Int64, name: String?, class: String?, area: Area,
                    shareOfFeature: Double, length: Double? = nil, shape: FeatureShape = .polygon) {
            self.feature = feature; self.fid = fid; self.against = against; self.againstFid = againstFid; self.name = name
            self.class = `class`; self.area = area; self.shareOfFeature = shareOfFeature; self.length = length; self.shape = shape
        }

        /// A polygon's conflict has its area; a line's its length (km); a point's neither.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(feature, forKey: .feature); try c.encode(fid, forKey: .fid); try c.encode(against, forKey: .against)
            try c.encode(againstFid, forKey: .againstFid); try c.encode(name, forKey: .name); try c.encode(`class`, forKey: .class)
            if shape == .polygon { try c.encode(area, forKey: .area) }
            try c.encodeIfPresent(length, forKey: .length)
            try c.encode(shareOfFeature, forKey: .shareOfFeature)
            try c.encode(shape, forKey: .shape)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(feature: try c.decode(String.self, forKey: .feature), fid: try c.decode(Int64.self, forKey: .fid),
                      against: try c.decode(String.self, forKey: .against), againstFid: try c.decode(Int64.self, forKey: .againstFid),
                      name: try c.decodeIfPresent(String.self, forKey: .name), class: try c.decodeIfPresent(String.self, forKey: .class),
                      area: try c.decodeIfPresent(Area.self, forKey: .area) ?? .zero, shareOfFeature: try c.decode(Double.self, forKey: .shareOfFeature),
                      length: try c.decodeIfPresent(Double.self, forKey: .length),
                      shape: try c.decodeIfPresent(FeatureShape.self, forKey: .shape) ?? .polygon)
        }
    }

    /// A layer to check against, with the fields that name and classify its features.
    public struct Protected: Sendable {
        public var role: String
        public var layer: OverlayLayer
        public var nameField: String?
        public var classField: String?
        public init(role: String, layer: OverlayLayer, nameField: String?, classField: String?) {
            self.role = role; self.layer = layer; self.nameField = nameField; self.classField = classField
        }
    }

    public var of: String
    /// The shape of the checked layer's features: polygons overlap by area, lines by length, points lie inside.
    public var shape: FeatureShape = .polygon
    public var checked: Int
    /// Features with at least one conflict.
    public var inConflict: Int
    public var conflicts: [Conflict]
    public var method = "ellipsoidal"
    public var unit = "km2"
    /// The layers read, their CRS transformations and repairs.
    public var inputs: [LayerProvenance] = []
    /// Per protected role, the overlay the conflicts were read from (`PairwiseOverlay`, intersection):
    /// its pieces are the conflicts' geometry, for maps and GeoJSON (not in the JSON).
    public var overlays: [String: PairwiseOverlayResult] = [:]

    enum CodingKeys: String, CodingKey {
        case of, shape, checked, conflicts, method, unit, inputs
        case inConflict = "in_conflict"
    }

    /// Lines or points (a project's pipelines, water plants, monitoring sites) inside protected land:
    /// each feature cut by each protected layer (``FeatureOverlay``, intersection), every piece a
    /// row with the line's length inside (geodesic, km) and its share of the line, or the point
    /// with the protected feature it lies in.
    ///
    /// - Parameter features: the layer in the analysis CRS (``LayerStore/features(inAnalysisCRS:)``).
    public static func run(features: LoadedLayer, name: String, sourceCRS: CRS, shape: FeatureShape, nameField: String?, against: [Protected],
                           workers: Int = GeoKit.Parallel.workerCount) throws -> ConflictList {
        let nameIndex = try nameField.map { try features.fieldIndex($0) }
        let fieldIndices = try against.map { p in (try p.nameField.map { try p.layer.fieldIndex($0) }, try p.classField.map { try p.layer.fieldIndex($0) }) }
        let toLonLat = features.crs.isGeographicOnCGCS2000Ellipsoid ? nil : try Transformer(from: features.crs, to: try CRS.cgcs2000())
        let context = GeometryContext()
        let whole: [Double] = try features.features.map { f in
            try f.wkb.map { try LineCutter.measure(try Geometry(wkb: $0, context: context), shape: shape, toLonLat: toLonLat) } ?? 0
        }
        var perFeature = [[[Conflict]]](repeating: [[Conflict]](repeating: [], count: against.count), count: features.features.count)
        for (k, p) in against.enumerated() {
            let overlay = try FeatureOverlay.run(features, name: name, sourceCRS: sourceCRS, shape: shape, p.layer, how: .intersection, workers: workers)
            for piece in overlay.pieces where piece.amount > 0 {
                guard let j = piece.b else { continue }
                let f = features.features[piece.a], pf = p.layer.features[j]
                perFeature[piece.a][k].append(Conflict(
                    feature: nameIndex.map { GroupingLayer.key(f.values[$0]) } ?? "feature \(f.fid)", fid: f.fid, against: p.role,
                    againstFid: pf.fid, name: fieldIndices[k].0.map { GroupingLayer.key(pf.values[$0]) },
                    class: fieldIndices[k].1.map { GroupingLayer.key(pf.values[$0]) }, area: .zero,
                    shareOfFeature: whole[piece.a] > 0 ? piece.amount / whole[piece.a] : 0,
                    length: shape == .line ? piece.amount / 1000 : nil, shape: shape))
            }
        }
        let transformation = sourceCRS.definition == features.crs.definition ? "none (same CRS)" : try Transformer(from: sourceCRS, to: features.crs).operation
        let provenance = LayerProvenance(name: name, source: features.request.source, crs: sourceCRS.description, transformation: transformation,
                                         features: features.features.count, repairs: [], skipped: 0)
        var list = ConflictList(of: name, checked: features.features.count,
                                inConflict: perFeature.filter { $0.contains { !$0.isEmpty } }.count,
                                conflicts: perFeature.flatMap { $0.flatMap { $0 } }, inputs: [provenance] + against.map(\.layer.provenance))
        list.shape = shape
        list.method = shape == .line ? "geodesic lengths on CGCS2000" : "points counted (each in the first polygon covering it)"
        list.unit = shape == .line ? "km" : "count"
        return list
    }

    /// Intersects `features` with each protected layer once (`PairwiseOverlay`, `how: .intersection`)
    /// and lists every piece with area, feature by feature (in `features`' order, then the layers'
    /// order, then the pieces'); the overlays are kept in ``overlays`` so that their pieces are
    /// written and mapped without cutting again.
    public static func run(_ features: OverlayLayer, nameField: String?, against: [Protected], gridSize: Double? = nil,
                           workers: Int = GeoKit.Parallel.workerCount) throws -> ConflictList {
        let nameIndex = try nameField.map { try features.fieldIndex($0) }
        let fieldIndices = try against.map { p in (try p.nameField.map { try p.layer.fieldIndex($0) }, try p.classField.map { try p.layer.fieldIndex($0) }) }
        var overlays: [String: PairwiseOverlayResult] = [:]
        // Per feature of `features`, per protected layer: its conflicts.
        var perFeature = [[[Conflict]]](repeating: [[Conflict]](repeating: [], count: against.count), count: features.features.count)
        for (k, p) in against.enumerated() {
            let overlay = try PairwiseOverlay.run(features, p.layer, how: .intersection, gridSize: gridSize, workers: workers)
            overlays[p.role] = overlay
            for piece in overlay.pieces where piece.area > 0 {
                guard let i = piece.a, let j = piece.b else { continue }
                let f = features.features[i], pf = p.layer.features[j]
                perFeature[i][k].append(Conflict(
                    feature: nameIndex.map { GroupingLayer.key(f.values[$0]) } ?? "feature \(f.fid)", fid: f.fid, against: p.role,
                    againstFid: pf.fid, name: fieldIndices[k].0.map { GroupingLayer.key(pf.values[$0]) },
                    class: fieldIndices[k].1.map { GroupingLayer.key(pf.values[$0]) },
                    area: Area(squareMetres: piece.area).converted(to: .squareKilometres), shareOfFeature: f.area > 0 ? piece.area / f.area : 0))
            }
        }
        let conflicts = perFeature.flatMap { $0.flatMap { $0 } }
        return ConflictList(of: features.name, checked: features.features.count,
                            inConflict: perFeature.filter { $0.contains { !$0.isEmpty } }.count,
                            conflicts: conflicts, inputs: [features.provenance] + against.map(\.layer.provenance), overlays: overlays)
    }
}
