import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// AHP weights on Saaty's textbook examples (../shared/notes/methods-2.md §4, hand + numpy, to the
/// printed digits), the 3 × 3 closed form λmax = 1 + r^{1/3} + r^{−1/3} (r = a12·a23/a13), and two
/// larger matrices against numpy.linalg.eig (scripts/reference/edt_ahp_numpy.py).
@Suite("AHP weights")
struct AHPTests {
    static func close(_ a: [Double], _ b: [Double], _ tol: Double) -> Bool { zip(a, b).allSatisfy { abs($0 - $1) <= tol } }

    @Test("[[1,3,5],[1/3,1,3],[1/5,1/3,1]]: w = (0.6370, 0.2583, 0.1047), λ = 3.0385, CI = 0.0193, CR = 0.0332")
    func saaty3() throws {
        let r = try AHP.weights([[1, 3, 5], [1.0 / 3, 1, 3], [1.0 / 5, 1.0 / 3, 1]])
        #expect(Self.close(r.weights, [0.6370, 0.2583, 0.1047], 0.00005))
        #expect(abs(r.lambdaMax - 3.0385) < 0.00005 && abs(r.consistencyIndex - 0.0193) < 0.00005)
        #expect(abs(r.consistencyRatio - 0.0332) < 0.00005 && r.acceptable && r.randomIndex == 0.58)
        // Closed form, and the eigenvector of a 3 × 3 is the row geometric means.
        let ratio = 3.0 * 3 / 5
        #expect(abs(r.lambdaMax - (1 + pow(ratio, 1.0 / 3) + pow(ratio, -1.0 / 3))) < 1e-12)
        let g = [15.0, 1, 1.0 / 15].map { pow($0, 1.0 / 3) }, gs = g.reduce(0, +)
        #expect(Self.close(r.weights, g.map { $0 / gs }, 1e-12))
    }

    @Test("a consistent matrix: w = (4/7, 2/7, 1/7), λ = 3, CR = 0")
    func consistent() throws {
        let r = try AHP.weights([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]])
        #expect(Self.close(r.weights, [4.0 / 7, 2.0 / 7, 1.0 / 7], 1e-12))
        #expect(abs(r.lambdaMax - 3) < 1e-12 && r.consistencyRatio < 1e-12 && r.acceptable)
    }

    @Test("an intransitive matrix: λ = 13/3, CR = 1.149, rejected; w = (1/3, 1/3, 1/3)")
    func intransitive() throws {
        let r = try AHP.weights([[1, 3, 1.0 / 3], [1.0 / 3, 1, 3], [3, 1.0 / 3, 1]])
        #expect(Self.close(r.weights, [1.0 / 3, 1.0 / 3, 1.0 / 3], 1e-12))
        #expect(abs(r.lambdaMax - 13.0 / 3) < 1e-12 && abs(r.consistencyRatio - 1.149) < 0.0005 && !r.acceptable)
    }

    @Test("4 × 4: w = (0.5650, 0.2622, 0.1175, 0.0553), λ = 4.1170, CI = 0.0390, CR = 0.0433")
    func saaty4() throws {
        let r = try AHP.weights([[1, 3, 5, 7], [1.0 / 3, 1, 3, 5], [1.0 / 5, 1.0 / 3, 1, 3], [1.0 / 7, 1.0 / 5, 1.0 / 3, 1]])
        #expect(Self.close(r.weights, [0.5650, 0.2622, 0.1175, 0.0553], 0.00005))
        #expect(abs(r.lambdaMax - 4.1170) < 0.00005 && abs(r.consistencyIndex - 0.0390) < 0.00005 && abs(r.consistencyRatio - 0.0433) < 0.00005)
    }

    struct Reference: Decodable {
        struct Case: Decodable { var matrix: [[Double]]; var weights: [Double]; var lambda_max: Double; var cr: Double }
        var ahp: [Case]
    }

    @Test("five and six factors agree with numpy.linalg.eig to 1e-12")
    func numpy() throws {
        let reference = try JSONDecoder().decode(Reference.self, from: GzipFixture.data("resistance/reference.json.gz"))
        #expect(reference.ahp.count == 2)
        for c in reference.ahp {
            let r = try AHP.weights(c.matrix)
            #expect(Self.close(r.weights, c.weights, 1e-12), "\(r.weights) vs \(c.weights)")
            #expect(abs(r.lambdaMax - c.lambda_max) < 1e-12 && abs(r.consistencyRatio - c.cr) < 1e-12)
        }
    }

    @Test("malformed matrices are refused: not square, not positive, diagonal not 1, not reciprocal, too large")
    func refusals() {
        for m: [[Double]] in [[[1, 2], [0.5]], [[1, -2], [-0.5, 1]], [[2, 2], [0.5, 1]], [[1, 3], [0.5, 1]],
                              Array(repeating: Array(repeating: 1, count: 11), count: 11)] {
            #expect(throws: GeoKitError.self) { try AHP.weights(m) }
        }
        // 1/3 written 0.333 is within 1 %.
        #expect((try? AHP.weights([[1, 3], [0.333, 1]])) != nil)
    }
}
