import Dispatch
import Foundation
import GeoKit

/// Ctrl-C (SIGINT) and SIGTERM: whatever is being written is removed (`PartialOutputs`: folders and
/// files under their temporary names) and the program exits 128 + the signal's number (130 for
/// Ctrl-C), so every output is as it was before the command. The engine installs no handler of its
/// own; this one is installed once, at start.
enum Interruption {
    static func handleSignals() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                PartialOutputs.abandonAll {
                    FileHandle.standardError.write(Data("\necozone: interrupted; every output is as it was.\n".utf8))
                    _exit(128 + number)
                }
            }
            source.resume()
            return source
        }
    }
}
