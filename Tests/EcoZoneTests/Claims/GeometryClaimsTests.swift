import Foundation
import Testing
@testable import EcoZone

/// Claims against real geometry: the reference values come from pyproj, or from the geodesic by hand.
@Suite struct GeometryClaimsTests {
    @Test func bananTotalPassesAtOnePercentAndFailsAtOneHundredthOfAPercent() throws {
        let reference = try ClaimsHarness.bananReferenceKm2()   // 1820.288 km² (pyproj, GRS80)
        let report = try ClaimsHarness.validate("""
        tolerance: 1%
        claims:
          - { id: total, text: 幅员面积1823平方千米, layer: boundary, area: 1823 km2 }
          - { id: total-tight, layer: boundary, area: 1823 km2, tolerance: 0.01% }
          - { id: total-ha, layer: boundary, area: 182300 公顷 }
        """)
        let loose = report["total"], tight = report["total-tight"]
        #expect(loose.status == .pass && tight.status == .fail)
        #expect(abs(loose.computed! - reference) / reference < 1e-7)
        #expect(abs(tight.difference! - (reference - 1823)) < 1e-3)
        #expect(abs(tight.relative! - (reference - 1823) / 1823) < 1e-8)
        #expect(report["total-ha"].status == .pass && abs(report["total-ha"].computed! - reference * 100) / reference < 1e-5)
        #expect(loose.layer == "boundary" && loose.whereClause == "district_name = '巴南区'" && loose.features == 1)
    }

    @Test func percentOfCountsVersionsAndErrors() throws {
        let reference = try ClaimsHarness.bananReferenceKm2()
        let share = (reference / 2000 * 100 * 100).rounded() / 100   // written to two decimals, as a plan would
        let report = try ClaimsHarness.validate("""
        claims:
          - { id: share, layer: boundary, percent-of: 2000 km2, percent: \(share), tolerance: 0.01 pt }
          - { id: self-share, layer: boundary, percent-of: boundary, percent: 100, tolerance: 0 }
          - { id: three, layer: districts, where: "district_name IN ('巴南区','南岸区','渝中区')", count: 3 }
          - { id: by-field, layer: districts, version: 巴南区, area: 1820.29 km2, tolerance: 0.01% }
          - { id: by-role, layer: districts, version: 巴南区, area: 1820.29 km2, tolerance: 0.01% }
          - { id: nothing, layer: districts, where: "district_name = '不存在区'", area: 1 km2 }
          - { id: gone, layer: missing, area: 1 km2 }
          - { id: line-of-polygons, layer: boundary, length: 1 km }
          - { id: depends, layer: boundary, percent-of: nothing, percent: 10 }
        """)
        #expect(report["share"].status == .pass)
        #expect(report["self-share"].status == .pass && abs(report["self-share"].computed! - 100) < 1e-9)
        #expect(report["three"].status == .pass && report["three"].computed == 3)
        // `version: 巴南区` resolves to the role 'districts-巴南区' where the project has it.
        #expect(report["by-role"].status == .pass && report["by-role"].whereClause == "district_name = '巴南区'")
        #expect(report["nothing"].status == .error && report["nothing"].message!.contains("matches no feature"))
        #expect(report["gone"].status == .error && report["gone"].message!.contains("/nonexistent/none.shp"))
        #expect(report["line-of-polygons"].status == .error && report["line-of-polygons"].message!.contains("length needs lines"))
        #expect(report["depends"].status == .error)
        #expect(report.errors == 4 && report.failed == 0)
    }

    @Test func versionFallsBackToTheVersionField() throws {
        let project = """
        layers:
          districts: { source: \(ClaimsHarness.districts), version: district_name }
        """
        let report = try ClaimsHarness.validate("""
        claims:
          - { id: v, layer: districts, version: 巴南区, area: 1823 km2 }
        """, project: project)
        #expect(report["v"].status == .pass && report["v"].whereClause == #""district_name" = '巴南区'"#)
    }

    @Test func lengthOfALineAlongTheEquator() throws {
        // One degree of the equator on GRS80/CGCS2000: a·π/180 = 6378137 · π / 180 = 111 319.4908 m.
        let dir = TestPaths.temporaryDirectory()
        let line = dir.appendingPathComponent("line.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"NAME":"赤道"},"geometry":{"type":"LineString","coordinates":[[0,0],[0.5,0],[1,0]]}}]}"#
            .write(to: line, atomically: true, encoding: .utf8)
        let expectedKm = 6378137 * Double.pi / 180 / 1000
        let report = try ClaimsHarness.validate("""
        claims:
          - { id: equator, layer: line, length: 111.32 km, tolerance: 0.001% }
          - { id: equator-m, layer: line, length: 111319 m, tolerance: 1 m }
        """, project: "layers:\n  line: { source: \(line.path) }\n")
        #expect(report["equator"].status == .pass)
        #expect(abs(report["equator"].computed! - expectedKm) < 1e-6)
        #expect(report["equator-m"].status == .pass)
    }
}
