import Foundation
import Testing
@testable import EcoZone

/// The exact Euclidean distance transform in metres against scipy.ndimage.distance_transform_edt with
/// `sampling` (scripts/reference/edt_ahp_numpy.py) to 1e-9 m, and small cases by hand.
@Suite("Euclidean distance transform")
struct EuclideanDistanceTests {
    struct Reference: Decodable {
        struct Case: Decodable { var width: Int; var height: Int; var dx: Double; var dy: Double; var features: [Int]; var distances: [Double] }
        var edt: [Case]
    }

    @Test("agrees with scipy to 1e-9 m: square and anisotropic cells, points, a line, one corner cell")
    func scipy() throws {
        let reference = try JSONDecoder().decode(Reference.self, from: GzipFixture.data("resistance/reference.json.gz"))
        #expect(reference.edt.count == 3)
        for c in reference.edt {
            let features = Set(c.features)
            let d = EuclideanDistance.transform(width: c.width, height: c.height, dx: c.dx, dy: c.dy) { features.contains($0) }
            let worst = zip(d, c.distances).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= 1e-9, "\(c.width)×\(c.height): \(worst)")
        }
    }

    @Test("by hand: a 3-4-5 triangle in 30 m × 40 m cells, no features, all features")
    func byHand() {
        // One feature at (0, 0); the cell 4 columns right and 3 rows down is √((4·30)² + (3·40)²) = 169.7 m away.
        let d = EuclideanDistance.transform(width: 5, height: 4, dx: 30, dy: 40) { $0 == 0 }
        #expect(d[0] == 0 && d[1] == 30 && d[5] == 40 && abs(d[3 * 5 + 4] - (120.0 * 120 + 120 * 120).squareRoot()) < 1e-12)
        #expect(abs(d[5 + 1] - 50) < 1e-12)
        #expect(EuclideanDistance.transform(width: 3, height: 2, dx: 1, dy: 1) { _ in false }.allSatisfy { $0 == .infinity })
        #expect(EuclideanDistance.transform(width: 3, height: 2, dx: 1, dy: 1) { _ in true }.allSatisfy { $0 == 0 })
    }
}
