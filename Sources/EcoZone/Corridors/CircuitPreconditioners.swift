// The preconditioners of the circuit solve's conjugate gradients: Jacobi, zero fill-in incomplete
// Cholesky (IC(0)) and, in CircuitMultigrid, aggregation multigrid.

import Foundation

extension CircuitPreconditioner {
    /// `z = M⁻¹ r` for this preconditioner, set up once for `system`.
    func make(for system: SparseSymmetricSystem) -> (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void {
        let m = system.size
        switch self {
        case .jacobi:
            let invDiag = system.diagonal.map { 1.0 / $0 }
            return { r, z in
                invDiag.withUnsafeBufferPointer { d in for k in 0..<m { z[k] = d[k] * r[k] } }
            }
        case .incompleteCholesky:
            let factor = IncompleteCholesky(system)
            return { r, z in factor.solve(r, into: z) }
        case .aggregationMultigrid:
            let multigrid = AggregationMultigrid(system)
            return { r, z in multigrid.apply(r, into: z) }
        }
    }
}

/// Zero fill-in incomplete Cholesky factor `L Lᵀ ≈ K` of a ``SparseSymmetricSystem``, in
/// natural (row-major cell) order. Stable for the grounded Laplacian, an M-matrix. Stores the
/// strictly lower part in CSR plus the diagonal.
struct IncompleteCholesky: CSRStorage {
    let size: Int
    var rowStart: [Int]
    var column: [Int32]
    var value: [Double]
    var diagonal: [Double]

    init(_ k: SparseSymmetricSystem) {
        size = k.size
        var rs = [Int](repeating: 0, count: size + 1)
        var col: [Int32] = []
        var val: [Double] = []
        col.reserveCapacity(k.column.count / 2 + 1)
        val.reserveCapacity(k.column.count / 2 + 1)
        for i in 0..<size {
            for p in k.rowStart[i]..<k.rowStart[i + 1] where Int(k.column[p]) < i {
                col.append(k.column[p]); val.append(k.value[p])
            }
            rs[i + 1] = col.count
        }
        var diag = k.diagonal
        // Row-by-row IC(0): L[i,j] = (A[i,j] − Σ_{t<j} L[i,t] L[j,t]) / L[j,j] on A's pattern.
        for i in 0..<size {
            let lo = rs[i], hi = rs[i + 1]
            for p in lo..<hi {
                let j = Int(col[p])
                var s = val[p]
                // Sparse dot of row i (entries before p) and row j, both sorted by column.
                var a = lo, b = rs[j]
                let bEnd = rs[j + 1]
                while a < p && b < bEnd {
                    let ca = col[a], cb = col[b]
                    if ca == cb { s -= val[a] * val[b]; a += 1; b += 1 }
                    else if ca < cb { a += 1 } else { b += 1 }
                }
                val[p] = s / diag[j]
            }
            var d = diag[i]
            for p in lo..<hi { d -= val[p] * val[p] }
            diag[i] = d > 0 ? d.squareRoot() : k.diagonal[i].squareRoot()   // guard against breakdown
        }
        rowStart = rs
        column = col
        value = val
        diagonal = diag
    }

    /// z = (L Lᵀ)⁻¹ r
    func solve(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        withCSRBuffers { rs, cl, vl, dg in
            // Forward: L y = r (y stored in z).
            for i in 0..<size {
                var s = r[i]
                for p in rs[i]..<rs[i + 1] { s -= vl[p] * z[Int(cl[p])] }
                z[i] = s / dg[i]
            }
            // Backward: Lᵀ z = y, column-oriented over L's rows.
            var i = size - 1
            while i >= 0 {
                let zi = z[i] / dg[i]
                z[i] = zi
                for p in rs[i]..<rs[i + 1] { z[Int(cl[p])] -= vl[p] * zi }
                i -= 1
            }
        }
    }
}
