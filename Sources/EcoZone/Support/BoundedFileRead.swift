import Foundation
import GeoKit

/// Reading a whole text input (a project, claims or plan file) with its size bounded before and while
/// reading.
enum BoundedFileRead {
    /// The bytes of `path`, refused (GeoKitError `.input`, naming the file) when it is missing, not a
    /// regular file once links are followed (a folder; a FIFO, which would block the read forever), or
    /// larger than `limit` bytes — judged from `stat` before reading and again from what was read, so a
    /// file that grows meanwhile is refused too. `tooLarge` words the refusal from the size.
    static func data(_ path: String, kind: String, limit: Int, tooLarge: (Int) -> String) throws -> Data {
        func fail(_ message: String) -> GeoKitError { GeoKitError(.input, message, file: path) }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw fail(errno == ENOENT || errno == ENOTDIR ? "no such file or directory" : "the \(kind) is not readable")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw fail("the \(kind) is not a regular file") }
        guard Int(info.st_size) <= limit else { throw fail(tooLarge(Int(info.st_size))) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("the \(kind) is not readable") }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
            throw fail("the \(kind) is not readable: \(error.localizedDescription)")
        }
        guard data.count <= limit else { throw fail(tooLarge(data.count)) }
        return data
    }
}
