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
        /// In km².
        public var area: Area
        /// Overlap as a share of the feature's area (0…1).
        public var shareOfFeature: Double

        enum CodingKeys: String, CodingKey {
            case feature, fid, against, name, `class`, area
            case againstFid = "against_fid"
            case shareOfFeature = "share_of_feature"
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
        case of, checked, conflicts, method, unit, inputs
        case inConflict = "in_conflict"
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
