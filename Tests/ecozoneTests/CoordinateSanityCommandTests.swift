import Foundation
import Testing

/// Wild coordinates and hostile files in every command that reads a layer: exit 2 with one sentence
/// naming the file, the layer and (where it is one feature's fault) the feature; never a signal,
/// never `nan` on stdout.
@Suite struct CoordinateSanityCommandTests {
    let dir = CLI.temporaryDirectory()

    /// A GeoJSON layer of feature 1, the 0.1° square at 106.5 °E, 29.5 °N with `extra` as a fifth
    /// vertex ("[x,y]" text, so NaN and Infinity can be written as GDAL reads them).
    func layer(_ name: String, extra: String = "[106.6,29.55]", ring: String? = nil, crs: String? = nil) throws -> String {
        let coordinates = ring ?? "[106.5,29.5],[106.6,29.5],\(extra),[106.6,29.6],[106.5,29.6],[106.5,29.5]"
        let crsMember = crs.map { #""crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::\#($0)"}},"# } ?? ""
        let text = #"{"type":"FeatureCollection",\#(crsMember)"features":[{"type":"Feature","id":1,"properties":{"name":"a"},"geometry":{"type":"Polygon","coordinates":[[\#(coordinates)]]}}]}"#
        let url = dir.appendingPathComponent("\(name).geojson")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let wild: [(name: String, extra: String, words: String)] = [
        ("lat95", "[106.6,95]", "latitude 95 is outside"),
        ("lon400", "[400,29.55]", "longitude 400 is outside"),
        ("lon1e308", "[1e308,29.55]", "longitude 1e+308 is outside"),
        ("nan", "[NaN,29.55]", "not a number (NaN)"),
        ("inf", "[106.6,Infinity]", "is infinite"),
    ]
    static let swappedRing = "[29.5,106.5],[29.5,106.6],[29.55,106.6],[29.6,106.6],[29.6,106.5],[29.5,106.5]"

    /// Exit 2, nothing on stdout, one line on stderr holding every one of `words`.
    func refused(_ r: CLI.Result, _ words: [String], _ comment: String = "") {
        #expect(r.status == 2, "\(comment): status \(r.status), \(r.stderr)")
        #expect(!r.stdout.lowercased().contains("nan"), "\(comment)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(comment): \(r.stderr)")
        for w in words { #expect(r.stderr.contains(w), "\(comment): '\(w)' not in \(r.stderr)") }
    }

    @Test func areaRefusesEveryWildVertexNamingTheFeature() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        for c in Self.wild {
            let path = try layer(c.name, extra: c.extra)
            refused(try CLI.run(["area", path]), [path, "layer \(c.name)", "feature 1", c.words], c.name)
            refused(try CLI.run(["area", path, "--json"]), ["feature 1", c.words], c.name)
        }
    }

    @Test func overlayTabulateAndConnectivityRefuseInsteadOfTrapping() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try layer("good")
        for c in Self.wild + [("swapped", "", "axes look swapped")] {
            let path = c.name == "swapped" ? try layer(c.name, ring: Self.swappedRing) : try layer(c.name, extra: c.extra)
            let place = [path, "layer \(c.name)", c.words]
            refused(try CLI.run(["overlay", path, good, "--how", "intersection"]), place, "overlay \(c.name)")
            refused(try CLI.run(["connectivity", path, "--distance", "1000"]), place, "connectivity \(c.name)")
            let project = dir.appendingPathComponent("\(c.name).yaml")
            try "name: t\ncrs: EPSG:4490\nlayers:\n  wild: { source: \(c.name).geojson, name: name }\n  good: { source: good.geojson, name: name }\n"
                .write(to: project, atomically: true, encoding: .utf8)
            refused(try CLI.run(["tabulate", project.path, "--matrix"]), ["layer \(c.name)", c.words], "matrix \(c.name)")
            // The first layer of a cross-tab is streamed in batches: checked there too.
            refused(try CLI.run(["tabulate", project.path, "--by", "wild:name", "--by", "good:name"]), ["layer \(c.name)", c.words], "by \(c.name)")
        }
    }

    @Test func swappedAxesAreRefusedAndReadWhenStated() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let swapped = try layer("swapped", ring: Self.swappedRing)
        let r = try CLI.run(["area", swapped])
        refused(r, [swapped, "layer swapped", "axes look swapped", "--assume-axis-order lat-lon"])
        #expect(!r.stderr.contains("feature"))
        let right = try layer("right")
        let fixed = try CLI.run(["area", swapped, "--assume-axis-order", "lat-lon", "--json"])
        let expected = try CLI.run(["area", right, "--json"])
        #expect(fixed.status == 0)
        func total(_ r: CLI.Result) throws -> Double {
            (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["total"] as! Double
        }
        #expect(try total(fixed) == total(expected))
        refused(try CLI.run(["area", swapped, "--assume-axis-order", "lon-lat"]), ["feature 1", "latitude 106.5 is outside"])
        let bad = try CLI.run(["area", swapped, "--assume-axis-order", "north-east"])
        #expect(bad.status == 2)
    }

    /// Commands that build their own requests (overlay's A and B, connectivity's --landscape,
    /// corridors' --cores) take --assume-axis-order too, and their refusal names it.
    @Test func everyReaderOfASourceTakesTheAxisOrder() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let swapped = try layer("swapped", ring: Self.swappedRing)
        let right = try layer("right")
        refused(try CLI.run(["overlay", swapped, right]), ["layer swapped", "axes look swapped", "--assume-axis-order lat-lon"])
        func json(_ r: CLI.Result) throws -> [String: Any] {
            #expect(r.status == 0, "\(r.stderr)")
            return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        }
        // The 0.1° square against itself, read swapped and stated: everything is in both.
        let both = try json(try CLI.run(["overlay", swapped, swapped, "--assume-axis-order", "lat-lon", "--json"]))
        let alone = try json(try CLI.run(["overlay", right, right, "--json"]))
        #expect((both["in_both"] as! Double) == (alone["in_both"] as! Double))
        #expect((alone["in_both"] as! Double) > 100)   // ≈ 0.1° × 0.1° at 29.5 °N ≈ 107 km²

        // The landscape: the 0.3° square around it (A_L must exceed the node's area), read as the source is.
        let big = try layer("big", ring: "[106.4,29.4],[106.7,29.4],[106.7,29.7],[106.4,29.7],[106.4,29.4]")
        let bigSwapped = try layer("bigswapped", ring: "[29.4,106.4],[29.7,106.4],[29.7,106.7],[29.4,106.7],[29.4,106.4]")
        refused(try CLI.run(["connectivity", right, "--distance", "1000", "--landscape", bigSwapped]),
                ["layer bigswapped", "axes look swapped", "--assume-axis-order lat-lon"])
        func landscape(_ r: CLI.Result) throws -> Double? { (try json(r)["parameters"] as? [String: Any])?["landscape_area"] as? Double }
        let stated = try landscape(try CLI.run(["connectivity", swapped, "--distance", "1000", "--landscape", bigSwapped,
                                                "--assume-axis-order", "lat-lon", "--json"]))
        let plain = try landscape(try CLI.run(["connectivity", right, "--distance", "1000", "--landscape", big, "--json"]))
        #expect(stated != nil && stated == plain)
        #expect((plain ?? 0) > 9 * 10_000)   // 9 × the 0.1° square (≈ 107 km² = 10,700 ha), a little less at the north edge

        // The resistance is read first (a progress line), then the cores are refused.
        let raster = CLI.repository.appendingPathComponent("fixtures/banan/landuse_resistance.tif").path
        let r = try CLI.run(["corridors", "--cores", swapped, "--resistance", raster])
        #expect(r.status == 2)
        let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        for w in ["layer swapped", "axes look swapped", "--assume-axis-order lat-lon"] { #expect(last.contains(w), "\(r.stderr)") }
    }

    @Test func metresUnderAGeographicCRSAskForTheCRS() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let ring = "[36510000,3270000],[36520000,3270000],[36520000,3280000],[36510000,3280000],[36510000,3270000]"
        let path = try layer("metres", ring: ring, crs: "4490")
        refused(try CLI.run(["area", path]), [path, "layer metres", "look like metres", "--assume-crs", "EPSG:4524"])
        let r = try CLI.run(["area", path, "--assume-crs", "EPSG:4524"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("assumed: the source declares EPSG:4490"))
        #expect(r.stdout.contains("99.99"))   // 10 km × 10 km on the GK map, 15 km from its meridian
    }

    /// A Gauss–Krüger .prj on lon/lat data (the area came out as 0 before): refused, and read
    /// with --assume-crs, which sets the declared CRS aside and says why.
    @Test func degreesUnderAProjectedCRSAskForTheCRS() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try layer("degrees", crs: "4545")
        refused(try CLI.run(["area", path]), [path, "layer degrees", "look like degrees", "EPSG:4545", "--assume-crs EPSG:4490"])
        let r = try CLI.run(["area", path, "--assume-crs", "EPSG:4490"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("assumed: the source declares EPSG:4545"))
        #expect(r.stdout.contains("which its values cannot be in"))
        #expect(r.stdout.contains("107.42"))   // the 0.1° square at 29.5 °N, as areaRefuses… measures it in EPSG:4326
    }

    @Test func inspectSaysNotValidWithTheSameSentence() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try layer("lat95", extra: "[106.6,95]")
        let sentence = try CLI.run(["area", path]).stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "ecozone: ", with: "")
        let r = try CLI.run(["inspect", path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("validity: not valid: \(sentence)"))
        #expect(!r.stdout.contains("all geometries valid"))
        let json = try JSONSerialization.jsonObject(with: Data(try CLI.run(["inspect", path, "--json"]).stdout.utf8)) as! [String: Any]
        let first = (json["layers"] as! [[String: Any]])[0]
        #expect(first["coordinate_problem"] as? String == sentence)
        let swapped = try layer("swapped", ring: Self.swappedRing)
        #expect(try CLI.run(["inspect", swapped]).stdout.contains("validity: not valid:"))
        #expect(try CLI.run(["inspect", swapped, "--assume-axis-order", "lat-lon"]).stdout.contains("validity: all geometries valid"))
    }

