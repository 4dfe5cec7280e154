import Dispatch
import Foundation
import GeoKit
import Synchronization

/// A folder written as a whole: everything goes into a hidden sibling (`.NAME.partial-PID`) that is
/// renamed into place by `commit()`, replacing an earlier folder of that name only once the new one
/// is complete. Until then the target is left as it was: after an error, `discard()` removes the
/// partial folder; after Ctrl-C (SIGINT) or SIGTERM a handler removes it and exits 130.
///
/// The handler must not race the run still writing: it takes the folder's lock (which `path` and
/// `write` take, so no new folder can be made), renames the partial folder away in one atomic step
/// (so writers still under way fail instead of recreating it), deletes it, and leaves with `_exit`.
public final class OutputFolder {
    public let target: URL
    public let partial: URL
    private var signalSources: [DispatchSourceSignal] = []
    private var finished = false
    private let gate = Gate()

    /// The lock shared with the signal handler.
    final class Gate: Sendable {
        private let mutex = Mutex(())
        func withLock<T>(_ body: () throws -> T) rethrows -> T { try mutex.withLock { _ in try body() } }
    }

    public init(_ path: String) throws {
        let fm = FileManager.default
        target = URL(fileURLWithPath: path).standardized
        let parent = target.deletingLastPathComponent()
        guard fm.fileExists(atPath: parent.path) else {
            throw GeoKitError(.output, "the folder that should hold the output does not exist", file: parent.path)
        }
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw GeoKitError(.output, "a file of that name is in the way of the output folder", file: target.path)
        }
        partial = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: partial)
        do { try fm.createDirectory(at: partial, withIntermediateDirectories: false) } catch {
            throw GeoKitError(.output, "cannot create a working folder beside the output", file: partial.path)
        }
        let doomed = partial.path
        let trash = parent.appendingPathComponent(".\(target.lastPathComponent).interrupted-\(ProcessInfo.processInfo.processIdentifier)").path
        let gate = self.gate
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                gate.withLock {
                    if rename(doomed, trash) == 0 { try? FileManager.default.removeItem(atPath: trash) }
                    FileHandle.standardError.write(Data("\necozone: interrupted; the output folder is as it was.\n".utf8))
                    _exit(130)
                }
            }
            source.resume()
            signalSources.append(source)
        }
    }

    deinit {
        if !finished { discard() }
    }

    /// A path inside the folder being written, its parent folders made.
    public func path(_ relative: String) throws -> String {
        let url = partial.appendingPathComponent(relative)
        try gate.withLock {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        return url.path
    }

    /// Writes bytes to a path inside the folder.
    public func write(_ data: Data, to relative: String) throws {
        let p = try path(relative)
        do { try gate.withLock { try data.write(to: URL(fileURLWithPath: p)) } } catch {
            throw GeoKitError(.output, "cannot write the file", file: target.appendingPathComponent(relative).path)
        }
    }

    /// Puts the finished folder in place of the target.
    public func commit() throws {
        let fm = FileManager.default
        let old = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
        if fm.fileExists(atPath: target.path) {
            guard rename(target.path, old.path) == 0 else {
                throw GeoKitError(.output, "cannot move the earlier output aside", file: target.path)
            }
        }
        guard rename(partial.path, target.path) == 0 else {
            _ = rename(old.path, target.path)
            throw GeoKitError(.output, "cannot move the finished output into place", file: target.path)
        }
        try? fm.removeItem(at: old)
        finished = true
        stopHandlingSignals()
    }

    /// Removes the partial folder; the target stays as it was.
    public func discard() {
        try? FileManager.default.removeItem(at: partial)
        finished = true
        stopHandlingSignals()
    }

    private func stopHandlingSignals() {
        for s in signalSources { s.cancel() }
        signalSources = []
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
