// The grounded circuit Laplacian as a sparse symmetric matrix: CSR assembly from an edge list and
// the matrix-vector product the conjugate-gradient solver uses.

import Foundation

/// A symmetric positive-definite sparse matrix in CSR form, assembled from a graph
/// Laplacian with node 0 grounded: unknown `k` is node `k + 1`.
struct SparseSymmetricSystem: CSRStorage {
    let size: Int
    var rowStart: [Int]
    var column: [Int32]
    var value: [Double]
    var diagonal: [Double]

    init(unknowns m: Int, edgeFrom eu: [Int32], edgeTo ev: [Int32], conductance eg: [Double]) {
        size = m
        diagonal = [Double](repeating: 0, count: m)
        var counts = [Int](repeating: 0, count: m + 1)
        for e in 0..<eg.count {
            let u = Int(eu[e]) - 1, v = Int(ev[e]) - 1
            if u >= 0 { diagonal[u] += eg[e] }
            if v >= 0 { diagonal[v] += eg[e] }
            if u >= 0 && v >= 0 { counts[u + 1] += 1; counts[v + 1] += 1 }
        }
        for k in 0..<m { counts[k + 1] += counts[k] }
        var fill = counts
        var col = [Int32](repeating: 0, count: counts[m])
        var val = [Double](repeating: 0, count: counts[m])
        for e in 0..<eg.count {
            let u = Int(eu[e]) - 1, v = Int(ev[e]) - 1
            guard u >= 0 && v >= 0 else { continue }
            col[fill[u]] = Int32(v); val[fill[u]] = -eg[e]; fill[u] += 1
            col[fill[v]] = Int32(u); val[fill[v]] = -eg[e]; fill[v] += 1
        }
        // Merge duplicate columns (parallel edges into a merged core node add up).
        var outStart = [Int](repeating: 0, count: m + 1)
        var write = 0
        for k in 0..<m {
            let lo = counts[k], hi = counts[k + 1]
            outStart[k] = write
            if hi - lo > 1 && hi - lo <= 16 {
                // Short row (an ordinary cell): in-place insertion sort, then merge.
                for a in (lo + 1)..<hi {
                    let c = col[a], v = val[a]
                    var b = a - 1
                    while b >= lo && col[b] > c { col[b + 1] = col[b]; val[b + 1] = val[b]; b -= 1 }
                    col[b + 1] = c; val[b + 1] = v
                }
                var last: Int32 = -1
                for p in lo..<hi {
                    if col[p] == last { val[write - 1] += val[p] } else {
                        col[write] = col[p]; val[write] = val[p]; write += 1; last = col[p]
                    }
                }
            } else if hi - lo > 1 {
                // Long row (a merged core node).
                var entries = (lo..<hi).map { (col[$0], val[$0]) }
                entries.sort { $0.0 < $1.0 }
                var last: Int32 = -1
                for (c, v) in entries {
                    if c == last { val[write - 1] += v } else { col[write] = c; val[write] = v; write += 1; last = c }
                }
            } else if hi - lo == 1 {
                col[write] = col[lo]; val[write] = val[lo]; write += 1
            }
        }
        outStart[m] = write
        col.removeLast(col.count - write)
        val.removeLast(val.count - write)
        rowStart = outStart
        column = col
        value = val
    }

    /// y = K x
    func multiply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        withCSRBuffers { rs, cl, vl, dg in
            for k in 0..<size {
                var s = dg[k] * x[k]
                for p in rs[k]..<rs[k + 1] { s += vl[p] * x[Int(cl[p])] }
                y[k] = s
            }
        }
    }
}

/// A sparse matrix stored as CSR rows (off-diagonal entries) beside its diagonal: the circuit
/// system and its incomplete Cholesky factor.
protocol CSRStorage {
    var rowStart: [Int] { get }
    var column: [Int32] { get }
    var value: [Double] { get }
    var diagonal: [Double] { get }
}

extension CSRStorage {
    /// Runs `body` with the four arrays as buffers, for the inner loops of products and solves.
    @inline(__always)
    func withCSRBuffers<R>(_ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Double>,
                                    UnsafeBufferPointer<Double>) -> R) -> R {
        rowStart.withUnsafeBufferPointer { rs in
            column.withUnsafeBufferPointer { cl in
                value.withUnsafeBufferPointer { vl in
                    diagonal.withUnsafeBufferPointer { dg in body(rs, cl, vl, dg) }
                }
            }
        }
    }
}
