// An aggregation multigrid preconditioner for the grounded circuit Laplacian.
//
// Plain (unsmoothed) aggregation: greedy aggregates of a node and its neighbours, piecewise-
// constant prolongation, Galerkin coarse operators (for a Laplacian these are again Laplacians
// of the aggregated graph), one forward Gauss-Seidel sweep before and one backward sweep after
// the coarse correction (a symmetric V-cycle, so valid inside CG), dense Cholesky on the
// coarsest level. A simpler cousin of the smoothed-aggregation AMG Circuitscape uses.

import Foundation

extension SparseSymmetricSystem {
    init(size: Int, rowStart: [Int], column: [Int32], value: [Double], diagonal: [Double]) {
        self.size = size
        self.rowStart = rowStart
        self.column = column
        self.value = value
        self.diagonal = diagonal
    }
}

final class AggregationMultigrid {
    private var levels: [SparseSymmetricSystem] = []
    /// aggregate[l][i]: coarse node of fine node i between level l and l + 1.
    private var aggregate: [[Int32]] = []
    private var coarseCholesky: [Double] = []   // dense lower factor of the last level, row-major
    // Work vectors per level, allocated once (freed in deinit) so the V-cycle allocates nothing.
    private var x: [UnsafeMutableBufferPointer<Double>] = []
    private var b: [UnsafeMutableBufferPointer<Double>] = []
    private var r: [UnsafeMutableBufferPointer<Double>] = []