    @Test func aFIFOAsSourceIsRefusedAtOnce() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("layer.geojson").path
        #expect(mkfifo(fifo, 0o644) == 0)
        // Run with a deadline: a regression would otherwise hang the suite.
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["area", fifo]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        try p.run()
        let finished = done.wait(timeout: .now() + 30) == .success
        if !finished {
            p.terminate()
            // Unblock it: open the write end and close it.
            let fd = open(fifo, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
            p.waitUntilExit()
        }
        #expect(finished, "area on a FIFO did not finish within 30 s")
        #expect(p.terminationStatus == 2)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains(fifo) && text.contains("named pipe (FIFO)"))
    }

    @Test func aShapefileHeaderClaimingBillionsOfRecordsIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = URL(fileURLWithPath: CLI.real("admin-amap-garybikini-2020/chongqing_districts.shp")).deletingPathExtension()
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            try FileManager.default.copyItem(at: base.appendingPathExtension(ext), to: dir.appendingPathComponent("d.\(ext)"))
        }
        let dbf = dir.appendingPathComponent("d.dbf")
        var bytes = try [UInt8](Data(contentsOf: dbf))
        bytes.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0xFF])   // 4,294,967,295 records
        try Data(bytes).write(to: dbf)
        let shp = dir.appendingPathComponent("d.shp").path
        for command in ["area", "inspect"] {
            refused(try CLI.run([command, shp]), [shp, "layer d", "claims 4294967295 record(s)"], command)
        }
    }

    /// A polygon of 1,000,000 vertices: the quadrangle 106.5–106.6 °E × 29.5–29.6 °N with 250,000
    /// vertices along each side, written as a shapefile byte by byte. Along the parallels the
    /// vertices are 4 cm apart, so the geodesic polygon is the quadrangle bounded by two meridians
    /// and two parallels, whose area has a closed form:
    /// A = b²Δλ/2 · [sin φ / (1 − e² sin² φ) + atanh(e sin φ) / e] from φ₁ to φ₂.
    @Test func aMillionVertexPolygonIsMeasuredAndInspected() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let perSide = 250_000
        let (w, e, s, n) = (106.5, 106.6, 29.5, 29.6)
        var xs: [Double] = [], ys: [Double] = []
        func side(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
            for k in 0..<perSide {
                let t = Double(k) / Double(perSide)
                xs.append(x0 + (x1 - x0) * t); ys.append(y0 + (y1 - y0) * t)
            }
        }
        // Clockwise, as a shapefile shell: up the west side, east along the north, down, west.
        side(w, s, w, n); side(w, n, e, n); side(e, n, e, s); side(e, s, w, s)
        xs.append(w); ys.append(s)
        let shp = try ShapefileBytes.writePolygon(xs: xs, ys: ys, named: "million", in: dir)

        let a = 6_378_137.0, f = 1 / 298.257222101
        let e2 = f * (2 - f), ecc = e2.squareRoot(), b2 = a * a * (1 - e2)
        func q(_ deg: Double) -> Double { let x = sin(deg * .pi / 180); return x / (1 - e2 * x * x) + atanh(ecc * x) / ecc }
        let expected = b2 * (0.1 * .pi / 180) / 2 * (q(n) - q(s)) / 1e6   // km²

        let r = try CLI.run(["area", shp, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let total = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["total"] as! Double
        #expect(abs(total - expected) / expected < 1e-9, "\(total) vs \(expected)")
        let i = try CLI.run(["inspect", shp])
        #expect(i.status == 0)
        #expect(i.stdout.contains("1 feature(s)") && i.stdout.contains("validity: all geometries valid"))
    }
}

