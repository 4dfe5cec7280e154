import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Makurhini's TMVS example (404 habitat polygons, ../shared/data/real/connectivity-makurhini-tmvs):
/// centroid distances, D = 10 km, P = 0.5, areas in ha, A_L = the study-area polygon.
///
/// Two independent sources:
/// - `Fixtures/connectivity/tmvs_networkx_reference.json`, made by
///   `scripts/reference/connectivity_tmvs_networkx.py` (shapely areas and Makurhini's centroid rule,
///   networkx link graphs, Floyd–Warshall brute force over every removal), checked to 1e-9 relative.
/// - The figures Makurhini publishes (`docs/articles/PC_IIC.html`, commit 4f75934, examples 3 and 4,
///   printed to 7 significant digits or 7 decimals), copied below by hand.
@Suite("Connectivity: Makurhini TMVS habitat nodes (shapely/networkx reference, published values)")
struct MakurhiniTMVSTests {
    struct Fixture: Decodable {
        struct Variant: Decodable {
            struct Row: Decodable {
                var id: String
                var dIIC, dIIC_intra, dIIC_flux, dIIC_connector: Double
                var dPC, dPC_intra, dPC_flux, dPC_connector: Double
            }
            var name: String
            var pij_min: Double?
            var IIC_num, PC_num: Double
            var IIC_num_sentinel_extra: Double
            var PC_direct_num: Double
            var pruned_links: Int
            var per_node: [Row]
        }
        var D, P, landscape_area_ha: Double
        var ids: [String]
        var area_ha, x, y: [Double]
        var point_on_surface_ids: [String]
        var repaired_ids: [String]
        var variants: [Variant]
    }

    static let gpkg = TestPaths.real("connectivity-makurhini-tmvs/makurhini_tmvs.gpkg")

