import ArgumentParser
import EcoZone
import GeoKit

/// A command that words some remedies its own way: its own flag names, or the keys of the project
/// file its layers come from. Nil: the common wording (`Remedies.flag`).
protocol RemedyWording {
    func remedy(for hint: GeoKitError.Hint, in error: GeoKitError) -> String?
}

/// Remedies as the command line words them: the library's errors carry a `GeoKitError.Hint`, never a
/// flag; the CLI renders it as the flag that applies it.
enum Remedies {
    /// The error as the one sentence the CLI prints, with the remedy in `command`'s words.
    static func sentence(_ error: GeoKitError, for command: (any ParsableCommand)?) -> String {
        guard let hint = error.hint else { return error.sentence(remedy: nil) }
        let wording = (command as? any RemedyWording)?.remedy(for: hint, in: error)
        return error.sentence(remedy: wording ?? flag(hint))
    }

    /// The remedy as the flags shared by the commands that read a source (`SourceOptions`) or write
    /// an output (`--out`, `--overwrite`).
    static func flag(_ hint: GeoKitError.Hint) -> String {
        switch hint {
        case .stateCRS(let example):
            return "state the CRS with --assume-crs" + (example.map { ", e.g. --assume-crs \($0)" } ?? "")
        case .stateAxisOrder:
            return "if the data holds (lat, lon), read it with --assume-axis-order lat-lon, or keep it as it is with --assume-axis-order lon-lat"
        case .stateEncoding:
            return "give the encoding with --encoding, e.g. --encoding CP936"
        case .nameLayer:
            return "name one with --layer"
        case .overwriteOrChooseOutput(let files):
            return "add --overwrite to replace \(files == 1 ? "it" : "them"), or choose another --out"
        case .chooseOutput(let otherwise):
            return "choose another --out" + (otherwise.map { ", or \($0)" } ?? "")
        case .measureEllipsoidally:
            return "use --method ellipsoidal"
        case .coarsenResistance:
            return "aggregate the resistance (--aggregate N), clip it, or use fewer cores"
        }
    }

    /// For commands whose layers come from a project file: a layer's remedy as a key of its entry,
    /// anything else as the common flag.
    static func projectFile(_ hint: GeoKitError.Hint) -> String {
        hint.projectFileRemedy ?? flag(hint)
    }
}
