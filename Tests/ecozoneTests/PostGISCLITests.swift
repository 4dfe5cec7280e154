import Foundation
import Testing

/// `ecozone` against a real PostGIS database (scripts/check-postgis: the Banan layers in schema
/// `banan`). Without ECOZONE_TEST_PG these are reported as skipped with the reason, not as passed.
@Suite(.serialized) struct PostGISCLITests {
    static let pg: String? = ProcessInfo.processInfo.environment["ECOZONE_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipped: Comment = "skipped: no database (ECOZONE_TEST_PG is not set; scripts/check-postgis starts one)"

    /// The Banan project with its polygon layers read from the database, written into a temporary folder.
    static func databaseProject(_ pg: String) throws -> URL {
        let dir = CLI.temporaryDirectory()
        let yaml = """
        name: Banan from PostGIS
        crs: EPSG:4490
        layers:
          towns:         { source: "\(pg)", layer: banan.towns, name: name }
          soil-erosion:  { source: "\(pg)", layer: banan.erosion, grade: grade }
          red-line:      { source: "\(pg)", layer: banan.redline_2023 }
          protected-areas: { source: "\(pg)", layer: banan.protected_areas, name: name, class: type }
          projects:      { source: "\(pg)", layer: banan.projects, name: name }
        """
        let url = dir.appendingPathComponent("project.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    struct Crosstab: Decodable {
        var total: Double
        var dimensions: [String]
        var rows: [[String: JSONValue]]
    }
    enum JSONValue: Decodable {
        case text(String), number(Double)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .text(try c.decode(String.self)) }
        }
        var text: String? { if case .text(let s) = self { return s }; return nil }
        var number: Double? { if case .number(let d) = self { return d }; return nil }
    }

    static func areas(_ t: Crosstab) -> [[String]: Double] {
        Dictionary(uniqueKeysWithValues: t.rows.map { r in (t.dimensions.map { r[$0]?.text ?? "" }, r["area"]?.number ?? 0) })
    }

    static func tabulate(_ project: URL, _ extra: [String] = [], fields: (String, String) = ("grade", "name")) throws -> Crosstab {
        let r = try CLI.run(["tabulate", project.path, "--by", "soil-erosion:\(fields.0)", "--by", "towns:\(fields.1)", "--json"] + extra)
        try #require(r.status == 0, Comment(rawValue: r.stderr))
        return try JSONDecoder().decode(Crosstab.self, from: Data(r.stdout.utf8))
    }

