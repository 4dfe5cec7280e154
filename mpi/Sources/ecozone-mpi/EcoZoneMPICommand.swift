import ArgumentParser

struct EcoZoneMPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecozone-mpi",
        abstract: "EcoZone's distributed subcommands on MPI and PETSc: run under mpirun -np N (or srun).",
        discussion: "Every rank runs the same command; rank 0 prints. See README.md, \"Running on a cluster\".",
        subcommands: [TabulateCommand.self, CircuitCommand.self, CorridorsCommand.self]
    )
}
