// An exact, order-independent sum of doubles (Shewchuk's expansion, as in Python's math.fsum), rounded
// once: so a total is the same bits whichever order its terms are added in, and whichever way they are
// split (batches, shards of a cluster run) and merged.

import Foundation

/// The exact sum of the doubles added, kept as non-overlapping partials (Shewchuk, "Adaptive precision
/// floating-point arithmetic and fast robust geometric predicates", 1997: grow-expansion with two-sum),
/// and ``value``, that sum correctly rounded to the nearest double (ties to even).
///
/// Because ``value`` depends only on the exact sum, it is the same whatever the order of ``add(_:)``
/// and ``add(_:)-(ExactSum)`` calls: a cross-tabulation split into shards and merged prints the same
/// digits as the unsplit run (issue 20). Finite terms only (areas, lengths); a non-finite term makes the
/// value NaN or ±infinity as plain addition would.
public struct ExactSum: Sendable, Equatable, Codable {
    /// Non-overlapping, increasing in magnitude; their exact sum is the sum.
    public private(set) var partials: [Double] = []
    private var special: Double = 0   // sum of the non-finite terms (NaN, ±inf), added as plain doubles

    public init() {}

    public init(_ terms: some Sequence<Double>) {
        for t in terms { add(t) }
    }

    /// Adds `x` exactly.
    public mutating func add(_ x: Double) {
        guard x.isFinite else { special += x; return }
        var x = x
        var i = 0
        for j in partials.indices {
            var y = partials[j]
            if abs(x) < abs(y) { swap(&x, &y) }
            let hi = x + y
            let lo = y - (hi - x)
            if lo != 0 { partials[i] = lo; i += 1 }
            x = hi
        }
        partials.removeSubrange(i...)
        partials.append(x)   // at most ~40 partials: doubles span 2,098 bits, 53 a partial
    }

    /// Adds another exact sum exactly.
    public mutating func add(_ other: ExactSum) {
        for p in other.partials { add(p) }
        special += other.special
    }

    public static func += (lhs: inout ExactSum, rhs: Double) { lhs.add(rhs) }
    public static func += (lhs: inout ExactSum, rhs: ExactSum) { lhs.add(rhs) }

    /// The exact sum rounded to the nearest double, ties to even (math.fsum's final step).
    public var value: Double {
        if special != 0 || special.isNaN { return special + (partials.last ?? 0) }
        var n = partials.count
        guard n > 0 else { return 0 }
        n -= 1
        var hi = partials[n]
        var lo = 0.0
        while n > 0 {
            let x = hi
            n -= 1
            let y = partials[n]
            hi = x + y
            let yr = hi - x
            lo = y - yr
            if lo != 0 { break }
        }
        // hi + lo is exact; if lo is half an ulp of hi and the partials below push the same way, the
        // round-half-even of hi + lo went the wrong way: correct it.
        if n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0)) {
            let y = lo * 2
            let x = hi + y
            let yr = x - hi
            if y == yr { hi = x }
        }
        return hi
    }
}
