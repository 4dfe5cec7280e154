import Foundation
import GeoKit

/// The one rule every command that writes applies before it writes, so that no output destroys
/// what EcoZone did not write. A command fills it with every path it reads (sources, project and
/// claims files, every layer a project names), then checks each output against it:
///
/// - **A file** (`checkFile`) is refused when it, or any file the dataset at that name is made of
///   (a shapefile's .shp/.shx/.dbf/.prj/.cpg and indexes, a GeoPackage's journals), is an input or
///   part of one: the same name in the same folder ignoring case, or the same file through a
///   symbolic or hard link (same device and inode); when it would be written inside an input
///   folder; when it is a folder. An existing file is replaced only with `overwrite` (`--overwrite`).
/// - **A folder** (`checkFolder`) is refused when it is the current folder or one above it, holds
///   an input, is inside an input folder, or is a file; an existing folder is replaced only when it
///   is empty or EcoZone wrote it (`FolderManifest`: its `.ecozone` lists everything in it).
///
/// Paths the guard cannot tie to a file (a `PG:` connection string) are not compared.
public struct OutputGuard: Sendable {
    /// Replace an existing output file (never an input, never a folder).
    public var overwrite: Bool
    /// Every source read, as given.
    public private(set) var sources: [String] = []

    public init(overwrite: Bool = false, reading sources: [String] = []) {
        self.overwrite = overwrite
        self.sources = sources
    }

    /// Adds a path or OGR source string the command reads.
    public mutating func read(_ source: String) {
        if !sources.contains(source) { sources.append(source) }
    }

    public mutating func read(_ request: LayerRequest) { read(request.source) }

    /// Adds every file a project names (`Project.inputFiles`).
    public mutating func read(_ project: Project) {
        for f in project.inputFiles { read(f) }
    }

    // MARK: files

    /// Throws unless `path` may be written as a file: the names the output consists of are
    /// `format.fileNames(for:)` for a vector dataset (nil: just the file).
    ///
    /// - Throws: `GeoKitError` (`.output`) naming `path`, in one sentence that says how to proceed.
    public func checkFile(_ path: String, format: VectorFormat? = nil) throws {
        let url = URL(fileURLWithPath: path).standardized
        let directory = url.deletingLastPathComponent()
        func refuse(_ message: String, _ hint: GeoKitError.Hint = .chooseOutput()) -> GeoKitError {
            GeoKitError(.output, message, file: path, hint: hint)
        }
        guard let directoryID = FileID(directory.path), directoryID.isDirectory else {
            throw refuse("the folder that should hold it does not exist", .chooseOutput())
        }
        if let id = FileID(url.path), id.isDirectory {
            throw refuse("this is a folder, not a file")
        }
        let names = format?.fileNames(for: url.path) ?? [url.lastPathComponent]
        let lowered = Set(names.map { $0.lowercased() })
        let above = FileID.selfAndAncestors(of: directory.path)
        let inputs = resolvedInputs()
        for input in inputs {
            if input.isDirectory {
                if above.contains(input.id) {
                    throw refuse("it would be written inside the input folder \(input.given)")
                }
            } else if let parts = input.names[directoryID], !lowered.isDisjoint(with: parts) {
                let main = (input.given as NSString).lastPathComponent
                if main == url.lastPathComponent {
                    throw refuse("this is the input \(input.given)")
                } else if main.lowercased() == url.lastPathComponent.lowercased() {
                    throw refuse("this is the input \(input.given) (names are compared ignoring case)")
                }
                throw refuse("it is part of the input \(input.given) (names are compared ignoring case)")
            }
        }
        let present = names.filter { nameExists("\(directory.path)/\($0)") }
        for name in present {
            guard let id = FileID("\(directory.path)/\(name)") else { continue }
            if let input = inputs.first(where: { $0.files.contains(id) }) {
                throw refuse("\(name == url.lastPathComponent ? "it" : name) is the input \(input.given) under another name (a link)")
            }
        }
        if !present.isEmpty && !overwrite {
            if present.contains(url.lastPathComponent) {
                throw refuse("the file exists", .overwriteOrChooseOutput(files: 1))
            }
            let which = present.count == 1 ? "\(present[0]) exists" : "\(present.joined(separator: ", ")) exist"
            throw refuse(which, .overwriteOrChooseOutput(files: present.count))
        }
    }

    // MARK: folders

    /// Throws unless `path` may be (re)placed as a folder EcoZone writes whole; returns the folder's
    /// canonical location (links resolved), where it will be replaced.
    public func checkFolder(_ path: String) throws -> URL {
        let given = URL(fileURLWithPath: path).standardized
        func refuse(_ message: String, _ hint: GeoKitError.Hint = .chooseOutput()) -> GeoKitError {
            GeoKitError(.output, message, file: path, hint: hint)
        }
        let parent = given.deletingLastPathComponent()
        guard let parentID = FileID(parent.path), parentID.isDirectory, let realParent = FileID.realPath(parent.path) else {
            throw refuse("the folder that should hold the output does not exist")
        }
        var target = URL(fileURLWithPath: realParent).appendingPathComponent(given.lastPathComponent)
        if nameExists(target.path) {
            if let real = FileID.realPath(target.path) { target = URL(fileURLWithPath: real) } else {
                throw refuse("this is a link to nothing")
            }
        }
        let id = FileID(target.path)
        if let id, !id.isDirectory {
            throw refuse("a file of that name is in the way of the output folder")
        }
        let inputs = resolvedInputs()
        if let id {
            if FileID.selfAndAncestors(of: FileManager.default.currentDirectoryPath).contains(id) {
                throw refuse("this is the current folder or a folder above it")
            }
            if let input = inputs.first(where: { $0.above.contains(id) }) {
                throw refuse("the folder holds the input \(input.given)")
            }
        }
        let above = FileID.selfAndAncestors(of: target.deletingLastPathComponent().path)
        if let input = inputs.first(where: { $0.isDirectory && above.contains($0.id) }) {
            throw refuse("it would be written inside the input folder \(input.given)")
        }
        if id != nil, let refusal = FolderManifest.refusal(target) {
            throw refuse(refusal.reason, .chooseOutput(otherwise: refusal.otherwise))
        }
        return target
    }

