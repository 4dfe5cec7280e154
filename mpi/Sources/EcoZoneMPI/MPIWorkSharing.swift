// EcoZone's WorkSharing over MPI_COMM_WORLD: the collectives a shared pipeline of the EcoZone
// library (corridors, moving windows) calls, on MPIEnvironment's.

import EcoZone

/// The ranks of this MPI job as one ``WorkSharing`` group. Use it from one thread (MPI is started
/// with MPI_THREAD_SINGLE semantics by PETSc): the pipelines call it between their parallel steps.
public final class MPIWorkSharing: WorkSharing {
    public let rank: Int
    public let size: Int

    public init() {
        rank = MPIEnvironment.rank
        size = MPIEnvironment.size
    }

    public func gather(_ bytes: [UInt8]) throws -> [[UInt8]]? { try MPIEnvironment.gather(bytes) }
    public func broadcast(_ bytes: [UInt8]) throws -> [UInt8] { try MPIEnvironment.broadcast(bytes) }
    public func exchange(_ parts: [[UInt8]]) throws -> [[UInt8]] { try MPIEnvironment.exchange(parts) }
}
