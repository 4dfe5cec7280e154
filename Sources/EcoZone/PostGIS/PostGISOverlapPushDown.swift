import Foundation
import GeoKit

extension LayerStore {
    /// The overlap matrix of every polygon layer of the project computed in the database that holds
    /// them all (``PostGISOverlapSQL/matrixStatement``): the same figures as ``overlapMatrix(gridSize:)``,
    /// areas geodesic on the analysis CRS's ellipsoid. Self-overlap is resolved, not reported
    /// (`self_overlap` is empty); `inputs` name the tables without reading them.
    public func pushedDownOverlapMatrix(tileColumn: String? = nil) throws -> OverlapMatrix {
        let roles = try polygonRoles()
        let (db, connection, tables, srid) = try pushDownTables(roles.map { ($0, nil, $0) })
        let sql = PostGISOverlapSQL(tables: tables, srid: srid, tileColumn: tileColumn, densifyMetres: analysisCRS.isGeographic ? 100 : nil)
        var m2 = [[Double]](repeating: [Double](repeating: 0, count: roles.count), count: roles.count)
        for r in try db.rows(sql.matrixStatement) {
            guard r.count == 3, let i = r[0].flatMap({ Int($0) }), let j = r[1].flatMap({ Int($0) }), let a = r[2].flatMap({ Double($0) }),
                  m2.indices.contains(i), m2.indices.contains(j) else {
                throw GeoKitError(.input, "the database returned a row that is not (i, j, area)", file: connection.string)
            }
            m2[i][j] = a; m2[j][i] = a
        }
        let matrix = m2.map { $0.map { Area(squareMetres: $0).converted(to: .squareKilometres) } }
        let areas = matrix.indices.map { matrix[$0][$0] }
        return OverlapMatrix(layers: roles, areas: areas, matrix: matrix, shareOfRow: OverlapMatrix.shares(matrix, areas),
                             diagnostics: OverlayDiagnostics(), inputs: pushDownProvenance(tables, connection))
    }

    /// The features of `of` overlapping the `against` layers (as ``conflicts(of:against:gridSize:)``)
    /// computed in the database (``PostGISOverlapSQL/conflictStatement(classColumns:)``): one row per
    /// (feature, protected feature) with area, named and classed by the fields the project maps.
    public func pushedDownConflicts(of: String = Role.projects.rawValue, against: [String] = [], tileColumn: String? = nil) throws -> ConflictList {
        let names = against.isEmpty ? Role.protecting.filter { project.layer($0) != nil }.map(\.rawValue) : against
        let roles = [of] + names
        let nameFields = try roles.map { try spec($0).field(.name) }
        let classFields = try roles.map { try spec($0).field(.class) }
        let (db, connection, tables, srid) = try pushDownTables(zip(roles, nameFields).map { ($0, $1, $0) })
        let sql = PostGISOverlapSQL(tables: tables, srid: srid, tileColumn: tileColumn, densifyMetres: analysisCRS.isGeographic ? 100 : nil)
        var conflicts: [ConflictList.Conflict] = []
        var inConflict = Set<String>()
        for r in try db.rows(sql.conflictStatement(classColumns: classFields)) {
            guard r.count == 8, let fidText = r[0], let fid = Int64(fidText), let layer = r[2].flatMap({ Int($0) }), roles.indices.contains(layer),
                  let bFid = r[3].flatMap({ Int64($0) }), let area = r[6].flatMap({ Double($0) }), let whole = r[7].flatMap({ Double($0) }) else {
                throw GeoKitError(.input, "the database returned a conflict row that is not (fid, name, layer, fid, name, class, area, area); the tables need integer primary keys",
                                  file: connection.string)
            }
            inConflict.insert(fidText)
            conflicts.append(ConflictList.Conflict(
                feature: nameFields[0] == nil ? "feature \(fid)" : r[1] ?? "(null)", fid: fid, against: roles[layer], againstFid: bFid,
                name: nameFields[layer] == nil ? nil : r[4] ?? "(null)", class: classFields[layer] == nil ? nil : r[5] ?? "(null)",
                area: Area(squareMetres: area).converted(to: .squareKilometres), shareOfFeature: whole > 0 ? area / whole : 0))
        }
        let checked = try db.value("SELECT count(*) FROM \(PostGISConnection.qualified(tables[0].layer))\(tables[0].whereClause.map { " WHERE \($0)" } ?? "")")
            .flatMap { Int($0) } ?? 0
        return ConflictList(of: of, checked: checked, inConflict: inConflict.count, conflicts: conflicts,
                            inputs: pushDownProvenance(tables, connection))
    }

    /// What the push-down read: each table by its masked connection, not read into EcoZone.
    func pushDownProvenance(_ tables: [PostGISCrossTabSQL.Table], _ connection: PostGISConnection) -> [LayerProvenance] {
        tables.map { LayerProvenance(name: $0.label, source: "\(connection.masked) \($0.layer)", crs: analysisCRS.description,
                                     transformation: "ST_Transform in the database", features: 0, repairs: [], skipped: 0) }
    }
}