    init(_ fine: SparseSymmetricSystem, coarsestSize: Int = 400) {
        levels.append(fine)
        while levels.last!.size > coarsestSize && levels.count < 30 {
            let (agg, count) = Self.aggregates(levels.last!)
            if count >= levels.last!.size { break }   // no progress
            aggregate.append(agg)
            levels.append(Self.coarsen(levels.last!, agg, count))
        }
        coarseCholesky = Self.denseCholesky(levels.last!)
        for level in levels {
            for k in 0..<3 {
                let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: level.size)
                buffer.initialize(repeating: 0)
                if k == 0 { x.append(buffer) } else if k == 1 { b.append(buffer) } else { r.append(buffer) }
            }
        }
    }

    deinit {
        for buffer in x + b + r { buffer.deallocate() }
    }

    var levelCount: Int { levels.count }

    /// z ≈ K⁻¹ rhs by one V-cycle.
    func apply(_ rhs: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        for k in 0..<rhs.count { b[0][k] = rhs[k] }
        cycle(0)
        for k in 0..<rhs.count { z[k] = x[0][k] }
    }

    private func cycle(_ l: Int) {
        let a = levels[l]
        let n = a.size
        let x = self.x[l], b = self.b[l], r = self.r[l]
        if l == levels.count - 1 {
            Self.choleskySolve(coarseCholesky, n, b, x)
            return
        }
        for k in 0..<n { x[k] = 0 }
        Self.gaussSeidel(a, b, x, forward: true)
        // residual, restriction
        a.rowStart.withUnsafeBufferPointer { rs in
            a.column.withUnsafeBufferPointer { cl in
                a.value.withUnsafeBufferPointer { vl in
                    a.diagonal.withUnsafeBufferPointer { dg in
                        for k in 0..<n {
                            var s = dg[k] * x[k]
                            for p in rs[k]..<rs[k + 1] { s += vl[p] * x[Int(cl[p])] }
                            r[k] = b[k] - s
                        }
                    }
                }
            }
        }
        let bc = self.b[l + 1], xc = self.x[l + 1]
        for k in 0..<bc.count { bc[k] = 0 }
        aggregate[l].withUnsafeBufferPointer { agg in
            for k in 0..<n { bc[Int(agg[k])] += r[k] }
            cycle(l + 1)
            for k in 0..<n { x[k] += xc[Int(agg[k])] }
        }
        Self.gaussSeidel(a, b, x, forward: false)
    }

    private static func gaussSeidel(_ a: SparseSymmetricSystem, _ bb: UnsafeMutableBufferPointer<Double>,
                                    _ xx: UnsafeMutableBufferPointer<Double>, forward: Bool) {
        let n = a.size
        a.rowStart.withUnsafeBufferPointer { rs in
            a.column.withUnsafeBufferPointer { cl in
                a.value.withUnsafeBufferPointer { vl in
                    a.diagonal.withUnsafeBufferPointer { dg in
                        var k = forward ? 0 : n - 1
                        let step = forward ? 1 : -1
                        for _ in 0..<n {
                            var s = bb[k]
                            for p in rs[k]..<rs[k + 1] { s -= vl[p] * xx[Int(cl[p])] }
                            xx[k] = s / dg[k]
                            k += step
                        }
                    }
                }
            }
        }
    }

    /// Greedy aggregation: a node whose neighbours are all free forms an aggregate with them;
    /// leftovers join the neighbouring aggregate they are most strongly connected to.
    private static func aggregates(_ a: SparseSymmetricSystem) -> ([Int32], Int) {
        let n = a.size
        var agg = [Int32](repeating: -1, count: n)
        var count: Int32 = 0
        for i in 0..<n where agg[i] < 0 {
            var free = true
            for p in a.rowStart[i]..<a.rowStart[i + 1] where agg[Int(a.column[p])] >= 0 { free = false; break }
            guard free else { continue }
            agg[i] = count
            for p in a.rowStart[i]..<a.rowStart[i + 1] { agg[Int(a.column[p])] = count }
            count += 1
        }
        let firstPass = agg
        for i in 0..<n where agg[i] < 0 {
            var best: Int32 = -1
            var strength = 0.0
            for p in a.rowStart[i]..<a.rowStart[i + 1] {
                let j = Int(a.column[p])
                if firstPass[j] >= 0 && -a.value[p] > strength { strength = -a.value[p]; best = firstPass[j] }
            }
            if best >= 0 { agg[i] = best } else { agg[i] = count; count += 1 }
        }
        return (agg, Int(count))
    }

    /// Galerkin product Pᵀ A P for piecewise-constant P.
    private static func coarsen(_ a: SparseSymmetricSystem, _ agg: [Int32], _ nc: Int) -> SparseSymmetricSystem {
        let n = a.size
        var memberStart = [Int](repeating: 0, count: nc + 1)
        for i in 0..<n { memberStart[Int(agg[i]) + 1] += 1 }
        for c in 0..<nc { memberStart[c + 1] += memberStart[c] }
        var fill = memberStart
        var members = [Int32](repeating: 0, count: n)
        for i in 0..<n { members[fill[Int(agg[i])]] = Int32(i); fill[Int(agg[i])] += 1 }
        var diagonal = [Double](repeating: 0, count: nc)
        var rowStart = [Int](repeating: 0, count: nc + 1)
        var column: [Int32] = [], value: [Double] = []
        var scratch: [(Int32, Double)] = []
        for c in 0..<nc {
            scratch.removeAll(keepingCapacity: true)
            var d = 0.0
            for m in memberStart[c]..<memberStart[c + 1] {
                let i = Int(members[m])
                d += a.diagonal[i]
                for p in a.rowStart[i]..<a.rowStart[i + 1] {
                    let cj = agg[Int(a.column[p])]
                    if Int(cj) == c { d += a.value[p] } else { scratch.append((cj, a.value[p])) }
                }
            }
            diagonal[c] = d
            scratch.sort { $0.0 < $1.0 }
            var last: Int32 = -1
            for (cj, v) in scratch {
                if cj == last { value[value.count - 1] += v } else { column.append(cj); value.append(v); last = cj }
            }
            rowStart[c + 1] = column.count
        }
        return SparseSymmetricSystem(size: nc, rowStart: rowStart, column: column, value: value, diagonal: diagonal)
    }

    private static func denseCholesky(_ a: SparseSymmetricSystem) -> [Double] {
        let n = a.size
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            m[i * n + i] = a.diagonal[i]
            for p in a.rowStart[i]..<a.rowStart[i + 1] { m[i * n + Int(a.column[p])] = a.value[p] }
        }
        for j in 0..<n {
            var d = m[j * n + j]
            for k in 0..<j { d -= m[j * n + k] * m[j * n + k] }
            d = max(d, 1e-300).squareRoot()
            m[j * n + j] = d
            for i in (j + 1)..<max(j + 1, n) {
                var s = m[i * n + j]
                for k in 0..<j { s -= m[i * n + k] * m[j * n + k] }
                m[i * n + j] = s / d
            }
        }
        return m
    }

    private static func choleskySolve(_ l: [Double], _ n: Int, _ rhs: UnsafeMutableBufferPointer<Double>,
                                      _ x: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<n {
            var s = rhs[i]
            for k in 0..<i { s -= l[i * n + k] * x[k] }
            x[i] = s / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = x[i]
            for k in (i + 1)..<max(i + 1, n) { s -= l[k * n + i] * x[k] }
            x[i] = s / l[i * n + i]
        }
    }
}
