import GeoKit

/// The SQL of a cross-tabulation pushed down to PostGIS (`tabulate --engine postgis`): the same rows as
/// ``CrossTabulation`` computes locally — the first layer's features cut by every feature of each
/// grouping layer in turn, the part outside a grouping layer keyed ``CrossTabulation/outsideKey`` —
/// with areas measured in the database.
///
/// - Every geometry is brought to the analysis CRS (`ST_Transform`), repaired where invalid
///   (`ST_MakeValid`, polygons kept), and cut into parts of at most 256 vertices (`ST_Subdivide`) so
///   that each intersection is small: parts of one feature partition it, so areas add up exactly.
/// - In a geographic CRS every input is first densified along geodesics to 100 m (`ST_Segmentize` on
///   geography), as the local engine densifies its overlay inputs: without it, a vertex that
///   `ST_Intersection` inserts on a long edge (on the straight lon/lat line) bends that edge's geodesic,
///   and on Banan one erosion polygon's pieces added up to 174 m² (8.5e-5) less than the polygon.
/// - A piece is `ST_Intersection` of a part of the first layer with a part of a grouping feature; the
///   outside is `ST_Difference` with the union of the grouping parts it meets (a lateral subquery
///   correlated on the part, and on the tile key when there is one).
/// - Areas are `ST_Area(geography, true)`: geodesic on the ellipsoid of the geography's SRID. PostGIS
///   takes the ellipsoid from `spatial_ref_sys`, so in EPSG:4490 it is CGCS2000's (GRS 80), not WGS 84's.
///
/// **Distributed databases.** With `tileColumn`, every join and the lateral subquery also require equal
/// tile keys, and no CTE is materialised (`NOT MATERIALIZED`, so that Citus inlines them and plans each
/// join on co-located shards): with every table distributed by that column (features cut to their
/// tiles), each join runs on the shards and only the final `GROUP BY keys` gathers partial rows per key.
/// Without it (one PostgreSQL), the grouping layers' parts and the pieces are materialised CTEs,
/// computed once: inlined, the lateral subquery would re-read and re-cut its whole table for every
/// piece (Banan's three-way cross-tab: 89 s inlined, 3.5 s materialised). The two statements differ
/// only in those predicates and hints; only the one-node form is tested here.
public struct PostGISCrossTabSQL: Sendable {
    /// How a pushed-down table was computed, in one line for the reader of `tabulate --engine postgis`
    /// (the cross-tab, the overlap matrix and the conflicts all follow this recipe).
    public static let methodSummary = "computed in PostGIS: one SQL statement (ST_Subdivide, ST_Intersection, ST_Area on geography in the analysis CRS's SRID: the CGCS2000 ellipsoid for EPSG:4490)"

    /// One dimension: a table, its geometry column, a key expression, an optional filter.
    public struct Table: Sendable {
        /// `schema.table` as GDAL names it.
        public var layer: String
        public var geometryColumn: String
        /// Its primary key (or another unique column): pieces are counted per feature, as locally.
        public var idColumn: String
        /// The column that keys it (nil: every feature under `label`).
        public var keyColumn: String?
        public var label: String
        /// SQL `WHERE` condition (the layer's `where:`), written in the database's SQL.
        public var whereClause: String?

        public init(layer: String, geometryColumn: String, idColumn: String, keyColumn: String?, label: String, whereClause: String?) {
            self.layer = layer; self.geometryColumn = geometryColumn; self.idColumn = idColumn
            self.keyColumn = keyColumn; self.label = label; self.whereClause = whereClause
        }
    }

    public var tables: [Table]
    /// The analysis CRS's EPSG code (4490).
    public var srid: Int
    public var tileColumn: String?
    public var maxVertices: Int = 256
    /// In a geographic analysis CRS, every input is densified along geodesics to this spacing (m)
    /// before it is cut (`ST_Segmentize(geography, 100)`); nil in a projected one.
    public var densifyMetres: Double? = 100

    public init(tables: [Table], srid: Int, tileColumn: String? = nil) {
        self.tables = tables; self.srid = srid; self.tileColumn = tileColumn
    }

