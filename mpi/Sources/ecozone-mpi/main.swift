// ecozone-mpi: EcoZone's distributed subcommands, run under mpirun (or srun), one process per rank.
// Errors: rank 0 prints the sentence and the job ends with exit code 2 (MPI_Abort when there are
// several ranks, so none is left waiting in a collective).

import ArgumentParser
import EcoZone
import EcoZoneMPI
import Foundation
import GeoKit

do {
    try MPIEnvironment.initialize()
} catch {
    FileHandle.standardError.write(Data("ecozone-mpi: \(error)\n".utf8))
    exit(2)
}

do {
    var command = try EcoZoneMPICommand.parseAsRoot()
    try command.run()
    MPIEnvironment.finalize()
    exit(0)
} catch {
    let rank = MPIEnvironment.rank
    let code = EcoZoneMPICommand.exitCode(for: error)
    if code.rawValue == 0 || error is CleanExit {
        if rank == 0 { EcoZoneMPICommand.exit(withError: error) }   // --help, --version: prints and exits 0
        MPIEnvironment.finalize()
        exit(0)
    }
    // ArgumentParser's usage errors keep their code (64); every other error is EcoZone's exit code 2.
    let status: Int32 = code == .failure ? 2 : code.rawValue
    // A failure every rank agreed on (WorkSharing): rank 0 says it, the others stay quiet and no rank
    // is aborted, so rank 0 has removed its partial output before the job ends.
    if error is WorkSharingFailure {
        MPIEnvironment.finalize()
        exit(status)
    }
    let message = (error as? GeoKitError)?.description ?? EcoZoneMPICommand.fullMessage(for: error)
    // Every rank that fails says so (a rank may fail alone, e.g. reading its window); others than 0 name themselves.
    FileHandle.standardError.write(Data("ecozone-mpi\(rank == 0 ? "" : " (rank \(rank))"): \(message)\n".utf8))
    if MPIEnvironment.size > 1 { MPIEnvironment.abort(status) }
    MPIEnvironment.finalize()
    exit(status)
}
