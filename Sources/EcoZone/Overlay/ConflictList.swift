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
        /// km².
        public var area: Double
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

    enum CodingKeys: String, CodingKey {
        case of, checked, conflicts, method, unit, inputs
        case inConflict = "in_conflict"
    }

    public static func run(_ features: OverlayLayer, nameField: String?, against: [Protected], gridSize: Double? = nil,
                           workers: Int = GeoKit.Parallel.workerCount) throws -> ConflictList {
        let nameIndex = try nameField.map { try features.fieldIndex($0) }
        let fieldIndices = try against.map { p in (try p.nameField.map { try p.layer.fieldIndex($0) }, try p.classField.map { try p.layer.fieldIndex($0) }) }
        let robust = RobustOverlay(geographic: features.analysisCRS.isGeographic, forcedGridSize: gridSize)
        let perFeature: [[Conflict]] = try GeoKit.Parallel.mapChunks(Array(features.features.indices), workers: workers, setUp: {
            let context = GeometryContext()
            return (context, try AreaMeasurer(layerCRS: features.analysisCRS, zone: nil, context: context, forOverlay: true),
                    against.map { FeatureSplitter(other: LayerCursor($0.layer, context: context), robust: robust) })
        }) { worker, chunk in
            let (context, measurer, splitters) = worker
            return try chunk.map { i in
                let f = features.features[i]
                let label = nameIndex.map { GroupingLayer.key(f.values[$0]) } ?? "feature \(f.fid)"
                let g = try Geometry(wkb: f.wkb, context: context)
                var out: [Conflict] = []
                for (k, p) in against.enumerated() {
                    for (j, piece) in try splitters[k].split(g, envelope: f.envelope, fid: f.fid, wantOutside: false).inside {
                        let area = try measurer.ellipsoidalArea(piece)
                        guard area > 0 else { continue }
                        let pf = p.layer.features[j]
                        out.append(Conflict(feature: label, fid: f.fid, against: p.role, againstFid: pf.fid,
                                            name: fieldIndices[k].0.map { GroupingLayer.key(pf.values[$0]) },
                                            class: fieldIndices[k].1.map { GroupingLayer.key(pf.values[$0]) },
                                            area: area / 1e6, shareOfFeature: f.area > 0 ? area / f.area : 0))
                    }
                }
                return out
            }
        }
        let conflicts = perFeature.flatMap { $0 }
        return ConflictList(of: features.name, checked: features.features.count, inConflict: perFeature.filter { !$0.isEmpty }.count,
                            conflicts: conflicts, inputs: [features.provenance] + against.map(\.layer.provenance))
    }
}
