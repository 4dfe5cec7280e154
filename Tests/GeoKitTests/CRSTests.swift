import Testing
@testable import GeoKit

@Suite struct CRSTests {
    @Test func epsgCodesResolve() throws {
        let cgcs = try CRS("EPSG:4490")
        #expect(cgcs.isGeographic)
        #expect(cgcs.authorityCode == "EPSG:4490")
        #expect(cgcs.semiMajorAxis == 6_378_137)
        #expect(abs(cgcs.inverseFlattening - 298.257222101) < 1e-9)
        #expect(cgcs.isGeographicOnCGCS2000Ellipsoid)
        let gk = try CRS("4524")
        #expect(gk.isProjected)
        #expect(gk.name.contains("zone 36"))
    }

    @Test func unknownEPSGCodeFailsWithPROJsReason() {
        #expect {
            _ = try CRS("EPSG:9999999")
        } throws: { error in
            let e = error as? GeoKitError
            return e?.kind == .projection && e?.message.contains("crs not found") == true
        }
    }

    @Test func proj4StringsAndWKTAreAccepted() throws {
        let albers = try CRS("+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs")
        #expect(albers.isProjected)
        let fromWKT = try CRS(try CRS("EPSG:4524").definition)
        #expect(fromWKT.authorityCode == "EPSG:4524")
    }

    @Test func gaussKrugerZonesFollowTheThreeDegreeRule() throws {
        #expect(GaussKrugerZone(longitude: 106.8)?.zone == 36)
        #expect(GaussKrugerZone(longitude: 106.8)?.epsg == 4524)
        #expect(GaussKrugerZone(longitude: 106.8)?.epsgWithoutPrefix == 4545)
        #expect(GaussKrugerZone(longitude: 109.49)?.zone == 36)
        #expect(GaussKrugerZone(longitude: 109.51)?.zone == 37)
        #expect(GaussKrugerZone(longitude: 117)?.epsg == 4527)   // zone 39, not 36
        #expect(GaussKrugerZone(longitude: 60) == nil)
        // The EPSG definitions agree with the rule: zone 36 is centred on 108°E.
        let zone36 = try GaussKrugerZone(zone: 36)!.crs()
        #expect(zone36.name.contains("zone 36"))
        // (EPSG gives the bounding box as 106.5–109.51°E.)
        #expect(zone36.areaOfUse.map { abs($0.minX - 106.5) < 0.011 && abs($0.maxX - 109.5) < 0.011 } == true)
    }
}
