import Foundation

/// What kind of file system object a source path names, checked before GDAL opens it.
///
/// GDAL opens whatever it is given: a FIFO blocks it for ever, /dev/zero or /dev/urandom feed it
/// without end. A source must therefore be a regular file, a folder (of shapefiles, say) whose
/// entries are regular files, or a string that is no path at all but which GDAL resolves itself
/// (it holds a colon and names nothing on disk: "PG:dbname=…", "GPKG:file.gpkg:layer").
/// Symbolic links are followed (`stat`).
enum SourceFile {
    /// Throws a sentence naming the path unless it is one of the above.
    static func checkReadable(_ path: String) throws {
        guard let kind = kind(of: path) else {
            if path.contains(":") { return }
            throw GeoKitError(.input, "no such file or directory", file: path)
        }
        switch kind {
        case .regular: return
        case .directory:
            // GDAL opens every file of a folder it reads as a data set; refuse special files there.
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            for name in entries.sorted() {
                let entry = (path as NSString).appendingPathComponent(name)
                if let k = Self.kind(of: entry), k != .regular, k != .directory {
                    throw GeoKitError(.input, "the folder holds \(name), which is \(k.description), not a regular file; GDAL would block or read it without end",
                                      file: path)
                }
            }
        default:
            throw GeoKitError(.input, "this is \(kind.description), not a regular file or folder, and only files and folders are read", file: path)
        }
    }

    enum Kind: Equatable {
        case regular, directory, fifo, socket, characterDevice, blockDevice, other

        var description: String {
            switch self {
            case .regular: return "a regular file"
            case .directory: return "a folder"
            case .fifo: return "a named pipe (FIFO)"
            case .socket: return "a socket"
            case .characterDevice: return "a character device"
            case .blockDevice: return "a block device"
            case .other: return "a special file"
            }
        }
    }

    /// The kind of object at `path` (links followed), nil when nothing is there.
    static func kind(of path: String) -> Kind? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFIFO: return .fifo
        case S_IFSOCK: return .socket
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        default: return .other
        }
    }
}
