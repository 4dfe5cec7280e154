import Dispatch
import Foundation
import GeoKit
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM: whatever is being written is removed (`PartialOutputs`: folders and
/// files under their temporary names) and the program exits 128 + the signal's number (130 for
/// Ctrl-C), so every output is as it was before the command. The engine installs no handler of its
/// own and never exits; this one is installed once, at start, and `exit(_:)` is the only other way
/// out of the program.
///
/// An interruption wins over whatever the command was doing: a write under way fails once the
/// handler has renamed its partial folder away, and without care the command's error path (exit 2)
/// could end the process before the handler's exit 130. So the handler marks the interruption
/// before it touches a file, and `exit(_:)` defers to a marked one.
enum Interruption {
    /// The signal being handled, 0 when none.
    private static let received = Atomic<Int32>(0)

    static func handleSignals() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                // The first signal decides the exit code; a second one finds the work already under way.
                guard received.compareExchange(expected: 0, desired: number, ordering: .sequentiallyConsistent).exchanged else { return }
                PartialOutputs.abandonAll {
                    FileHandle.standardError.write(Data("\necozone: interrupted; every output is as it was.\n".utf8))
                    _exit(128 + number)
                }
            }
            source.resume()
            return source
        }
    }

    /// True once a signal has been received: its handler is removing the partial outputs and will
    /// exit 128 + the signal's number.
    static var isUnderway: Bool { received.load(ordering: .sequentiallyConsistent) != 0 }

    /// Ends the program with `code`, unless an interruption is under way: then the handler's exit
    /// (130 or 143) is awaited, so a command failing because its partial output was just removed
    /// never reports that failure or exits 2 first. Call before printing an error.
    static func exit(_ code: Int32) -> Never {
        deferToInterruption()
        fflush(nil)
        Foundation.exit(code)
    }

    /// Waits for the handler's exit when an interruption is under way; returns at once otherwise.
    static func deferToInterruption() {
        // An abandon in progress holds this lock until it exits; taking it waits for that.
        PartialOutputs.withLock {}
        // Signalled but not yet abandoning: the handler exits from its own thread.
        while isUnderway { pause() }
    }
}
