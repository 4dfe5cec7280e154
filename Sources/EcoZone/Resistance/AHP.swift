import Foundation
import GeoKit

/// Weights from an AHP pairwise comparison matrix (Saaty 1980, *The Analytic Hierarchy Process*).
///
/// For an n × n positive reciprocal matrix A (a_ii = 1, a_ji = 1/a_ij) the weights w are its
/// principal (Perron) eigenvector, scaled so that Σw = 1, found by power iteration (A is positive,
/// so the iteration converges to it from the uniform vector); λmax is its eigenvalue (λmax ≥ n).
/// CI = (λmax − n)/(n − 1) and CR = CI / RI(n) with Saaty's (1980) random indices
/// RI = 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 for n = 1…10; CR is 0 for n ≤ 2. A matrix
/// with CR ≥ 0.10 fails Saaty's 10 % rule: its judgements contradict each other too much, and a
/// warning says so. Only the upper triangle is used as given; the lower is its reciprocal (a user's
/// 0.333 for 1/3 would otherwise make the matrix not quite reciprocal), after checking that the
/// lower triangle given agrees with it to 1 %.
public struct AHPResult: Sendable, Codable, Equatable {
    public var weights: [Double]
    public var lambdaMax: Double
    public var consistencyIndex: Double
    public var randomIndex: Double
    public var consistencyRatio: Double
    /// The RI table used.
    public var randomIndexTable = "Saaty 1980"
    /// CR < 0.10.
    public var acceptable: Bool

    enum CodingKeys: String, CodingKey {
        case weights, acceptable
        case lambdaMax = "lambda_max", consistencyIndex = "ci", randomIndex = "ri", consistencyRatio = "cr",
             randomIndexTable = "ri_table"
    }
}

public enum AHP {
    /// Saaty's (1980) random consistency indices for n = 1…10.
    public static let randomIndex: [Double] = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]

    /// The principal-eigenvector weights and consistency of `matrix` (rows of equal length n ≤ 10).
    public static func weights(_ matrix: [[Double]]) throws -> AHPResult {
        let n = matrix.count
        guard n >= 1, n <= randomIndex.count else {
            throw GeoKitError(.input, "an AHP matrix has 1 to \(randomIndex.count) rows (Saaty's random indices stop there), not \(n)")
        }
        for (i, row) in matrix.enumerated() {
            guard row.count == n else {
                throw GeoKitError(.input, "an AHP matrix is square: row \(i + 1) has \(row.count) values, not \(n)")
            }
            for (j, v) in row.enumerated() {
                guard v.isFinite, v > 0 else {
                    throw GeoKitError(.input, "AHP judgements are positive numbers; row \(i + 1), column \(j + 1) is \(v)")
                }
            }
            guard abs(row[i] - 1) < 1e-9 else {
                throw GeoKitError(.input, "an AHP matrix has 1 on its diagonal; row \(i + 1) has \(row[i])")
            }
        }
        var a = matrix
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) {
                let reciprocal = 1 / a[i][j]
                guard abs(a[j][i] - reciprocal) <= 0.01 * reciprocal else {
                    throw GeoKitError(.input, "an AHP matrix is reciprocal: row \(j + 1), column \(i + 1) should be 1/\(NumberText.plain(a[i][j])) = \(NumberText.plain(reciprocal)), not \(NumberText.plain(a[j][i]))")
                }
                a[j][i] = reciprocal
            }
        }
        var w = [Double](repeating: 1 / Double(n), count: n)
        var lambda = Double(n)
        for _ in 0..<100_000 {
            var next = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { next[i] += a[i][j] * w[j] } }
            let sum = next.reduce(0, +)
            lambda = sum          // Σ(Aw) with Σw = 1
            for i in 0..<n { next[i] /= sum }
            let change = zip(next, w).map { abs($0 - $1) }.max() ?? 0
            w = next
            if change < 1e-16 { break }
        }
        let ci = n > 1 ? max(0, (lambda - Double(n)) / Double(n - 1)) : 0
        let ri = randomIndex[n - 1]
        let cr = ri > 0 ? ci / ri : 0
        return AHPResult(weights: w, lambdaMax: lambda, consistencyIndex: ci, randomIndex: ri, consistencyRatio: cr, acceptable: cr < 0.1)
    }
}
