// Preconditioned conjugate gradients on the grounded circuit Laplacian (methods.md §5.3).

import Foundation

extension SparseSymmetricSystem {
    /// Preconditioned conjugate gradients from x = 0.
    func solvePCG(rhs b: [Double], preconditioner: CircuitPreconditioner, tolerance: Double,
                  maxIterations: Int) throws -> (x: [Double], iterations: Int, relativeResidual: Double)
    {
        let m = size
        var x = [Double](repeating: 0, count: m)
        var r = b
        var z = [Double](repeating: 0, count: m)
        var p = [Double](repeating: 0, count: m)
        var q = [Double](repeating: 0, count: m)
        let bNorm = (b.reduce(0) { $0 + $1 * $1 }).squareRoot()
        if bNorm == 0 { return (x, 0, 0) }
        let apply = preconditioner.make(for: self)
        var iterations = 0
        var residual = 1.0
        try x.withUnsafeMutableBufferPointer { x in
            try r.withUnsafeMutableBufferPointer { r in
                try z.withUnsafeMutableBufferPointer { z in
                    try p.withUnsafeMutableBufferPointer { p in
                        try q.withUnsafeMutableBufferPointer { q in
                            apply(UnsafeBufferPointer(r), z)
                            var rz = 0.0
                            for k in 0..<m { p[k] = z[k]; rz += r[k] * z[k] }
                            while true {
                                multiply(UnsafeBufferPointer(p), into: q)
                                var pq = 0.0
                                for k in 0..<m { pq += p[k] * q[k] }
                                let alpha = rz / pq
                                var rr = 0.0
                                for k in 0..<m {
                                    x[k] += alpha * p[k]
                                    r[k] -= alpha * q[k]
                                    rr += r[k] * r[k]
                                }
                                iterations += 1
                                residual = rr.squareRoot() / bNorm
                                if residual <= tolerance { break }
                                // A residual that is not finite never recovers (a breakdown, pq = 0).
                                if iterations >= maxIterations || !residual.isFinite {
                                    throw CorridorError.solverDidNotConverge(iterations: iterations,
                                                                              relativeResidual: residual)
                                }
                                apply(UnsafeBufferPointer(r), z)
                                var rzNew = 0.0
                                for k in 0..<m { rzNew += r[k] * z[k] }
                                let beta = rzNew / rz
                                rz = rzNew
                                for k in 0..<m { p[k] = z[k] + beta * p[k] }
                            }
                        }
                    }
                }
            }
        }
        return (x, iterations, residual)
    }
}
