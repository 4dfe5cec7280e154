import Foundation
import Testing
@testable import GeoKit

/// The test database, when scripts/check-postgis started one (ECOZONE_TEST_PG: a GDAL "PG:…" string
/// with the Banan layers in schema `banan`). Without it the database tests are reported as skipped,
/// with this reason, never as passed.
enum PostGISTestDatabase {
    static let connection: String? = ProcessInfo.processInfo.environment["ECOZONE_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipped: Comment = "skipped: no database (ECOZONE_TEST_PG is not set; scripts/check-postgis starts one)"
}

@Suite struct PostGISConnectionTests {
    @Test func passwordsAreMaskedInEveryForm() {
        #expect(PostGISConnection.masked("PG:host=h dbname=d password=s3cret user=u") == "PG:host=h dbname=d password=*** user=u")
        #expect(PostGISConnection.masked("PG:dbname=d password='a b\\'c' port=5") == "PG:dbname=d password=*** port=5")
        #expect(PostGISConnection.masked("PG:postgresql://u:s3cret@h:5432/d") == "PG:postgresql://u:***@h:5432/d")
        let e = GeoKitError(.input, "cannot connect with password=s3cret", file: "PG:dbname=d password=s3cret", layer: "a.b")
        #expect(!e.description.contains("s3cret"))
        #expect(e.description.hasPrefix("PG:dbname=d password=***, layer a.b: "))
    }

    @Test func keywordsAndDatabaseIdentity() throws {
        let c = try #require(PostGISConnection("PG:host=/tmp/s dbname='plan db' user=u"))
        #expect(c.parameters["dbname"] == "plan db")
        #expect(c.database == "/tmp/s:5432/plan db")
        #expect(PostGISConnection("/data/x.shp") == nil)
        #expect(PostGISConnection.schemaAndTable("banan.towns") == ("banan", "towns"))
        #expect(PostGISConnection.schemaAndTable("towns") == ("public", "towns"))
        #expect(PostGISConnection.qualified("a.b\"c") == "\"a\".\"b\"\"c\"")
    }
}

@Suite(.serialized) struct PostGISDatabaseTests {
    /// PostGIS measures geography on the ellipsoid of its SRID: EPSG:4490 is CGCS2000 (a = 6378137,
    /// 1/f = 298.257222101), EPSG:4326 WGS 84 (1/f = 298.257223563). The flattenings differ by
    /// 1.64e-11 (4.9e-9 of f); an area depends on f through e² ≈ 2f, at most by about Δf, so the two areas
    /// of one polygon may differ by at most ~2e-11 relative — far under the 1e-7 asked of a push-down.
    @Test(.enabled(if: PostGISTestDatabase.connection != nil, PostGISTestDatabase.skipped))
    func geographyUsesTheSRIDsEllipsoid() throws {
        let db = try PostGISDatabase(try #require(PostGISConnection(PostGISTestDatabase.connection!)))
        let row = try #require(try db.rows("""
            SELECT ST_Area(geography(g), true) AS cgcs2000, ST_Area(geography(ST_SetSRID(g, 4326)), true) AS wgs84
            FROM (SELECT ST_Union(geom) AS g FROM banan.boundary) b
            """).first)
        let cgcs = try #require(row[0].flatMap(Double.init)), wgs = try #require(row[1].flatMap(Double.init))
        let fCGCS = 1 / 298.257222101, fWGS = 1 / 298.257223563
        let relative = abs(wgs / cgcs - 1)
        #expect(relative > 0, "the two ellipsoids must give different areas, or PostGIS ignored the SRID's ellipsoid")
        #expect(relative < 2 * abs(fCGCS - fWGS))
        #expect(cgcs > 1.8e9 && cgcs < 1.85e9)   // Banan: 1823 km² stated by the plan
    }

    @Test(.enabled(if: PostGISTestDatabase.connection != nil, PostGISTestDatabase.skipped))
    func aTableOpensByItsSchemaQualifiedNameAsUTF8() throws {
        let source = try VectorSource.open(PostGISTestDatabase.connection!)
        #expect(source.isDatabase)
        let layer = try source.layer(named: "banan.rocky_desertification")
        #expect(layer.encoding.basis == .database)
        #expect(layer.featureCount == 52)   // 5 + 8 + 12 + 2 + 25 by grade, as loaded from the GBK shapefile
        #expect(throws: GeoKitError.self) { try source.layer(named: "banan.nosuch") }
    }
}
