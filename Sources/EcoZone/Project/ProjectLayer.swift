import GeoKit

extension Project {
    /// What a field of a layer means to the analyses: `name: NAME` maps the field role `name` to the
    /// field `NAME`. Cross-tabulations (`towns:name`), conflicts (name, class), claims (`version`),
    /// corridors (`id`) and the pattern (name) ask for fields by role.
    public enum FieldRole: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
        /// 名称: the feature's name (a town, a zone, a mountain).
        case name
        /// 等级 / 强度: an intensity grade (soil erosion 轻度…剧烈, rocky desertification 潜在…极重度).
        case grade
        /// 类型: a class (protected-area type 自然保护区 / 森林公园 …).
        case `class`
        /// 代码: an administrative or feature code.
        case code
        case type
        /// 级别: a level (国家级 / 省级 / 市级 / 县级).
        case level
        /// 版本: the field telling versions apart inside one layer (a claim's `version: 2020`).
        case version
        /// A stable identifier (corridor cores).
        case id
        case zone
        case town

        public static func < (a: FieldRole, b: FieldRole) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// One source of a layer: a file (or GDAL connection string) and how to read it.
    public struct Source: Sendable, Hashable {
        /// The path resolved against the project file's folder (``Project/resolve(_:relativeTo:)``);
        /// absolute paths and connection strings as written.
        public var path: String
        /// The layer inside a multi-layer source (GeoPackage); nil for a single-layer source.
        public var layer: String?
        /// OGR SQL filter on this source's features (`where:`).
        public var whereClause: String?
        /// Text encoding overriding every declaration (`encoding: CP936`).
        public var encoding: String?
        /// CRS used where the source declares none, or declares a geographic CRS for metres (`assume-crs:`, or `crs:`).
        public var assumedCRS: String?
        /// The order of the source's axes, when stated (`axis-order: lat-lon`).
        public var axisOrder: AxisOrder?
        /// The source's lon/lat are GCJ-02 (`datum: gcj02`): shifted back to WGS 84 / CGCS2000 on reading.
        public var gcj02: Bool
        /// Field roles → this source's field names.
        public var fields: [FieldRole: String]
        /// The line of the source in the project file.
        public var line: Int

        public init(path: String, layer: String? = nil, whereClause: String? = nil, encoding: String? = nil, assumedCRS: String? = nil,
                    axisOrder: AxisOrder? = nil, gcj02: Bool = false, fields: [FieldRole: String] = [:], line: Int = 0) {
            self.path = path
            self.layer = layer
            self.whereClause = whereClause
            self.encoding = encoding
            self.assumedCRS = assumedCRS
            self.axisOrder = axisOrder
            self.gcj02 = gcj02
            self.fields = fields
            self.line = line
        }

        /// What GDAL is asked to read.
        public var request: LayerRequest {
            LayerRequest(source: path, layer: layer, whereClause: whereClause, assumedCRS: assumedCRS, encoding: encoding,
                         gcj02: gcj02, axisOrder: axisOrder)
        }

        /// The field of this source that plays `role`, if mapped.
        public func field(_ role: FieldRole) -> String? { fields[role] }
    }

    /// One layer of the plan: a role at one date, read from one or several sources as one layer.
    ///
    /// Several sources (`sources: [a.shp, b.gpkg]`) are read one after another into one layer: the
    /// features are concatenated, each keeping its source (``LoadedLayer/parts``); where the sources'
    /// CRSs differ, each is transformed to the project's analysis CRS; a field role mapped to
    /// different field names in different sources comes out under the first source's name.
    public struct Layer: Sendable, Hashable {
        public var role: Role
        /// The date of this version (`year: 2020`, or the old key `red-line-2020`); nil when undated.
        public var year: Int?
        /// How outputs and messages name the layer: the role for its latest (or only) version,
        /// "ROLE-YEAR" for an earlier one ("red-line-2020").
        public var name: String
        /// True for the version analyses use by default: the undated one, else the latest year.
        public var isLatest: Bool
        public var sources: [Source]
        /// The line of the role (or of this version) in the project file.
        public var line: Int
        /// The project's analysis CRS: where sources in different CRSs are brought together.
        public var analysisCRS: String

        public init(role: Role, year: Int? = nil, name: String? = nil, isLatest: Bool = true, sources: [Source], line: Int = 0,
                    analysisCRS: String = "EPSG:4490") {
            self.role = role
            self.year = year
            self.name = name ?? role.rawValue
            self.isLatest = isLatest
            self.sources = sources
            self.line = line
            self.analysisCRS = analysisCRS
        }

        /// The field of the layer (as read, ``request``) that plays `role`: the first source's name for it.
        public func field(_ role: FieldRole) -> String? {
            sources.lazy.compactMap { $0.fields[role] }.first
        }

        /// The field playing the field role written `name` ("name", "version"); nil for a name that is no field role.
        public func field(_ name: String) -> String? { FieldRole(rawValue: name).flatMap(field) }

        /// Field roles → field names of the layer as read.
        public var fields: [FieldRole: String] {
            var out: [FieldRole: String] = [:]
            for role in FieldRole.allCases { if let f = field(role) { out[role] = f } }
            return out
        }

        /// The filter of a one-source layer; nil for several sources (each filters itself).
        public var whereClause: String? { sources.count == 1 ? sources[0].whereClause : nil }

        /// What to read: the one source's request, or a request of several parts (``LayerRequest/parts``)
        /// with each source's field names mapped to the layer's.
        public var request: LayerRequest {
            guard sources.count > 1 else { return sources.first?.request ?? LayerRequest(source: "") }
            let parts = sources.map { s -> LayerRequest in
                var r = s.request
                for (role, name) in fields { if let own = s.fields[role], own != name { r.fieldNames[name] = own } }
                return r
            }
            var r = LayerRequest(source: sources.map(\.path).joined(separator: " + "))
            r.parts = parts
            r.commonCRS = analysisCRS
            return r
        }
    }
}