    // MARK: inputs

    /// An input as files on disk.
    struct ResolvedInput {
        var given: String
        var id: FileID
        var isDirectory: Bool
        /// A file's parts: per folder (the one named and, through a link, the real one), the
        /// lower-case names of the files the input is made of.
        var names: [FileID: Set<String>]
        /// The identities of those that exist.
        var files: Set<FileID>
        /// The folders above it (and a folder input itself).
        var above: Set<FileID>
    }

    func resolvedInputs() -> [ResolvedInput] {
        sources.compactMap { source in
            guard let path = Self.filePath(of: source), let id = FileID(path) else { return nil }
            let real = FileID.realPath(path) ?? path
            if id.isDirectory {
                return ResolvedInput(given: source, id: id, isDirectory: true, names: [:], files: [],
                                     above: FileID.selfAndAncestors(of: real))
            }
            // Both the name as given and the file it resolves to (a link's target) belong to the input.
            var names: [FileID: Set<String>] = [:]
            var files: Set<FileID> = [id]
            for p in Set([path, real]) {
                let dir = (p as NSString).deletingLastPathComponent
                guard let folder = FileID(dir.isEmpty ? "." : dir) else { continue }
                for name in Self.partNames(of: (p as NSString).lastPathComponent) {
                    if let f = FileID("\(dir.isEmpty ? "." : dir)/\(name)") { files.insert(f) }
                    names[folder, default: []].insert(name.lowercased())
                }
            }
            return ResolvedInput(given: source, id: id, isDirectory: false, names: names, files: files,
                                 above: FileID.selfAndAncestors(of: (real as NSString).deletingLastPathComponent))
        }
    }

    /// The file behind a source string: the path itself; the archive of a `/vsizip/…` (and other
    /// `/vsi…/`) path; the file of a `DRIVER:path[:layer]` string. Nil for a connection string.
    static func filePath(of source: String) -> String? {
        if nameExists(source) { return source }
        if source.hasPrefix("/vsi"), let slash = source.dropFirst().firstIndex(of: "/") {
            // "/vsizip//abs/a.zip/inner.shp", "/vsizip/rel/a.zip/inner.shp": the first existing file.
            var candidate = ""
            for (i, component) in source[source.index(after: slash)...].split(separator: "/", omittingEmptySubsequences: false).enumerated() {
                candidate = i == 0 ? String(component) : candidate + "/" + component
                if !candidate.isEmpty, let id = FileID(candidate), !id.isDirectory { return candidate }
            }
            return nil
        }
        if let colon = source.firstIndex(of: ":"), source[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            // "GPKG:/path/x.gpkg:layer" and the like.
            var rest = String(source[source.index(after: colon)...])
            while !rest.isEmpty {
                if nameExists(rest) { return rest }
                guard let last = rest.lastIndex(of: ":") else { break }
                rest = String(rest[..<last])
            }
        }
        return nil
    }

    /// The names of the files a dataset called `name` is made of, or that programs keep beside it.
    static func partNames(of name: String) -> [String] {
        let ext = (name as NSString).pathExtension.lowercased()
        let stem = (name as NSString).deletingPathExtension
        switch ext {
        case "shp", "shx", "dbf":
            return VectorFormat.shapefile.fileNames(for: stem + ".shp")
        case "gpkg", "sqlite", "db":
            return [name, "\(name)-journal", "\(name)-wal", "\(name)-shm"]
        case "tif", "tiff":
            return [name, "\(name).aux.xml", "\(name).ovr", "\(name).msk", "\(stem).tfw", "\(stem).tifw", "\(stem).wld"]
        default:
            return [name, "\(name).aux.xml"]
        }
    }
}

/// Whether anything (a file, a folder, even a broken link) has this name (`lstat(2)`).
func nameExists(_ path: String) -> Bool {
    var s = stat()
    return lstat(path, &s) == 0
}

/// A file's identity: device and inode (`stat(2)`, links followed), the same whatever name or
/// case reaches it.
struct FileID: Hashable {
    var device: UInt64
    var inode: UInt64
    var isDirectory: Bool

    init?(_ path: String) {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        device = UInt64(s.st_dev)
        inode = UInt64(s.st_ino)
        isDirectory = (s.st_mode & S_IFMT) == S_IFDIR
    }

    static func == (a: FileID, b: FileID) -> Bool { a.device == b.device && a.inode == b.inode }
    func hash(into h: inout Hasher) { h.combine(device); h.combine(inode) }

    /// `realpath(3)`: absolute, links resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// The identities of a folder and of every folder above it, to `/`.
    static func selfAndAncestors(of path: String) -> Set<FileID> {
        var result: Set<FileID> = []
        var p = realPath(path) ?? URL(fileURLWithPath: path).standardized.path
        while true {
            if let id = FileID(p) { result.insert(id) }
            if p == "/" || p.isEmpty { break }
            p = (p as NSString).deletingLastPathComponent
        }
        return result
    }
}
