import ArgumentParser
import EcoZone
import Foundation

/// How a command that reads a project file loads it: unknown keys are warnings on stderr, or errors
/// with `--strict` (or `strict: true` in the file); a named file that does not exist is an error with its line.
struct ProjectOptions: ParsableArguments {
    @Flag(help: "Treat unknown keys in the project file as errors (exit 2) rather than warnings.") var strict = false

    /// - Parameter checkFiles: check that every named file exists now; a command with more files to
    ///   read first (validate's claims file) calls `checkInputsExist()` itself after them.
    func load(_ path: String, checkFiles: Bool = true) throws -> Project {
        let project = try Project.load(path, strict: strict)
        for w in project.warnings { Console.note("ecozone: warning: \(w)") }
        if checkFiles { try project.checkInputsExist() }
        return project
    }
}
