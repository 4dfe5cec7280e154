import ArgumentParser
import Foundation
import GeoKit

// Exit codes (DESIGN.md): 0 success, 1 a check failed, 2 bad input or usage; 130 after Ctrl-C.
let signalSources = Interruption.handleSignals()
do {
    var command = try EcoZoneCLI.parseAsRoot()
    try command.run()
    fflush(nil)
    exit(0)
} catch let error as GeoKitError {
    fflush(nil)
    Console.error(error.description)
    exit(2)
} catch let error as CheckFailed {
    fflush(nil)
    if let message = error.message { Console.error(message) }
    exit(1)
} catch {
    fflush(nil)
    if EcoZoneCLI.exitCode(for: error) == .success {
        print(EcoZoneCLI.fullMessage(for: error))
        exit(0)
    }
    Console.error(EcoZoneCLI.message(for: error) + " (see 'ecozone help').")
    exit(2)
}