    /// The same cross-tab from the shapefiles and from the tables loaded from them: same keys, same areas
    /// (the same engine on the same coordinates; 1e-9 allows for the order of additions).
    @Test(.enabled(if: pg != nil, skipped))
    func tablesTabulateAsTheirFiles() throws {
        let fromDB = try Self.tabulate(try Self.databaseProject(Self.pg!))
        let fromFiles = try Self.tabulate(CLI.repository.appendingPathComponent("fixtures/banan/project.yaml"), fields: ("GRADE", "NAME"))
        let a = Self.areas(fromDB), b = Self.areas(fromFiles)
        #expect(Set(a.keys) == Set(b.keys))
        for (k, v) in b { #expect(abs((a[k] ?? -1) - v) <= 1e-9 * max(v, 1e-6), "\(k)") }
        #expect(abs(fromDB.total - fromFiles.total) <= 1e-9 * fromFiles.total)
    }

    /// The overlap matrix and the conflicts from the tables equal those from the files (the same
    /// engine on the same coordinates; feature ids differ: the GeoJSON's start at 0, the tables' at 1).
    @Test(.enabled(if: pg != nil, skipped))
    func matrixAndConflictsAsFromTheFiles() throws {
        let project = try Self.databaseProject(Self.pg!)
        let files = CLI.repository.appendingPathComponent("fixtures/banan/project.yaml")
        struct Matrix: Decodable { var layers: [String]; var matrix: [[Double]] }
        struct Conflicts: Decodable {
            struct C: Decodable, Hashable { var feature: String; var against: String; var name: String?; var `class`: String?; var area: Double }
            var checked: Int; var conflicts: [C]
        }
        func run<T: Decodable>(_ args: [String], _ type: T.Type) throws -> T {
            let r = try CLI.run(args)
            try #require(r.status == 0, Comment(rawValue: r.stderr))
            return try JSONDecoder().decode(T.self, from: Data(r.stdout.utf8))
        }
        let m = try run(["tabulate", project.path, "--matrix", "--json"], Matrix.self)
        let mf = try run(["tabulate", files.path, "--matrix", "--json"], Matrix.self)
        for (i, a) in m.layers.enumerated() {
            for (j, b) in m.layers.enumerated() {
                let fi = try #require(mf.layers.firstIndex(of: a)), fj = try #require(mf.layers.firstIndex(of: b))
                let x = m.matrix[i][j], y = mf.matrix[fi][fj]
                #expect(abs(x - y) <= 1e-9 * max(abs(y), 1e-6), "\(a) × \(b)")
            }
        }
        let c = try run(["tabulate", project.path, "--conflicts", "--json"], Conflicts.self)
        let cf = try run(["tabulate", files.path, "--conflicts", "--json"], Conflicts.self)
        #expect(c.checked == cf.checked)
        #expect(c.conflicts.count == cf.conflicts.count)
        for (x, y) in zip(c.conflicts, cf.conflicts) {
            #expect(x.feature == y.feature && x.against == y.against && x.name == y.name && x.class == y.class)
            #expect(abs(x.area - y.area) <= 1e-9 * y.area)
        }
    }

    /// The Banan project with every polygon layer of the matrix read from the database (the zones in
    /// EPSG:4524, transformed by ST_Transform there and by PROJ here).
    static func fullDatabaseProject(_ pg: String) throws -> URL {
        let url = try databaseProject(pg)
        var yaml = try String(contentsOf: url, encoding: .utf8)
        if !yaml.hasSuffix("\n") { yaml += "\n" }
        yaml += "  restoration-zones: { source: \"\(pg)\", layer: banan.zones, name: name }\n"
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Pushed down, the same rows as the local engine: the same keys for every row over 1 m², every row
    /// within 0.05 m² + 1e-7 of itself (so 1e-7 of every row over 1 km²), the total within 1e-8. Both engines densify every
    /// input along ellipsoidal geodesics to the same vertices and repair alike; what remains is how a
    /// piece's ≤ 100 m edges are read — straight lon/lat lines here, geodesics in PostGIS: at most
    /// L³·tan φ / (12 R) ≈ 7e-3 m² per 100 m edge at 29.5° N, mostly cancelling (measured: 0.24 m²
    /// at most, on a 14 km² row; 6.1e-8 of rows over 1 km²; 2.4e-7 of a 0.13 km² row).
    @Test(.enabled(if: pg != nil, skipped), arguments: [
        ["soil-erosion:grade", "towns:name"],
        ["soil-erosion:grade", "restoration-zones:name", "towns:name"],
        ["red-line", "soil-erosion:grade"],
    ])
    func pushDownMatchesTheLocalEngine(_ by: [String]) throws {
        let project = try Self.fullDatabaseProject(Self.pg!)
        func tabulate(_ extra: [String]) throws -> Crosstab {
            let r = try CLI.run(["tabulate", project.path] + by.flatMap { ["--by", $0] } + ["--json"] + extra)
            try #require(r.status == 0, Comment(rawValue: r.stderr))
            return try JSONDecoder().decode(Crosstab.self, from: Data(r.stdout.utf8))
        }
        let local = try tabulate([])
        let pushed = try tabulate(["--engine", "postgis"])
        #expect(abs(pushed.total - local.total) <= 1e-8 * local.total)
        let a = Self.areas(pushed), b = Self.areas(local)
        #expect(Set(a.filter { $0.value > 1e-6 }.keys) == Set(b.filter { $0.value > 1e-6 }.keys))
        for (k, v) in b {
            let d = abs((a[k] ?? 0) - v)
            #expect(d <= 0.05e-6 + 1e-7 * v, "\(k): \(a[k] ?? 0) vs \(v)")
            if v > 1 { #expect(d <= 1e-7 * v, "\(k)") }
        }
    }

    /// The overlap matrix and the conflicts pushed down: the same layers, every cell within 1e-7 of the
    /// local engine's (measured 1.0e-8), the same conflicts in the same order (feature, protected layer,
    /// protected feature, names, classes), each area and share within 1e-6 (measured 1.5e-7: the
    /// smallest overlaps have the most edge per area).
    @Test(.enabled(if: pg != nil, skipped))
    func matrixAndConflictsPushedDown() throws {
        let project = try Self.fullDatabaseProject(Self.pg!)
        struct Matrix: Decodable { var layers: [String]; var matrix: [[Double]] }
        struct Conflicts: Decodable {
            struct C: Decodable { var feature: String; var fid: Int; var against: String; var against_fid: Int; var name: String?; var `class`: String?
                                  var area: Double; var share_of_feature: Double }
            var checked: Int; var in_conflict: Int; var conflicts: [C]
        }
        func run<T: Decodable>(_ args: [String], _ type: T.Type) throws -> T {
            let r = try CLI.run(["tabulate", project.path, "--json"] + args)
            try #require(r.status == 0, Comment(rawValue: r.stderr))
            return try JSONDecoder().decode(T.self, from: Data(r.stdout.utf8))
        }
        let m = try run(["--matrix", "--engine", "postgis"], Matrix.self)
        let ml = try run(["--matrix"], Matrix.self)
        #expect(m.layers == ml.layers && m.layers.count == 6)
        for i in m.layers.indices {
            for j in m.layers.indices {
                #expect(abs(m.matrix[i][j] - ml.matrix[i][j]) <= 1e-7 * max(ml.matrix[i][j], 1e-6), "\(m.layers[i]) × \(m.layers[j])")
            }
        }
        let c = try run(["--conflicts", "--engine", "postgis"], Conflicts.self)
        let cl = try run(["--conflicts"], Conflicts.self)
        #expect(c.checked == cl.checked && c.in_conflict == cl.in_conflict && c.conflicts.count == cl.conflicts.count)
        #expect(!cl.conflicts.isEmpty)
        for (x, y) in zip(c.conflicts, cl.conflicts) {
            #expect(x.feature == y.feature && x.fid == y.fid && x.against == y.against && x.against_fid == y.against_fid)
            #expect(x.name == y.name && x.class == y.class)
            #expect(abs(x.area - y.area) <= 1e-6 * y.area && abs(x.share_of_feature - y.share_of_feature) <= 1e-6 * y.share_of_feature)
        }
    }

    /// `overlay --out PG:… --table`: the pieces and the summary in one transaction, marked with the method
    /// and run; the pieces' areas add up to the summary's total, and PostGIS measures the table's
    /// geometry (ST_Area on geography, a second implementation) as the pieces' area_km2 say. An input
    /// as the table is refused before any overlay; a user's table is never replaced, and when the
    /// second table is refused the first is not left behind.
    @Test(.enabled(if: pg != nil, skipped))
    func overlayWritesPiecesAndSummaryInOneTransaction() throws {
        let pg = Self.pg!
        let table = "results.ov_\(UUID().uuidString.prefix(8).lowercased())"
        let a = CLI.repository.appendingPathComponent("fixtures/banan/erosion.shp").path
        let w = try CLI.run(["overlay", a, pg, "--b-layer", "banan.towns", "--how", "identity", "--out", pg, "--table", table, "--json"])
        try #require(w.status == 0, Comment(rawValue: w.stderr))
        struct Summary: Decodable { var pieces: Int; var total: Double; var output: String? }
        let s = try JSONDecoder().decode(Summary.self, from: Data(w.stdout.utf8))
        #expect(s.output?.contains(table) == true)
        let sql = """
            SELECT count(*), sum(area_km2), sum(ST_Area(geography(geom), true)) / 1e6,
                   (SELECT area_km2 FROM \(table)_summary WHERE part = 'total'),
                   obj_description('\(table)'::regclass, 'pg_class'), obj_description('\(table)_summary'::regclass, 'pg_class'),
                   (SELECT count(*) FROM pg_indexes WHERE schemaname || '.' || tablename = '\(table)' AND indexdef LIKE '%gist%'),
                   (SELECT DISTINCT ST_SRID(geom) FROM \(table))
            FROM \(table)
            """
        let rows = try Self.psql(sql)
        let r = try #require(rows.first)
        #expect(Int(r[0]) == s.pieces)
        let sum = Double(r[1])!, measured = Double(r[2])!, total = Double(r[3])!
        #expect(abs(sum - s.total) <= 1e-9 * s.total && abs(total - s.total) <= 1e-12 * s.total)
        #expect(abs(measured - sum) <= 1e-6 * sum, "\(measured) vs \(sum)")
        #expect(r[4].hasPrefix("EcoZone output: pieces of the overlay identity") && r[5].hasPrefix("EcoZone output: summary of the overlay identity"))
        #expect(r[6] == "1" && r[7] == "4490")
        // Refusals: an input as the table (before any overlay), a user's table, and then nothing half-written.
        let input = try CLI.run(["overlay", a, pg, "--b-layer", "banan.towns", "--out", pg, "--table", "banan.towns", "--overwrite"])
        #expect(input.status == 2 && input.stderr.contains("is an input"))
        let fresh = "results.ov_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try Self.psql("CREATE TABLE \(fresh)_summary (x int)")
        let user = try CLI.run(["overlay", a, pg, "--b-layer", "banan.towns", "--out", pg, "--table", fresh])
        #expect(user.status == 2 && user.stderr.contains("EcoZone did not write it"))
        #expect(try Self.psql("SELECT to_regclass('\(fresh)') IS NULL") == [["t"]])
    }

    /// Rows of `sql` through psql on the test database (ECOZONE_PG_SOCKET, ECOZONE_PG_USER, ECOZONE_PG_DB).
    static func psql(_ sql: String) throws -> [[String]] {
        let env = ProcessInfo.processInfo.environment
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["psql", "-h", env["ECOZONE_PG_SOCKET"] ?? "", "-U", env["ECOZONE_PG_USER"] ?? "", "-d", env["ECOZONE_PG_DB"] ?? "",
                       "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "psql failed: \(sql.prefix(80))")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Written into a table and read back: the same features and the same area as the shapefile, as
    /// PostGIS itself measures it (a second implementation: ST_Area on geography, CGCS2000's ellipsoid).
    @Test(.enabled(if: pg != nil, skipped))
    func exportWritesAMarkedTableAndNeverAUsersTable() throws {
        let pg = Self.pg!
        let shp = CLI.repository.appendingPathComponent("fixtures/banan/erosion.shp").path
        let table = "results.erosion_\(UUID().uuidString.prefix(8).lowercased())"
        let w = try CLI.run(["export", shp, "--out", pg, "--table", table])
        #expect(w.status == 0, Comment(rawValue: w.stderr))
        let fromFile = try CLI.run(["area", shp, "--json"])
        let fromTable = try CLI.run(["area", pg, "--layer", table, "--json"])
        struct Total: Decodable { var total: Double; var features: Int }
        let f = try JSONDecoder().decode(Total.self, from: Data(fromFile.stdout.utf8))
        let t = try JSONDecoder().decode(Total.self, from: Data(fromTable.stdout.utf8))
        #expect(t.features == f.features)
        #expect(abs(t.total - f.total) <= 1e-12 * f.total)
        // Again: refused without --overwrite, replaced with it (EcoZone's own table).
        #expect(try CLI.run(["export", shp, "--out", pg, "--table", table]).status == 2)
        #expect(try CLI.run(["export", shp, "--out", pg, "--table", table, "--overwrite"]).status == 0)
        // A user's table and an input table are never replaced, even with --overwrite; the password is masked.
        let user = try CLI.run(["export", shp, "--out", pg + " password=s3cret", "--table", "banan.towns", "--overwrite"])
        #expect(user.status == 2)
        #expect(user.stderr.contains("EcoZone did not write it") && !user.stderr.contains("s3cret") && user.stderr.contains("banan.towns"))
        let input = try CLI.run(["export", pg, "--layer", table, "--out", pg, "--table", table, "--overwrite"])
        #expect(input.status == 2 && input.stderr.contains("is an input"))
        let towns = try CLI.run(["area", pg, "--layer", "banan.towns", "--json"])
        #expect(towns.status == 0)   // still there
    }

    /// `run` on tables: run.json records each table (connection without password, rows, checksum) in
    /// place of a file hash, and no file of the run folder holds the password.
    @Test(.enabled(if: pg != nil, skipped))
    func runRecordsTablesWithoutThePassword() throws {
        let project = try Self.databaseProject(Self.pg! + " password=s3cret")
        let out = project.deletingLastPathComponent().appendingPathComponent("out")
        let r = try CLI.run(["run", project.path, "--out", out.path, "--quiet"])
        try #require(r.status == 0, Comment(rawValue: r.stderr))
        struct Manifest: Decodable {
            struct Table: Decodable { var connection: String; var table: String; var rows: Int; var md5: String }
            var database_inputs: [Table]
        }
        let m = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: out.appendingPathComponent("run.json")))
        let towns = try #require(m.database_inputs.first { $0.table == "banan.towns" })
        let read = try CLI.run(["area", Self.pg!, "--layer", "banan.towns", "--json"])
        struct Count: Decodable { var features: Int }
        #expect(towns.rows == (try JSONDecoder().decode(Count.self, from: Data(read.stdout.utf8))).features)
        #expect(towns.md5.count == 32 && towns.connection.hasSuffix("password=***"))
        let files = FileManager.default.enumerator(atPath: out.path)!.compactMap { $0 as? String }
        for f in files {
            let text = (try? String(contentsOf: out.appendingPathComponent(f), encoding: .utf8)) ?? ""
            #expect(!text.contains("s3cret"), "\(f) holds the password")
        }
    }

    /// `run --to`: every result layer and table in one schema, marked; run again, the schema is replaced;
    /// a schema holding a user's table or an input is refused before the run. The towns' areas table
    /// sums (with its total row) to twice the towns' area that `area` measures on the input.
    @Test(.enabled(if: pg != nil, skipped))
    func runLoadsItsResultsIntoASchemaItOwns() throws {
        let pg = Self.pg!
        let project = try Self.databaseProject(pg)
        let out = project.deletingLastPathComponent().appendingPathComponent("out")
        let schema = "run_\(UUID().uuidString.prefix(8).lowercased())"
        for _ in 0..<2 {
            let r = try CLI.run(["run", project.path, "--out", out.path, "--quiet", "--to", pg, "--schema", schema])
            try #require(r.status == 0, Comment(rawValue: r.stderr))
            #expect(r.stdout.contains("schema \(schema)"))
        }
        let layer = try CLI.run(["area", pg, "--layer", "\(schema).towns", "--json"])
        let input = try CLI.run(["area", pg, "--layer", "banan.towns", "--json"])
        struct Total: Decodable { var total: Double; var features: Int }
        let a = try JSONDecoder().decode(Total.self, from: Data(layer.stdout.utf8))
        let b = try JSONDecoder().decode(Total.self, from: Data(input.stdout.utf8))
        #expect(a.features == b.features)
        #expect(abs(a.total - b.total) <= 1e-6 * b.total)   // GeoJSON's 6 decimals (0.1 m) on 1820 km²
        let refused = try CLI.run(["run", project.path, "--out", out.path, "--quiet", "--to", pg, "--schema", "banan"])
        #expect(refused.status == 2 && refused.stderr.contains("never replaced"))
    }

    /// A wrong table names the connection (masked) and the table; exit 2.
    @Test(.enabled(if: pg != nil, skipped))
    func aMissingTableIsOneSentence() throws {
        let r = try CLI.run(["inspect", Self.pg! + " password=s3cret", "--layer", "banan.nosuch"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("layer banan.nosuch") && r.stderr.contains("password=***") && !r.stderr.contains("s3cret"))
    }
}