    /// The statement: one row per combination of keys — `keys` (a JSON array of text, in dimension order: GDAL would read a text[] as a string list), `pieces`
    /// (bigint) and `area_m2` (float8, m²).
    public var statement: String {
        typealias C = PostGISConnection
        var ctes: [String] = []
        for (i, t) in tables.enumerated() {
            ctes.append("d\(i) AS \(i == 0 || tileColumn != nil ? "NOT " : "")MATERIALIZED (\n\(partsQuery(t))\n)")
        }
        let tileSelect = tileColumn == nil ? "" : ", tile"
        ctes.append("p0 AS \(tileColumn != nil ? "NOT " : "")MATERIALIZED (SELECT ARRAY[fid] AS fids, ARRAY[k] AS keys\(tileSelect), geom FROM d0)")
        for i in 1..<max(tables.count, 1) where tables.count > 1 {
            let sameTile = tileColumn == nil ? "" : " AND d.tile = p.tile"
            let pTile = tileColumn == nil ? "" : ", p.tile AS tile"
            ctes.append("""
            p\(i) AS \(tileColumn != nil ? "NOT " : "")MATERIALIZED (
              SELECT p.fids || d.fid AS fids, p.keys || d.k AS keys\(pTile), ST_CollectionExtract(ST_Intersection(p.geom, d.geom), 3) AS geom
              FROM p\(i - 1) p JOIN d\(i) d ON ST_Intersects(p.geom, d.geom)\(sameTile)
              UNION ALL
              SELECT p.fids || NULL::text, p.keys || \(C.literal(CrossTabulation.outsideKey))::text\(pTile),
                     CASE WHEN o.geom IS NULL THEN p.geom ELSE ST_CollectionExtract(ST_Difference(p.geom, o.geom), 3) END
              FROM p\(i - 1) p LEFT JOIN LATERAL (
                SELECT ST_Union(d.geom) AS geom FROM d\(i) d WHERE ST_Intersects(p.geom, d.geom)\(sameTile)
              ) o ON true
            )
            """)
        }
        let last = "p\(max(tables.count - 1, 0))"
        return """
        WITH
        \(ctes.joined(separator: ",\n"))
        SELECT array_to_json(keys)::text AS keys, count(*) AS pieces, sum(area_m2) AS area_m2 FROM (
          SELECT keys, fids, sum(ST_Area(geography(geom), true)) AS area_m2
          FROM \(last) WHERE ST_Area(geom) > 0
          GROUP BY keys, fids
        ) piece
        GROUP BY keys ORDER BY keys
        """
    }

    /// The query of one table's parts, one row per part: `fid` (the id as text), `ord` (the id in its
    /// own type, for ordering), `k` (the key), `tile` (with a tile column), `geom` — every feature in
    /// the analysis CRS, repaired, densified and cut into parts of at most ``maxVertices`` vertices.
    /// Shared by the cross-tabulation, the overlap matrix and the conflict list (``PostGISOverlapSQL``).
    func partsQuery(_ t: Table, extraColumns: [String] = []) -> String {
        typealias C = PostGISConnection
        let g = C.quoted(t.geometryColumn)
        let key = t.keyColumn.map { "COALESCE(\(C.quoted($0))::text, '(null)')" } ?? C.literal(t.label)
        let tile = tileColumn.map { ", \(C.quoted($0)) AS tile" } ?? ""
        let extra = extraColumns.map { ", " + $0 }.joined()
        let moved = "ST_Transform(\(g), \(srid))"
        // Repaired as the layer store repairs (GEOS's structure method, collapsed parts dropped), then
        // densified along geodesics, as the local engine does (`OverlayLayer`): a vertex that an
        // intersection inserts on a long edge then moves the geodesic edges by micrometres, and the
        // geodesic areas of the pieces of a feature add up to the feature's. A polygon that densifying
        // made self-intersecting (a geodesic bowing past a vertex of its own polygon) is rebuilt as
        // the faces its rings wind around positively (`ST_Buffer` by 0), as locally.
        let structure = "ST_CollectionExtract(ST_MakeValid(%@, 'method=structure keepcollapsed=false'), 3)"
        let repaired = "(SELECT CASE WHEN ST_IsValid(x) THEN x ELSE \(structure.replacingOccurrences(of: "%@", with: "x")) END FROM (SELECT \(moved) AS x) r)"
        let valid: String
        if let metres = densifyMetres {
            valid = """
            (SELECT CASE WHEN ST_IsValid(x) THEN x WHEN ST_Area(b) > 0.5 * ST_Area(m) THEN b ELSE m END
             FROM (SELECT x, ST_Buffer(x, 0) AS b, \(structure.replacingOccurrences(of: "%@", with: "x")) AS m
                   FROM (SELECT CASE WHEN ST_NPoints(ST_Segmentize(y, \(Self.degrees(metres: metres)))) = ST_NPoints(y) THEN y ELSE \(Self.geodesicallyDensified("y", metres: metres)) END AS x
                         FROM (SELECT \(repaired) AS y OFFSET 0) z OFFSET 0) s) v)
            """
        } else {
            valid = repaired
        }
        // ST_Subdivide cuts with straight lon/lat lines, kilometres long, which the geodesic measure
        // would bend — and not the same way on both sides of a cut that a T-junction splits on one
        // side only (18 m² on one Banan erosion polygon). Densified along those straight lines
        // (`ST_Segmentize` on geometry, ≤ 0.00089°, under 100 m), every edge is short enough that
        // its geodesic and its chord bound the same area to well under a square metre in all.
        let parts = densifyMetres.map { "ST_Segmentize(ST_Subdivide(\(valid), \(maxVertices)), \(Self.degrees(metres: $0)))" }
            ?? "ST_Subdivide(\(valid), \(maxVertices))"
        return """
          SELECT \(C.quoted(t.idColumn))::text AS fid, \(C.quoted(t.idColumn)) AS ord, \(key) AS k\(tile)\(extra), \(parts) AS geom
          FROM \(C.qualified(t.layer))
          WHERE \(g) IS NOT NULL AND NOT ST_IsEmpty(\(g))\(t.whereClause.map { " AND (\($0))" } ?? "")
        """
    }

