import GeoKit

/// The SQL of the overlap matrix and of the conflict list pushed down to PostGIS (`tabulate --matrix
/// --engine postgis`, `tabulate --conflicts --engine postgis`): the figures ``OverlapMatrix`` and
/// ``ConflictList`` compute locally, with areas measured in the database. Every table is prepared as
/// for the cross-tabulation (``PostGISCrossTabSQL/partsQuery(_:extraColumns:)``: analysis CRS,
/// repaired, densified along geodesics to 100 m, cut into parts of at most 256 vertices); areas are
/// `ST_Area(geography, true)` on the SRID's ellipsoid (CGCS2000 for EPSG:4490).
///
/// - **Matrix.** Each layer's self-overlap is resolved as locally (``OverlapMatrix``): each part
///   minus the union of the parts of *earlier* features (smaller id) that it meets (`ST_Difference`,
///   a lateral subquery); a layer's area is the sum of its resolved parts, the area layers i and j
///   share the sum of `ST_Intersection` over their resolved parts that meet. One row per (i, j), i ≤ j.
/// - **Conflicts.** Every part of the checked layer that meets a part of a protected feature
///   (`ST_Intersects`), intersected and summed per (feature, protected feature), with the feature's
///   own area for the share; rows without area dropped, in the order of the checked feature's id,
///   the protected layer, the protected feature's id (the local order for tables read in id order).
///
/// With a tile column every join and lateral subquery also requires equal tile keys and no CTE is
/// materialised, as in ``PostGISCrossTabSQL``; only the one-node form is tested.
public struct PostGISOverlapSQL: Sendable {
    public var parts: PostGISCrossTabSQL

    public init(tables: [PostGISCrossTabSQL.Table], srid: Int, tileColumn: String? = nil, densifyMetres: Double? = 100) {
        parts = PostGISCrossTabSQL(tables: tables, srid: srid, tileColumn: tileColumn)
        parts.densifyMetres = densifyMetres
    }

    var materialized: String { parts.tileColumn != nil ? "NOT MATERIALIZED" : "MATERIALIZED" }
    func sameTile(_ a: String, _ b: String) -> String { parts.tileColumn == nil ? "" : " AND \(a).tile = \(b).tile" }
    var tileSelect: String { parts.tileColumn == nil ? "" : ", p.tile" }

    /// Rows (i, j, area_m2) for i ≤ j over ``PostGISCrossTabSQL/tables`` (i = j: the layer's area,
    /// its self-overlap counted once).
    public var matrixStatement: String {
        var ctes: [String] = []
        for (i, t) in parts.tables.enumerated() {
            ctes.append("d\(i) AS \(materialized) (\n\(parts.partsQuery(t))\n)")
            ctes.append("""
            r\(i) AS \(materialized) (
              SELECT p.ord\(tileSelect), CASE WHEN o.geom IS NULL THEN p.geom ELSE ST_CollectionExtract(ST_Difference(p.geom, o.geom), 3) END AS geom
              FROM d\(i) p LEFT JOIN LATERAL (
                SELECT ST_Union(q.geom) AS geom FROM d\(i) q WHERE q.ord < p.ord AND ST_Intersects(p.geom, q.geom)\(sameTile("q", "p"))
              ) o ON true
            )
            """)
        }
        var selects: [String] = []
        for i in parts.tables.indices {
            selects.append("SELECT \(i) AS i, \(i) AS j, coalesce(sum(ST_Area(geography(geom), true)), 0) AS area_m2 FROM r\(i) WHERE NOT ST_IsEmpty(geom)")
            for j in parts.tables.indices where j > i {
                selects.append("""
                SELECT \(i), \(j), coalesce(sum(ST_Area(geography(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3)), true)), 0)
                FROM r\(i) a JOIN r\(j) b ON ST_Intersects(a.geom, b.geom)\(sameTile("a", "b"))
                """)
            }
        }
        return "WITH\n" + ctes.joined(separator: ",\n") + "\n" + selects.joined(separator: "\nUNION ALL\n") + "\nORDER BY 1, 2"
    }

    /// Rows (fid, label, k, against_fid, name, class, area_m2, feature_m2): the first table is the
    /// checked layer (its key column is the feature's name, if any), every other a protected layer
    /// (its key column the protected feature's name; `classColumns[k]` its class column).
    public func conflictStatement(classColumns: [String?]) -> String {
        typealias C = PostGISConnection
        var ctes = ["a AS \(materialized) (\n\(parts.partsQuery(parts.tables[0]))\n)",
                    "fa AS \(materialized) (SELECT ord, sum(ST_Area(geography(geom), true)) AS area_m2 FROM a GROUP BY ord)"]
        var selects: [String] = []
        for k in parts.tables.indices.dropFirst() {
            let cls = classColumns[k].map { "\(C.quoted($0))::text" } ?? "NULL::text"
            ctes.append("b\(k) AS \(materialized) (\n\(parts.partsQuery(parts.tables[k], extraColumns: ["\(cls) AS cls"]))\n)")
            selects.append("""
            SELECT a.ord, min(a.fid) AS fid, min(a.k) AS k, \(k) AS layer, b.ord AS b_ord, min(b.fid) AS against_fid, min(b.k) AS name, min(b.cls) AS class,
                   sum(ST_Area(geography(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3)), true)) AS area_m2
            FROM a JOIN b\(k) b ON ST_Intersects(a.geom, b.geom)\(sameTile("a", "b"))
            GROUP BY a.ord, b.ord
            """)
        }
        return """
        WITH
        \(ctes.joined(separator: ",\n"))
        SELECT c.fid, c.k, c.layer, c.against_fid, c.name, c.class, c.area_m2, fa.area_m2 AS feature_m2
        FROM (\(selects.joined(separator: "\nUNION ALL\n"))) c JOIN fa ON fa.ord = c.ord
        WHERE c.area_m2 > 0
        ORDER BY c.ord, c.layer, c.b_ord
        """
    }
}
