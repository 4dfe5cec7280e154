import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The typed project file: unknown keys warned with their lines (errors when strict), wrong types
/// refused with their lines, roles at several dates, roles from several sources. Lines are counted in
/// the YAML written here.
@Suite struct ProjectGrammarTests {
    /// Writes `yaml` as project.yaml in a fresh folder; the folder and the path.
    static func write(_ yaml: String) throws -> (URL, String) {
        let dir = TestPaths.temporaryDirectory()
        let path = dir.appendingPathComponent("project.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    static func load(_ yaml: String, strict: Bool = false) throws -> Project {
        let (dir, path) = try write(yaml)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try Project.load(path, strict: strict)
    }

    /// The refusal's message, or nil when the file is accepted.
    static func refusal(_ yaml: String, strict: Bool = false) throws -> String? {
        do { _ = try load(yaml, strict: strict); return nil } catch let e as GeoKitError {
            #expect(e.kind == .input && e.file?.hasSuffix("project.yaml") == true)
            return e.message
        }
    }

    static let misspelt = """
    name: 锦屏县国土空间生态修复规划
    zone: 36
    layers:
      towns: { source: towns.shp, nmae: NAME }
      protected-areas:
        sources:
          - { source: a.shp, colour: red }
    pattern:
      label: 三屏、两廊、三区
      zones: { source: zones.shp }
      elements:
        屏: { source: pa.shp, kind: barrier }
    x-shared: &gbk { encoding: CP936 }
    """

    @Test func unknownKeysAreWarningsNamingKeyAndLine() throws {
        let p = try Self.load(Self.misspelt)
        let found = p.warnings.map { "\($0.line) \($0.key)" }
        #expect(found == ["2 zone", "4 nmae", "7 colour", "10 zones"], "\(p.warnings)")
        #expect(p.warnings.allSatisfy { $0.file.hasSuffix("project.yaml") })
        let nmae = try #require(p.warnings.first { $0.key == "nmae" })
        #expect(nmae.message.hasPrefix("unknown key 'nmae' in layer 'towns' is ignored"), "\(nmae.message)")
        #expect(nmae.message.hasSuffix("did you mean 'name'?"), "\(nmae.message)")
        let zones = try #require(p.warnings.first { $0.key == "zones" })
        #expect(zones.message.hasPrefix("unknown key 'zones' in 'pattern' is ignored"))
        #expect(nmae.description.hasSuffix("project.yaml: line 4: " + nmae.message))
        // Ignored means ignored: the mapped field is not taken from the misspelt key.
        #expect(p.layer(.towns)?.field(.name) == nil)
    }

    @Test func strictMakesWarningsErrors() throws {
        let m = try Self.refusal(Self.misspelt, strict: true)
        #expect(m?.hasPrefix("line 2: unknown key 'zone' at the top level is ignored") == true, "\(m ?? "accepted")")
        #expect(m?.contains("(and 3 more: lines 4, 7, 10)") == true, "\(m ?? "accepted")")
        // strict: true in the file does the same; a clean file passes either way.
        #expect(try Self.refusal("strict: true\n" + Self.misspelt)?.hasPrefix("line 3: unknown key 'zone'") == true)
        #expect(try Self.refusal("strict: true\nlayers:\n  boundary: b.shp\n") == nil)
        #expect(try Self.load("layers:\n  boundary: b.shp\n", strict: true).warnings.isEmpty)
    }

    @Test func wrongTypesAreRefusedWithTheirLine() throws {
        let base = "layers:\n  boundary: b.shp\n"
        let cases: [(String, String)] = [
            (base + "  red-line: { source: r.shp, year: twenty }\n", "line 3: layer 'red-line': 'year' must be a year such as 2020, got 'twenty'"),
            (base + "  parks: { source: p.geojson, datum: bd09 }\n", "line 3: layer 'parks': 'datum' must be gcj02"),
            (base + "  parks: { source: p.geojson, axis-order: north }\n", "line 3: layer 'parks': 'axis-order' must be lon-lat or lat-lon, got 'north'"),
            (base + "  towns: { source: t.shp, name: [NAME, MC] }\n", "line 3: layer 'towns': 'name' must be a single value"),
            ("strict: maybe\n" + base, "line 1: 'strict' must be true or false, got 'maybe'"),
            (base + "pattern:\n  elements:\n    屏: { source: m.shp, width: wide }\n", "line 5: element '屏': 'width' must be a distance in metres, got 'wide'"),
            (base + "pattern:\n  elements:\n    群: { source: m.shp }\n", "line 5: element '群': '群' has no default kind"),
            (base + "pattern:\n  elements:\n    屏: m.shp\n  links: [[屏, 带]]\n", "line 6: link rule [屏, 带]: '带' names no element of the pattern"),
            (base + "pattern:\n  links: [屏, 带]\n", "line 4: each link rule is a pair [FROM, TO]"),
            (base + "pattern:\n  barriers: r.shp\n  elements:\n    屏: m.shp\n", "line 6: the pattern names elements both under 'elements' and as barriers"),
            (base + "  protected-areas:\n    sources: [a.shp]\n    source: b.shp\n", "line 4: layer 'protected-areas' has both 'source' and 'sources'"),
            (base + "  red-line: [a.shp, b.shp]\n", "line 3: layer 'red-line': a list under a role lists the role's dated versions"),
        ]
        for (yaml, expected) in cases {
            let m = try Self.refusal(yaml)
            #expect(m?.hasPrefix(expected) == true, "\(yaml)\n→ \(m ?? "accepted")")
        }
    }

    @Test func rolesAreOneTypeWithConstants() {
        #expect(Role.redLine.rawValue == "red-line" && Role.protectedAreas.rawValue == "protected-areas")
        #expect(Role.known.map(\.rawValue) == ["boundary", "towns", "red-line", "protected-areas", "soil-erosion", "rocky-desertification",
                                               "restoration-zones", "projects"])
        #expect(Role("amap-parks").isKnown == false && Role.towns.isKnown)
        #expect(Role(rawValue: "red-line") == .redLine)
    }

    @Test func datedVersionsOfOneRole() throws {
        let p = try Self.load("""
        layers:
          boundary: b.shp
          red-line:
            - { source: redline.gpkg, layer: redline_2020, year: 2020 }
            - { source: redline.gpkg, layer: redline_2023, year: 2023 }
          protected-areas-2019: { source: pa2019.shp }
          protected-areas: { source: pa.shp }
        """)
        #expect(p.warnings.isEmpty)
        // The latest date is the default; both dates addressable by year and by name.
        #expect(p.layer(.redLine)?.year == 2023 && p.layer(.redLine)?.sources.first?.layer == "redline_2023")
        #expect(p.layer(.redLine, year: 2020)?.sources.first?.layer == "redline_2020")
        #expect(p.layer(named: "red-line-2020")?.year == 2020 && p.layer(named: "red-line-2023")?.year == 2023)
        #expect(p.layer(named: "red-line")?.year == 2023)
        #expect(p.layerNames == ["boundary", "red-line-2020", "red-line", "protected-areas-2019", "protected-areas"])
        #expect(p.versions(of: .redLine).map(\.year) == [2020, 2023])
        // The older two-name form: ROLE-YEAR is ROLE at YEAR, and the undated one is the current one.
        #expect(p.layer(.protectedAreas)?.year == nil && p.layer(.protectedAreas)?.sources.first?.path.hasSuffix("/pa.shp") == true)
        #expect(p.layer(.protectedAreas, year: 2019)?.name == "protected-areas-2019")
        #expect(p.roles == [.boundary, .redLine, .protectedAreas])
        // Two versions at one date are refused with both lines.
        let m = try Self.refusal("layers:\n  red-line: [{ source: a.shp, year: 2020 }, { source: b.shp, year: 2020 }]\n  red-line-2020: c.shp\n")
        #expect(m?.contains("role 'red-line' has two versions dated 2020 (lines 2 and 2)") == true, "\(m ?? "accepted")")
        #expect(try Self.refusal("layers:\n  red-line: a.shp\n  red-line-2020: { source: c.shp, year: 2021 }\n")?
            .hasPrefix("line 3: layer 'red-line-2020' is dated 2020 by its name but 2021 by 'year'") == true)
    }

    @Test func severalSourcesWithTheirOwnOptions() throws {
        let (dir, path) = try Self.write("""
        crs: EPSG:4524
        layers:
          protected-areas:
            sources:
              - reserves.shp
              - { source: parks.gpkg, layer: parks, name: MC, where: "LEVEL = '省级'" }
              - { source: /data/scenic.geojson, datum: gcj02, axis-order: lat-lon }
            name: NAME
            class: TYPE
            encoding: CP936
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try Project.load(path)
        let l = try #require(p.layer(.protectedAreas))
        #expect(l.sources.map(\.path) == [dir.appendingPathComponent("reserves.shp").path, dir.appendingPathComponent("parks.gpkg").path,
                                          "/data/scenic.geojson"])
        #expect(l.sources.map { $0.field(.name) } == ["NAME", "MC", "NAME"])        // layer-level defaults, overridden per source
        #expect(l.sources.allSatisfy { $0.encoding == "CP936" && $0.field(.class) == "TYPE" })
        #expect(l.sources[1].layer == "parks" && l.sources[1].whereClause == "LEVEL = '省级'")
        #expect(l.sources[2].gcj02 && l.sources[2].axisOrder == .latLon && !l.sources[0].gcj02)
        #expect(l.sources.map(\.line) == [5, 6, 7])
        // Read as one layer: the second source's MC comes out as NAME; parts meet in the analysis CRS.
        let r = l.request
        #expect(r.parts.count == 3 && r.commonCRS == "EPSG:4524")
        #expect(r.parts[1].fieldNames == ["NAME": "MC"] && r.parts[0].fieldNames.isEmpty)
        #expect(l.field(.name) == "NAME")
        // Every source is an input (hashed in run.json, guarded against overwriting).
        #expect(Set(l.sources.map(\.path)).isSubset(of: Set(p.inputFiles)))
    }

    @Test func inputFilesListEverySourceAndMissingOnesAreNamedWithTheirLine() throws {
        let (dir, path) = try Self.write("""
        claims: claims.yaml
        layers:
          boundary: boundary.shp
          red-line:
            - { source: rl2020.gpkg, year: 2020 }
            - { source: rl2023.gpkg, year: 2023 }
          protected-areas: { sources: [a.shp, b.shp] }
        pattern:
          elements:
            廊: { sources: [ridges.shp, rivers.shp] }
          breaks: { source: builtup.shp }
          resistance: resistance.tif
          landuse: landuse.tif
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try Project.load(path)
        let names = ["claims.yaml", "boundary.shp", "rl2020.gpkg", "rl2023.gpkg", "a.shp", "b.shp", "ridges.shp", "rivers.shp", "builtup.shp",
                     "resistance.tif", "landuse.tif"]
        #expect(p.inputFiles == [path] + names.map { dir.appendingPathComponent($0).path })
        // None exists yet: the first named is reported with its line; then each in turn.
        #expect(throws: GeoKitError.self) { try p.checkInputsExist() }
        do { try p.checkInputsExist() } catch let e as GeoKitError {
            #expect(e.message == "line 1: 'claims' names \(dir.appendingPathComponent("claims.yaml").path), which does not exist", "\(e.message)")
        }
        for name in names.prefix(5) { try "".write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        do { try p.checkInputsExist() } catch let e as GeoKitError {
            #expect(e.message.hasPrefix("line 7: layer 'protected-areas' names \(dir.appendingPathComponent("b.shp").path)"), "\(e.message)")
        }
    }
}