    static let fixture: Fixture? = {
        guard let data = try? Data(contentsOf: connectivityFixtureURL("tmvs_networkx_reference.json")) else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    /// The nodes, loaded once (the layer read and the geometry work are the slow part in debug builds).
    static let nodes: Result<HabitatNodes, any Error> = Result {
        try HabitatNodes.load(try LoadedLayer.load(LayerRequest(source: gpkg, layer: "habitat_nodes")), idField: "Id",
                              rule: .centroid)
    }

    static let landscape: Result<Double, any Error> = Result {
        try HabitatNodes.landscapeArea(of: try LoadedLayer.load(LayerRequest(source: gpkg, layer: "TMVS_study_area")))
    }

    static let unpruned: Result<ConnectivityReport, any Error> = Result { try makeReport(pijMin: nil) }
    static let pruned: Result<ConnectivityReport, any Error> = Result { try makeReport(pijMin: 0.01) }

    static func makeReport(pijMin: Double?) throws -> ConnectivityReport {
        try nodes.get().network().nodeImportance(
            with: ConnectivityParameters(distanceThreshold: 10_000, probabilityAtThreshold: 0.5,
                                         landscapeAttribute: try landscape.get(), minimumProbability: pijMin))
    }

    static func report(pijMin: Double?) throws -> ConnectivityReport {
        try (pijMin == nil ? unpruned : pruned).get()
    }

    @Test("Areas, Makurhini's centroid / point-on-surface rule and the landscape area agree with shapely")
    func geometryAgreesWithShapely() throws {
        let f = try #require(Self.fixture, "run scripts/reference/connectivity_tmvs_networkx.py")
        let nodes = try Self.nodes.get()
        #expect(nodes.ids == f.ids)
        #expect(nodes.rule == .centroid && !nodes.areasAreEllipsoidal)
        for i in f.ids.indices {
            #expect(connectivityClose(nodes.areas[i], f.area_ha[i], relative: 1e-9, absolute: 0), "area of \(f.ids[i])")
            #expect(abs(nodes.pointX[i] - f.x[i]) < 1e-6 && abs(nodes.pointY[i] - f.y[i]) < 1e-6, "point of \(f.ids[i])")
        }
        #expect(nodes.pointOnSurfaceNodes.map { nodes.ids[$0] } == f.point_on_surface_ids)
        #expect(nodes.repairs.map { String($0.fid) } == f.repaired_ids)
        let landscape = try Self.landscape.get()
        #expect(connectivityClose(landscape, f.landscape_area_ha, relative: 1e-12, absolute: 0))
        // SOURCE.md: 404 nodes, 1,273,573.925 ha in all, study area 2,761,373.494 ha.
        #expect(abs(nodes.areas.reduce(0, +) - 1_273_573.925) < 0.001)
        #expect(abs(landscape - 2_761_373.494) < 0.001)
    }

    @Test("Every node's dI and fractions agree with the networkx brute force to 1e-9", arguments: [nil, 0.01] as [Double?])
    func agreesWithNetworkx(pijMin: Double?) throws {
        let f = try #require(Self.fixture, "run scripts/reference/connectivity_tmvs_networkx.py")
        let variant = try #require(f.variants.first { $0.pij_min == pijMin })
        let report = try Self.report(pijMin: pijMin)
        #expect(connectivityClose(report.indices.iicNumerator, variant.IIC_num, relative: 1e-9, absolute: 0))
        #expect(connectivityClose(report.indices.pcNumerator, variant.PC_num, relative: 1e-9, absolute: 0))
        #expect(report.prunedLinkCount == variant.pruned_links)
        for (mine, ref) in zip(report.perNode, variant.per_node) {
            #expect(mine.id == ref.id)
            // Intra and flux are direct sums on both sides: 1e-9 relative.
            for (a, b) in [(mine.dIICIntra, ref.dIIC_intra), (mine.dIICFlux, ref.dIIC_flux),
                           (mine.dPCIntra, ref.dPC_intra), (mine.dPCFlux, ref.dPC_flux)] {
                #expect(connectivityClose(a, b, relative: 1e-9, absolute: 0), "node \(ref.id): \(a) vs \(b)")
            }
            // The reference's dI is 100 (num − num_−k) / num, two sums of ~2e11 that cancel: ~1e-14 % of
            // noise, which is more than 1e-9 relative for the smallest nodes (dI ~ 1e-7 %).
            #expect(connectivityClose(mine.dIIC, ref.dIIC, relative: 1e-9, absolute: 1e-12), "node \(ref.id)")
            #expect(connectivityClose(mine.dPC, ref.dPC, relative: 1e-9, absolute: 1e-12), "node \(ref.id)")
            // The reference's connector is dI − intra − flux: the same noise.
            #expect(connectivityClose(mine.dIICConnector, ref.dIIC_connector, relative: 1e-9, absolute: 1e-11))
            #expect(connectivityClose(mine.dPCConnector, ref.dPC_connector, relative: 1e-9, absolute: 1e-11))
        }
    }

    /// Makurhini's published PC figures are made with its default pij_min = 0.01 (methods.md §1.5).
    @Test("PC matches Makurhini's published example (pij_min 0.01) to its printed precision")
    func matchesPublishedPC() throws {
        let report = try Self.report(pijMin: 0.01)
        let ix = report.indices
        func printed(_ x: Double) -> String { String(format: "%.6e", x) }
        #expect(printed(ix.pcNumerator) == "2.135845e+11")
        #expect(printed(ix.equivalentConnectivityPC) == "4.621521e+05")
        #expect(printed(try #require(ix.pc)) == "2.801041e-02")
        // Overall split (5 decimals): PCintra 86.06978 %, PCdirect 13.10029 %, PCstep 0.82993 % (they sum to
        // 100, so Makurhini's equal redistribution of a rounding deficit did not apply). Intra is Σ dPCintra;
        // the direct part Σ_{i≠j} a_i a_j p_ij over the pruned links comes from the networkx fixture.
        let intra = report.perNode.reduce(0) { $0 + $1.dPCIntra }
        #expect(abs(intra - 86.06978) <= 0.6e-5)
        if let f = Self.fixture, let variant = f.variants.first(where: { $0.pij_min == 0.01 }) {
            let direct = 100 * variant.PC_direct_num / ix.pcNumerator
            #expect(abs(direct - 13.10029) <= 0.6e-5)
            #expect(abs((100 - intra - direct) - 0.82993) <= 1.2e-5)
        }
        // Id, dPC, dPCintra, dPCflux, dPCconnector (7 decimals; connector printed to 7 significant digits).
        let published: [(String, Double, Double, Double, Double)] = [
            ("1", 0.0016587, 0.0000034, 0.0016553, 5.102300e-16),
            ("2", 0.0061692, 0.0000227, 0.0052477, 8.987064e-04),
            ("3", 0.1964884, 0.0568579, 0.1396305, 2.747800e-15),
            ("4", 0.0038583, 0.0000069, 0.0038510, 4.289210e-07),
            ("5", 0.0044289, 0.0000160, 0.0044129, 3.158060e-15),
            ("6", 0.0007536, 0.0000003, 0.0007532, 0.0),
            ("7", 0.0012421, 0.0000009, 0.0012412, 1.645555e-08),
            ("8", 0.0016415, 0.0000016, 0.0016400, 0.0),
            ("9", 0.0055872, 0.0000194, 0.0055677, 1.515382e-07),
            ("10", 0.8898083, 0.4058061, 0.4840021, 2.007755e-08),
        ]
        for (id, dPC, intra, flux, connector) in published {
            let node = try #require(report.perNode.first { $0.id == id })
            #expect(abs(node.dPC - dPC) <= 0.6e-7, "dPC \(id)")
            #expect(abs(node.dPCIntra - intra) <= 0.6e-7, "dPCintra \(id)")
            #expect(abs(node.dPCFlux - flux) <= 0.6e-7, "dPCflux \(id)")
            // Makurhini's connector is max(0, dPC − intra − flux): ~1e-15 noise where the true value is 0.
            #expect(abs(node.dPCConnector - connector) <= 5e-7 * connector + 1e-14, "dPCconnector \(id)")
        }
    }

    /// Makurhini's IIC counts unreachable pairs with the finite sentinel path length 16443701 in its base
    /// value but not after a removal (methods.md §1.5). With that term S added back — S comes from the
    /// shapely/networkx fixture — the published figures are reproduced; without it ours are exact.
    @Test("IIC matches Makurhini's published example once its sentinel term is added back")
    func matchesPublishedIIC() throws {
        let f = try #require(Self.fixture, "run scripts/reference/connectivity_tmvs_networkx.py")
        let report = try Self.report(pijMin: nil)
        // Per node: R_i = Σ_{j not reachable from i} a_j / (1 + 16443701), with reachability by union–find
        // over the shapely points (links d < D), written here for the test.
        var parent = Array(f.ids.indices)
        func root(_ i: Int) -> Int { var i = i; while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }; return i }
        for i in f.ids.indices {
            for j in (i + 1)..<f.ids.count where ((f.x[i] - f.x[j]) * (f.x[i] - f.x[j]) + (f.y[i] - f.y[j]) * (f.y[i] - f.y[j])).squareRoot() < 10_000 {
                parent[root(i)] = root(j)
            }
        }
        var componentArea: [Int: Double] = [:]
        for i in f.ids.indices { componentArea[root(i), default: 0] += f.area_ha[i] }
        let total = f.area_ha.reduce(0, +)
        let rows = f.ids.indices.map { (total - componentArea[root($0)]!) / 16_443_702 }
        let s = zip(f.area_ha, rows).reduce(0) { $0 + $1.0 * $1.1 }
        let fixtureS = try #require(f.variants.first { $0.pij_min == nil }).IIC_num_sentinel_extra
        #expect(connectivityClose(s, fixtureS, relative: 1e-9, absolute: 0))
        let num = report.indices.iicNumerator
        let la = try #require(report.parameters.landscapeAttribute)
        // Printed to 7 significant digits: with S every figure rounds to the published one; without S,
        // IICnum and IIC round differently (S / num ≈ 3.7e-7).
        func printed(_ x: Double) -> String { String(format: "%.6e", x) }
        #expect(printed(num + s) == "2.041991e+11")
        #expect(printed((num + s).squareRoot()) == "4.518840e+05")
        #expect(printed((num + s) / (la * la)) == "2.677957e-02")
        #expect(printed(num) == "2.041990e+11" && printed(num / (la * la)) == "2.677956e-02")
        let published: [(String, Double, Double, Double)] = [  // Id, dIIC, dIICintra, dIICflux
            ("1", 0.0005096, 0.0000036, 0.0004694), ("2", 0.0012550, 0.0000237, 0.0011946),
            ("3", 0.0611657, 0.0594712, 0.0016525), ("4", 0.0017883, 0.0000072, 0.0017446),
            ("5", 0.0051043, 0.0000167, 0.0050510), ("6", 0.0008232, 0.0000003, 0.0007862),
            ("7", 0.0013356, 0.0000009, 0.0012981), ("8", 0.0017571, 0.0000016, 0.0017189),
            ("9", 0.0056226, 0.0000203, 0.0055657), ("10", 0.4262390, 0.4244579, 0.0017467),
        ]
        for (id, dIIC, intra, flux) in published {
            let k = try #require(report.perNode.firstIndex { $0.id == id })
            let node = report.perNode[k]
            // Makurhini: dI = 100 (num + S − num_−k) / (num + S), where num_−k = num − (our dI) · num / 100.
            let makurhini = (node.dIIC * num + 100 * s) / (num + s)
            #expect(abs(makurhini - dIIC) <= 0.6e-7, "dIIC \(id): \(makurhini)")
            #expect(abs(node.dIICIntra * num / (num + s) - intra) <= 0.6e-7, "dIICintra \(id)")
            // Makurhini's flux uses row sums that include the sentinel pairs: 200 (rowSum − a²) / (num + S).
            let makurhiniFlux = (node.dIICFlux * num + 200 * node.attribute * rows[k]) / (num + s)
            #expect(abs(makurhiniFlux - flux) <= 0.6e-7, "dIICflux \(id): \(makurhiniFlux)")
        }
    }
}
