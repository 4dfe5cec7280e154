import Foundation
@testable import EcoZone

/// Builds a network from node names, attributes and the listed unordered distances; unlisted pairs
/// get `fill` (default +∞: no direct link).
func makeNetwork(
    _ ids: [String], attributes: [Double], distances: [String: Double], fill: Double = .infinity
) throws -> ConnectivityNetwork {
    let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    let n = ids.count
    var matrix = [Double](repeating: fill, count: n * n)
    for i in 0..<n { matrix[i * n + i] = 0 }
    for (pair, value) in distances {
        let parts = pair.split(separator: "-").map(String.init)
        let i = index[parts[0]]!, j = index[parts[1]]!
        matrix[i * n + j] = value
        matrix[j * n + i] = value
    }
    return try ConnectivityNetwork(ids: ids, attributes: attributes, distances: matrix)
}

/// `|actual − expected| ≤ relative · |expected| + absolute`.
func connectivityClose(_ actual: Double, _ expected: Double, relative: Double = 1e-12, absolute: Double = 1e-12) -> Bool {
    abs(actual - expected) <= relative * abs(expected) + absolute
}

/// The directory of connectivity fixtures, found from this file's real location so that it works
/// both in the main package and in a package that links these tests through a symlink.
func connectivityFixtureURL(_ name: String, file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Connectivity
        .deletingLastPathComponent()  // EcoZoneTests
        .appendingPathComponent("Fixtures/connectivity/\(name)")
}


extension ConnectivityNetwork {
    /// The network without node `k` (brute-force removal, for cross-checks).
    func removing(_ k: Int) throws -> ConnectivityNetwork {
        let keep = (0..<count).filter { $0 != k }
        return try ConnectivityNetwork(
            ids: keep.map { ids[$0] }, attributes: keep.map { attributes[$0] },
            distance: { i, j in distance(keep[i], keep[j]) })
    }
}
