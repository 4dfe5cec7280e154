import ArgumentParser
import Foundation
import GeoKit

// Exit codes (DESIGN.md): 0 success, 1 a check failed, 2 bad input or usage; 130 after Ctrl-C (143
// after SIGTERM). Every way out goes through `Interruption.exit`, which defers to an interruption
// under way, and every error message waits for it too (`deferToInterruption`), so a write that fails
// because Ctrl-C removed its partial folder neither prints an error nor exits 2.
let signalSources = Interruption.handleSignals()
var parsed: (any ParsableCommand)?
do {
    var command = try EcoZoneCLI.parseAsRoot()
    parsed = command
    try command.run()
    Interruption.exit(0)
} catch let error as GeoKitError {
    Interruption.deferToInterruption()
    fflush(nil)
    Console.error(Remedies.sentence(error, for: parsed))
    Interruption.exit(2)
} catch let error as CheckFailed {
    Interruption.deferToInterruption()
    fflush(nil)
    if let message = error.message { Console.error(message) }
    Interruption.exit(1)
} catch {
    Interruption.deferToInterruption()
    fflush(nil)
    if EcoZoneCLI.exitCode(for: error) == .success {
        print(EcoZoneCLI.fullMessage(for: error))
        Interruption.exit(0)
    }
    Console.error(EcoZoneCLI.message(for: error) + " (see 'ecozone help').")
    Interruption.exit(2)
}