/// A one-polygon shapefile written byte by byte (ESRI Shapefile Technical Description, 1998), in
/// WGS 84, with one integer field.
enum ShapefileBytes {
    static func writePolygon(xs: [Double], ys: [Double], named name: String, in dir: URL) throws -> String {
        func be(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
        func le(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        func le(_ v: Double) -> [UInt8] { withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        let box = [xs.min()!, ys.min()!, xs.max()!, ys.max()!]
        var content = le(Int32(5)) + box.flatMap { le($0) } + le(Int32(1)) + le(Int32(xs.count)) + le(Int32(0))
        content.reserveCapacity(content.count + 16 * xs.count)
        for i in xs.indices { content += le(xs[i]); content += le(ys[i]) }
        let record = be(1) + be(Int32(content.count / 2)) + content
        func header(_ length: Int) -> [UInt8] {
            be(9994) + [UInt8](repeating: 0, count: 20) + be(Int32(length / 2)) + le(Int32(1000)) + le(Int32(5))
                + box.flatMap { le($0) } + [UInt8](repeating: 0, count: 32)
        }
        let base = dir.appendingPathComponent(name)
        try Data(header(100 + record.count) + record).write(to: base.appendingPathExtension("shp"))
        try Data(header(108) + be(50) + be(Int32(content.count / 2))).write(to: base.appendingPathExtension("shx"))
        // dBASE III: 32-byte header, one 32-byte field descriptor (ID, N, 10), 0x0D; one record.
        var dbf: [UInt8] = [3, 124, 1, 1] + le(Int32(1)) + [65, 0, 11, 0] + [UInt8](repeating: 0, count: 20)
        dbf += Array("ID".utf8) + [UInt8](repeating: 0, count: 9) + Array("N".utf8) + [0, 0, 0, 0, 10, 0] + [UInt8](repeating: 0, count: 14)
        dbf += [0x0D] + Array(" ".utf8) + Array("         1".utf8) + [0x1A]   // not deleted; ID 1 right-aligned in 10
        try Data(dbf).write(to: base.appendingPathExtension("dbf"))
        try #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
            .write(to: base.appendingPathExtension("prj"), atomically: true, encoding: .ascii)
        return base.appendingPathExtension("shp").path
    }
}
