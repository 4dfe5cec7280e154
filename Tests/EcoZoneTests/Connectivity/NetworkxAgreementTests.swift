import Foundation
import Testing
@testable import EcoZone

/// Agreement with the independent brute-force networkx reference
/// (`scripts/reference/connectivity_networkx.py`, fixture `Fixtures/connectivity/networkx_reference.json`).
/// The reference removes every node and recomputes all pairs with Floyd–Warshall; its connector is the
/// remainder dI − intra − flux, so it carries subtraction noise that ours does not.
@Suite("Connectivity: agreement with the networkx brute-force reference")
struct NetworkxAgreementTests {
    struct Fixture: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable, CustomTestStringConvertible {
        struct Node: Decodable {
            var id: String
            var x: Double
            var y: Double
            var r: Double
            var area: Double
        }
        struct Reference: Decodable {
            var id: String
            var dIIC, dIIC_intra, dIIC_flux, dIIC_connector: Double
            var dPC, dPC_intra, dPC_flux, dPC_connector: Double
        }
        var name: String
        var distance_model: String
        var nodes: [Node]
        var missing_pairs: [[Int]]
        var D: Double
        var P: Double
        var pij_min: Double?
        var landscape_area: Double?
        var IIC_num: Double
        var PC_num: Double
        var pruned_links: Int
        var per_node: [Reference]

        var testDescription: String { "\(name) (\(nodes.count) nodes)" }

        /// The distance model of the generator, evaluated with the same operations in the same order.
        func network() throws -> ConnectivityNetwork {
            let missing = Set(missing_pairs.map { $0[0] * nodes.count + $0[1] })
            return try ConnectivityNetwork(ids: nodes.map(\.id), attributes: nodes.map(\.area)) { i, j in
                if missing.contains(i * nodes.count + j) { return .infinity }
                let a = nodes[i], b = nodes[j]
                switch distance_model {
                case "disc-edge":
                    let dx = a.x - b.x, dy = a.y - b.y
                    return max(0, (dx * dx + dy * dy).squareRoot() - a.r - b.r)
                case "grid-l1-squared":
                    let s = abs(a.x - b.x) + abs(a.y - b.y)
                    return s * s
                default:
                    return .nan
                }
            }
        }

        var parameters: ConnectivityParameters {
            ConnectivityParameters(distanceThreshold: D, probabilityAtThreshold: P,
                                   landscapeAttribute: landscape_area, minimumProbability: pij_min)
        }
    }

    static let cases: [Case] = {
        let url = connectivityFixtureURL("networkx_reference.json")
        guard let data = try? Data(contentsOf: url),
              let fixture = try? JSONDecoder().decode(Fixture.self, from: data) else { return [] }
        return fixture.cases
    }()

    @Test("The fixture is present")
    func fixturePresent() {
        #expect(Self.cases.count >= 3, "missing \(connectivityFixtureURL("networkx_reference.json").path)")
    }

    @Test("Indices and every node's dI fractions agree to 1e-9 relative", arguments: cases)
    func agreement(_ fixture: Case) throws {
        let report = try fixture.network().nodeImportance(with: fixture.parameters)
        #expect(connectivityClose(report.indices.iicNumerator, fixture.IIC_num, relative: 1e-9, absolute: 0))
        #expect(connectivityClose(report.indices.pcNumerator, fixture.PC_num, relative: 1e-9, absolute: 0))
        #expect(report.prunedLinkCount == fixture.pruned_links)
        #expect(report.isPruned == (fixture.pij_min != nil))

        var connectors = (iic: 0, pc: 0)
        for (ours, reference) in zip(report.perNode, fixture.per_node) {
            #expect(ours.id == reference.id)
            let pairs: [(String, Double, Double)] = [
                ("dIIC", ours.dIIC, reference.dIIC), ("dIIC_intra", ours.dIICIntra, reference.dIIC_intra),
                ("dIIC_flux", ours.dIICFlux, reference.dIIC_flux),
                ("dPC", ours.dPC, reference.dPC), ("dPC_intra", ours.dPCIntra, reference.dPC_intra),
                ("dPC_flux", ours.dPCFlux, reference.dPC_flux),
            ]
            for (name, value, expected) in pairs {
                #expect(connectivityClose(value, expected, relative: 1e-9, absolute: 1e-12), "\(name) of \(ours.id)")
            }
            // The reference connector is a remainder: compare relative to the node's dI.
            #expect(abs(ours.dIICConnector - reference.dIIC_connector) <= 1e-9 * reference.dIIC + 1e-12,
                    "dIIC_connector of \(ours.id): \(ours.dIICConnector) vs \(reference.dIIC_connector)")
            #expect(abs(ours.dPCConnector - reference.dPC_connector) <= 1e-9 * reference.dPC + 1e-12,
                    "dPC_connector of \(ours.id): \(ours.dPCConnector) vs \(reference.dPC_connector)")
            if ours.dIICConnector > 0 { connectors.iic += 1 }
            if ours.dPCConnector > 0 { connectors.pc += 1 }
        }
        // Every case exercises non-zero connectors for both indices.
        #expect(connectors.iic > 0 && connectors.pc > 0)
    }
}
