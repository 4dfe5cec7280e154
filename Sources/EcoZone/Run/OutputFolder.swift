import Foundation
import GeoKit

/// A folder written as a whole: everything goes into a hidden sibling (`.NAME.partial-PID`) that
/// `commit()` renames into place, with a `.ecozone` manifest listing what was written
/// (`FolderManifest`). Until then the target is left as it was; after an error, `discard()` (or
/// dropping the folder) removes the partial folder.
///
/// Before anything is written, `OutputGuard.checkFolder` decides whether the target may be
/// replaced at all (never the current folder or one above it, never a folder holding an input, an
/// existing folder only when it is empty or EcoZone wrote it), and temporaries beside it left by a
/// killed run are cleaned (`PartialOutputs.removeStale`). The check is made again at `commit()`, in
/// case a file was put in the old folder meanwhile.
///
/// EcoZone installs no signal handler: the partial folder is registered with `PartialOutputs`, so a
/// program that wants Ctrl-C to leave the target as it was calls `PartialOutputs.abandonAll(then:)`
/// from its own handler. Creating entries inside the partial folder and the renames of `commit()`
/// take that registry's lock, so an interruption lands before the commit or after it.
public final class OutputFolder {
    /// Where the folder will be, links resolved.
    public let target: URL
    /// The folder being written.
    public let partial: URL
    public let command: String
    private let rules: OutputGuard
    private var finished = false

    /// - Parameters:
    ///   - rules: the command's inputs, which the folder must not hold.
    ///   - command: recorded in the manifest ("run", "corridors", …).
    public init(_ path: String, guard rules: OutputGuard, command: String) throws {
        self.rules = rules
        self.command = command
        target = try rules.checkFolder(path)
        PartialOutputs.removeStale(beside: target)
        let parent = target.deletingLastPathComponent()
        partial = parent.appendingPathComponent(PartialOutputs.temporaryName(for: target.lastPathComponent, unique: false))
        try? FileManager.default.removeItem(at: partial)   // this process's own, from an earlier attempt
        let partialPath = partial.path
        do {
            try PartialOutputs.create(partialPath) {
                try FileManager.default.createDirectory(atPath: partialPath, withIntermediateDirectories: false)
            }
        } catch {
            throw GeoKitError(.output, "cannot create a working folder beside the output", file: partialPath)
        }
    }

    deinit {
        if !finished { discard() }
    }

    /// A path inside the folder being written, its parent folders made.
    public func path(_ relative: String) throws -> String {
        let url = partial.appendingPathComponent(relative)
        try directory(url.deletingLastPathComponent())
        return url.path
    }

    /// A folder inside the folder being written (made if missing), as a path.
    public func folder(_ relative: String) throws -> String {
        let url = partial.appendingPathComponent(relative)
        try directory(url)
        return url.path
    }

    /// Makes a folder inside the partial one under the `PartialOutputs` lock, and never the partial
    /// folder itself: if an interruption has removed it, this fails instead of making it anew.
    private func directory(_ url: URL) throws {
        let partialPath = partial.path
        try PartialOutputs.withLock {
            guard FileManager.default.fileExists(atPath: partialPath) else {
                throw GeoKitError(.output, "the working folder beside the output has gone", file: partialPath)
            }
            do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
                throw GeoKitError(.output, "cannot create the folder", file: url.path)
            }
        }
    }

    /// Writes bytes to a path inside the folder, every write checked (`writeAtomically`).
    public func write(_ data: Data, to relative: String) throws {
        do { try writeAtomically(data, to: try path(relative)) } catch let e as GeoKitError {
            throw GeoKitError(e.kind, e.message, file: target.appendingPathComponent(relative).path, hint: e.hint)
        }
    }

    /// The same error naming the file where it will be rather than in the partial folder.
    public func relocated(_ error: any Error) -> any Error {
        guard var e = error as? GeoKitError, let file = e.file else { return error }
        let prefix = partial.path
        if file == prefix || file.hasPrefix(prefix + "/") {
            e.file = target.path + file.dropFirst(prefix.count)
        }
        return e
    }

    /// Writes the manifest and puts the finished folder in place of the target: the earlier folder
    /// is moved aside (into `.NAME.old-PID-RANDOM`), the new one renamed into place, the earlier
    /// one deleted. If the second rename fails, the earlier folder is put back.
    public func commit() throws {
        let manifest = FolderManifest(command: command, files: FolderManifest.files(in: partial))
        try write(try JSONOutput.data(manifest), to: FolderManifest.fileName)
        _ = try rules.checkFolder(target.path)
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent().path
        let name = target.lastPathComponent
        let backup = "\(parent)/.\(name).old-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        try PartialOutputs.withLock(unregistering: [partial.path]) {
            func failure(_ what: String) -> GeoKitError {
                GeoKitError(.output, "\(what): \(String(cString: strerror(errno)))", file: target.path)
            }
            var movedAside = false
            if fm.fileExists(atPath: target.path) {
                guard mkdir(backup, 0o700) == 0 else { throw failure("cannot make a folder beside the output for the earlier one") }
                guard rename(target.path, "\(backup)/\(name)") == 0 else {
                    let e = failure("cannot move the earlier output aside")
                    rmdir(backup)
                    throw e
                }
                movedAside = true
            }
            guard rename(partial.path, target.path) == 0 else {
                let e = failure("cannot move the finished output into place")
                if movedAside { _ = rename("\(backup)/\(name)", target.path); rmdir(backup) }
                throw e
            }
        }
        try? fm.removeItem(atPath: backup)
        finished = true
    }

    /// Removes the partial folder; the target stays as it was.
    public func discard() {
        PartialOutputs.withLock(unregistering: [partial.path]) {
            try? FileManager.default.removeItem(at: partial)
        }
        finished = true
    }
}
