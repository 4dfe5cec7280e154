import ArgumentParser
import EcoZone

/// The `ecozone` command: parsing and printing only; the analysis lives in EcoZone.
struct EcoZoneCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecozone",
        abstract: "Spatial analysis for ecological protection and restoration plans (生态保护修复规划).",
        discussion: "Areas follow the national rule: ellipsoidal on CGCS2000 unless asked otherwise. Exit codes: 0 ok, 1 a check failed, 2 bad input.",
        version: EcoZoneVersion.current,
        subcommands: [RunCommand.self, InspectCommand.self, AreaCommand.self, ExportCommand.self, OverlayCommand.self, TabulateCommand.self, MergeCommand.self,
                      ValidateCommand.self, ClaimsCommand.self, PatternCommand.self, ConnectivityCommand.self, CorridorsCommand.self,
                      ZonalCommand.self, TerrainCommand.self, BufferCommand.self, MSPACommand.self, ResistanceCommand.self, SourcesCommand.self]
    )
}

/// Thrown by a command whose check did not hold (exit code 1); the report has been printed.
struct CheckFailed: Error {
    var message: String?
}
