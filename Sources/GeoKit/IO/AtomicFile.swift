import Foundation

/// Writes `data` to `path` atomically: to a temporary name beside it (`.NAME.partial-PID-RANDOM`,
/// removed on interruption, see `PartialOutputs`), every `write(2)` and the `close(2)` checked,
/// then renamed over `path`. On any failure the temporary is removed and `path` is as it was.
///
/// - Throws: `GeoKitError` (`.output`) naming `path` and the system's reason (e.g. "File too large").
public func writeAtomically(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
        PartialOutputs.temporaryName(for: url.lastPathComponent, unique: true)).path
    do {
        try data.withUnsafeBytes { try AtomicFile.writeNew($0, to: temporary) }
        try AtomicFile.install([(temporary, url.lastPathComponent)], into: url.deletingLastPathComponent().path,
                               replacing: [url.lastPathComponent], output: url.lastPathComponent)
    } catch let reason as AtomicFile.Failure {
        unlink(temporary)
        PartialOutputs.unregister(temporary)
        throw GeoKitError(.output, "cannot write the file: \(reason.text)", file: path)
    }
}

/// Checked file writing and the renames that put finished files into place.
enum AtomicFile {
    /// Why a system call failed, in the system's words.
    struct Failure: Error {
        var text: String
        init(_ what: String? = nil, errno code: Int32 = errno) {
            let reason = String(cString: strerror(code))
            text = what.map { "\($0): \(reason)" } ?? reason
        }
    }

    /// Creates `path` (which must not exist) under the `PartialOutputs` lock, registers it, and
    /// writes `bytes`, checking every `write(2)` (a short write continues, an error stops) and the
    /// `close(2)`. The caller removes the file on failure.
    static func writeNew(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        var fd: Int32 = -1
        try PartialOutputs.create(path) {
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd < 0 { throw Failure() }
        }
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                throw Failure(errno: code)
            }
            offset += n
        }
        if close(fd) != 0 { throw Failure() }
    }

    /// Moves finished files into `directory` as one step: `files` are (temporary path, final name);
    /// `replacing` names the files there that the output replaces (those that exist are moved
    /// aside first and deleted at the end; on a failure everything moved is put back). Runs under
    /// the `PartialOutputs` lock and unregisters the temporaries once they are in place.
    /// `output` is the output's own name, for the backup folder's name.
    static func install(_ files: [(from: String, name: String)], into directory: String, replacing: [String], output: String,
                        unregistering: [String]? = nil) throws {
        let registered = unregistering ?? files.map(\.from)
        try PartialOutputs.withLock(unregistering: registered) {
            let present = Set(replacing.filter { PartialOutputs.exists("\(directory)/\($0)") })
            let newNames = Set(files.map(\.name))
            var movedIn: [String] = []
            func undoMovedIn() { for name in movedIn { unlink("\(directory)/\(name)") } }
            // Nothing to move aside but files the renames replace in one step each.
            if present.isSubset(of: newNames) && (present.isEmpty || files.count == 1) {
                for (from, name) in files {
                    guard rename(from, "\(directory)/\(name)") == 0 else {
                        let failure = Failure("cannot move it into place")
                        undoMovedIn()
                        throw failure
                    }
                    movedIn.append(name)
                }
                return
            }
            let backup = "\(directory)/\(PartialOutputs.backupName(for: output))"
            guard mkdir(backup, 0o700) == 0 else { throw Failure("cannot make a folder beside it for the earlier files") }
            var movedOut: [String] = []
            func undoMovedOut() {
                for name in movedOut { _ = rename("\(backup)/\(name)", "\(directory)/\(name)") }
                rmdir(backup)
            }
            for name in present.sorted() {
                guard rename("\(directory)/\(name)", "\(backup)/\(name)") == 0 else {
                    let failure = Failure("cannot move the earlier \(name) aside")
                    undoMovedOut()
                    throw failure
                }
                movedOut.append(name)
            }
            for (from, name) in files {
                guard rename(from, "\(directory)/\(name)") == 0 else {
                    let failure = Failure("cannot move \(name) into place")
                    undoMovedIn()
                    undoMovedOut()
                    throw failure
                }
                movedIn.append(name)
            }
            try? FileManager.default.removeItem(atPath: backup)
        }
    }
}
