// The MPI job this process belongs to: start-up, rank, size and the few collectives ecozone-mpi uses.
// Wraps ezmpi_* of CEcoZoneMPI (MPI_Comm_rank, MPI_Allreduce, MPI_Bcast, MPI_Gather…); every call but
// `rank`, `size` and `boundProcessors` is collective over MPI_COMM_WORLD.

import CEcoZoneMPI
import Foundation
import GeoKit

public enum MPIEnvironment {
    /// PetscInitializeNoArguments, which calls MPI_Init: once per process, before any other call. A process
    /// started without mpirun is a job of one rank (MPI's singleton start), run isolated
    /// (`OMPI_MCA_ess_singleton_isolated`, unless the environment says otherwise): Open MPI would otherwise
    /// fork a daemon from a process whose other threads may hold a library's lock (PROJ's, seen in the
    /// tests), and the forked child would wait on it for ever in its at-fork handler. Under mpirun the
    /// setting is not read.
    public static func initialize() throws {
        setenv("OMPI_MCA_ess_singleton_isolated", "1", 0)
        let code = ezmpi_initialize()
        if code != 0 { throw GeoKitError(.input, "MPI and PETSc could not start (\(lastError))") }
    }

    /// PetscFinalize and MPI_Finalize.
    public static func finalize() { _ = ezmpi_finalize() }

    /// This process's rank in MPI_COMM_WORLD, 0-based.
    public static var rank: Int { Int(ezmpi_rank()) }
    /// Number of ranks in the job.
    public static var size: Int { Int(ezmpi_size()) }
    /// Ranks that share this rank's node (MPI_COMM_TYPE_SHARED): they share its memory. Collective.
    public static var nodeSize: Int { Int(ezmpi_node_size()) }
    /// Processors this rank is bound to (its CPU affinity; mpirun's `--bind-to`, `--map-by …:PE=n`), nil
    /// when unknown. Local.
    public static var boundProcessors: Int? {
        let n = Int(ezmpi_bound_cpus())
        return n > 0 ? n : nil
    }

    /// MPI_Abort: ends every rank with `code` (one rank's failure must not leave the others waiting in a collective).
    public static func abort(_ code: Int32) -> Never { ezmpi_abort(code); exit(code) }

    public static func barrier() { _ = ezmpi_barrier() }

    public static func sum(_ value: Double) -> Double { ezmpi_allreduce_double(value, 0) }
    public static func maximum(_ value: Double) -> Double { ezmpi_allreduce_double(value, 1) }
    public static func maximum(_ value: Int) -> Int { Int(ezmpi_allreduce_max_int64(Int64(value))) }

    /// Rank 0's bytes on every rank (MPI_Bcast of the length, then of the bytes).
    public static func broadcast(_ bytes: [UInt8]) throws -> [UInt8] {
        var count = Int64(bytes.count)
        try withUnsafeMutableBytes(of: &count) { try check(ezmpi_broadcast($0.baseAddress, 8), "broadcasting a length") }
        var out = rank == 0 ? bytes : [UInt8](repeating: 0, count: Int(count))
        try out.withUnsafeMutableBytes { try check(ezmpi_broadcast($0.baseAddress, count), "broadcasting \(count) bytes") }
        return out
    }

    /// Every rank's bytes on rank 0, in rank order; nil on the other ranks.
    public static func gather(_ bytes: [UInt8]) throws -> [[UInt8]]? {
        var counts = [Int64](repeating: 0, count: size)
        var gathered: UnsafeMutableRawPointer?
        try bytes.withUnsafeBytes { buffer in
            try counts.withUnsafeMutableBufferPointer { c in
                try check(ezmpi_gather(buffer.baseAddress, Int64(bytes.count), &gathered, c.baseAddress), "gathering results")
            }
        }
        guard rank == 0, let gathered else { return nil }
        defer { ezmpi_free(gathered) }
        var parts: [[UInt8]] = []
        var offset = 0
        for c in counts {
            parts.append([UInt8](UnsafeRawBufferPointer(start: gathered + offset, count: Int(c))))
            offset += Int(c)
        }
        return parts
    }

    /// All-to-all: `parts[d]` to rank d; what every rank sent this one, in rank order.
    public static func exchange(_ parts: [[UInt8]]) throws -> [[UInt8]] {
        precondition(parts.count == size, "one part per rank")
        let send = parts.flatMap { $0 }
        let counts = parts.map { Int64($0.count) }
        var received = [Int64](repeating: 0, count: size)
        var buffer: UnsafeMutableRawPointer?
        try send.withUnsafeBytes { s in
            try counts.withUnsafeBufferPointer { c in
                try received.withUnsafeMutableBufferPointer { r in
                    try check(ezmpi_exchange(s.baseAddress, c.baseAddress, &buffer, r.baseAddress), "exchanging results")
                }
            }
        }
        guard let buffer else { return received.map { _ in [] } }
        defer { ezmpi_free(buffer) }
        var out: [[UInt8]] = []
        var offset = 0
        for c in received {
            out.append([UInt8](UnsafeRawBufferPointer(start: buffer + offset, count: Int(c))))
            offset += Int(c)
        }
        return out
    }

    static var lastError: String { String(cString: ezmpi_last_error()) }

    static func check(_ code: Int32, _ step: String) throws {
        if code != 0 { throw GeoKitError(.input, "MPI failed \(step) on rank \(rank) (\(lastError))") }
    }
}