    /// Degrees no edge of `metres` or more is shorter than in lon/lat (a degree of latitude is at
    /// most 111,694 m): edges longer than `metres` on the ground are all longer than this.
    static func degrees(metres: Double) -> Double { metres / 111_694 }

    /// `geometry` (lon/lat polygons) with vertices inserted along each edge's geodesic on the SRID's
    /// ellipsoid so that no edge is longer than `metres`: each edge of s metres at azimuth az
    /// (`ST_Distance`, `ST_Azimuth` on geography, both on the spheroid) becomes ⌈s / metres⌉ pieces
    /// with vertices at `ST_Project(a, s·k/n, az)` — the same points as the local engine's
    /// `geodesicallyDensified` (`geod_position` along the geodesic line from a). `ST_Segmentize` on
    /// geography interpolates on a sphere instead, which moved Banan's town boundaries by
    /// millimetres and their areas by up to 95 m². Edges shorter than ``degrees(metres:)`` are
    /// kept without a geodesic computation, and a polygon with no such edge is not taken apart at all
    /// (`ST_Segmentize` on geometry adds no vertex: 95 % of the bench's polygons). Pure SQL (no
    /// function is created in the database).
    static func geodesicallyDensified(_ geometry: String, metres: Double) -> String {
        """
        (SELECT ST_Multi(ST_Collect(p ORDER BY pn)) FROM (
          SELECT pn, ST_MakePolygon(rings[1], rings[2:]) AS p FROM (
            SELECT pn, array_agg(line ORDER BY rn) AS rings FROM (
              SELECT pn, rn, ST_MakeLine(pt ORDER BY vn, k) AS line FROM (
                SELECT pn, rn, vn, k, CASE WHEN k = 0 THEN a ELSE ST_SetSRID(ST_Project(geography(a), s * k / n, az)::geometry, ST_SRID(a)) END AS pt
                FROM (
                  SELECT coalesce(pd.path[1], 1) AS pn, rd.path[1] AS rn, vp.path[array_length(vp.path, 1)] AS vn, vp.geom AS a,
                         lead(vp.geom) OVER (PARTITION BY coalesce(pd.path[1], 1), rd.path[1] ORDER BY vp.path[array_length(vp.path, 1)]) AS b
                  FROM ST_Dump(\(geometry)) pd, ST_DumpRings(pd.geom) rd, ST_DumpPoints(rd.geom) vp
                ) e,
                LATERAL (SELECT CASE WHEN b IS NULL OR ST_Distance(a, b) <= \(degrees(metres: metres)) THEN 0
                                     ELSE ST_Distance(geography(a), geography(b), true) END AS s) m,
                LATERAL (SELECT greatest(ceil(s / \(metres)), 1)::int AS n,
                                CASE WHEN s > 0 THEN ST_Azimuth(geography(a), geography(b)) END AS az) nn,
                generate_series(0, n - 1) k
              ) q GROUP BY pn, rn
            ) r GROUP BY pn
          ) rp
        ) pp)
        """
    }
}
