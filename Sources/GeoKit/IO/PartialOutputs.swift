import Foundation
import Synchronization

/// The temporary files and folders outputs are written into before they are renamed into place,
/// named `.NAME.partial-PID…` beside their target NAME.
///
/// GeoKit installs no signal handler. A program that wants Ctrl-C (SIGINT) or SIGTERM to leave its
/// outputs as they were calls `abandonAll(then:)` from its own handler, which exits: every temporary
/// still registered is renamed away in one atomic step (so writers still under way fail instead of
/// recreating it) and deleted. Registration, the creation of entries inside a partial folder and
/// the renames that commit an output all happen under one lock, which `abandonAll(then:)` takes too, so
/// an interruption lands either before a commit or after it, never half-way.
///
/// A temporary left by a process that no longer runs (killed with SIGKILL, or a power cut) is
/// removed by `removeStale(beside:)` the next time something is written to the same target.
public enum PartialOutputs {
    private static let registry = Mutex<Set<String>>([])

    /// Runs `body` holding the lock `abandonAll(then:)` takes, and forgets `finished` (temporaries that
    /// `body` renamed into place) when it succeeds. Keep it short: a pending interruption waits.
    /// `body` must not call back into `PartialOutputs`.
    public static func withLock<T>(unregistering finished: [String] = [], _ body: () throws -> T) rethrows -> T {
        try registry.withLock { paths in
            let result = try body()
            for p in finished { paths.remove(p) }
            return result
        }
    }

    /// Creates a temporary through `create` (under the lock) and registers it for removal on
    /// interruption. `create` must not call back into `PartialOutputs`.
    public static func create(_ path: String, _ create: () throws -> Void) rethrows {
        try registry.withLock { paths in
            try create()
            paths.insert(path)
        }
    }

    /// Forgets a temporary that has been renamed into place or removed.
    public static func unregister(_ path: String) {
        registry.withLock { paths in _ = paths.remove(path) }
    }

    /// Removes every registered temporary, then runs `finish` (which exits the process) still
    /// holding the lock, so nothing can be created or committed in between. For a signal handler.
    public static func abandonAll(then finish: () -> Never) -> Never {
        registry.withLock { paths in
            for path in paths.sorted() { abandon(path) }
            paths.removeAll()
            finish()
        }
    }

    /// A temporary name for `target`'s file name: `.NAME.partial-PID` (a folder output, one per
    /// process) or `.NAME.partial-PID-RANDOM` (files, several at once).
    public static func temporaryName(for name: String, unique: Bool) -> String {
        let pid = ProcessInfo.processInfo.processIdentifier
        return unique ? ".\(name).partial-\(pid)-\(UInt32.random(in: 0...UInt32.max))" : ".\(name).partial-\(pid)"
    }

    /// A name for the folder that holds an output's earlier files while the new ones are moved in:
    /// `.NAME.old-PID-RANDOM`.
    static func backupName(for name: String) -> String {
        ".\(name).old-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Removes the temporaries beside `target` (`.NAME.partial-PID…`) left by processes that no
    /// longer run, and puts back an earlier output that a killed commit had moved aside
    /// (`.NAME.old-PID…`) when the target is missing. A temporary whose process is alive is kept.
    /// Returns the names removed or restored.
    @discardableResult
    public static func removeStale(beside target: URL) -> [String] {
        let directory = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: directory.path) else { return [] }
        var handled: [String] = []
        for entry in entries.sorted() {
            for (marker, isBackup) in [(".\(name).partial-", false), (".\(name).old-", true)] where entry.hasPrefix(marker) {
                let digits = entry.dropFirst(marker.count).prefix { $0.isASCII && $0.isNumber }
                guard let pid = Int32(digits), pid > 0, !processIsAlive(pid) else { continue }
                let path = directory.appendingPathComponent(entry).path
                if isBackup {
                    // The earlier files of an output: back into place where nothing took their place.
                    for part in (try? fm.contentsOfDirectory(atPath: path)) ?? [] {
                        let destination = directory.appendingPathComponent(part).path
                        if !exists(destination) { _ = rename("\(path)/\(part)", destination) }
                    }
                }
                if (try? fm.removeItem(atPath: path)) != nil { handled.append(entry) }
            }
        }
        return handled
    }

    /// True when a process with this id runs (or exists and belongs to someone else).
    static func processIsAlive(_ pid: Int32) -> Bool {
        if pid == ProcessInfo.processInfo.processIdentifier { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// `lstat` succeeds: something (a file, folder or link, even a broken one) has this name.
    static func exists(_ path: String) -> Bool {
        var s = stat()
        return lstat(path, &s) == 0
    }

    private static func abandon(_ path: String) {
        var s = stat()
        guard lstat(path, &s) == 0 else { return }
        if (s.st_mode & S_IFMT) == S_IFDIR {
            let trash = path + ".interrupted"
            if rename(path, trash) == 0 { try? FileManager.default.removeItem(atPath: trash) }
        } else {
            unlink(path)
        }
    }
}
