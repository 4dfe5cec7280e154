import Foundation
import GeoKit

/// `.ecozone`: the manifest EcoZone puts in every folder it writes whole (`run`, `corridors`,
/// `connectivity`, `pattern` with `--out`), listing every file it wrote there. It is how a later
/// command knows that it may replace the folder:
///
/// A folder may be replaced when it is empty, or when its `.ecozone` reads as EcoZone's and lists
/// every file in it — except the caches viewers add beside a listed file (`.aux.xml`, `.ovr`,
/// `-wal`, `-shm`, `-journal`) and `.DS_Store`. Anything else (a user's file, a folder without a
/// manifest) and the folder is kept and the command refuses.
///
/// A run folder written by EcoZone 0.2.0 or earlier, before `.ecozone` existed, is recognised the
/// same way by its `run.json`, whose `outputs` list its files (its `corridors/` folder by the
/// names `CorridorOutput` writes).
public struct FolderManifest: Sendable, Codable {
    public static let fileName = ".ecozone"
    static let writer = "EcoZone"

    /// "EcoZone 0.2.0".
    public var writtenBy: String
    /// The command that wrote the folder ("run", "corridors", …).
    public var command: String
    /// ISO 8601.
    public var created: String
    /// Every file written, relative to the folder, '/'-separated.
    public var files: [String]

    enum CodingKeys: String, CodingKey {
        case writtenBy = "written_by", command, created, files
    }

    public init(command: String, files: [String]) {
        writtenBy = "\(Self.writer) \(EcoZoneVersion.current)"
        self.command = command
        created = ISO8601DateFormatter().string(from: Date())
        self.files = files.sorted()
    }

    /// The manifest of `folder`, when it has one that reads as EcoZone's (or an earlier run's `run.json`).
    public static func read(in folder: URL) -> FolderManifest? {
        if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path) {
            guard let m = try? JSONDecoder().decode(FolderManifest.self, from: data), m.writtenBy.hasPrefix(writer) else { return nil }
            return m
        }
        struct EarlierRun: Decodable { var ecozone: String; var outputs: [String] }
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("run.json").path),
              let run = try? JSONDecoder().decode(EarlierRun.self, from: data) else { return nil }
        var m = FolderManifest(command: "run", files: run.outputs + ["run.json"])
        m.writtenBy = "\(writer) \(run.ecozone)"
        return m
    }

    /// Whether `entry` is one of the files listed: by name, or (an earlier run's `corridors/`) a file
    /// `CorridorOutput` writes inside a listed folder.
    func lists(_ entry: String) -> Bool {
        if files.contains(entry) { return true }
        let folder = (entry as NSString).deletingLastPathComponent, name = (entry as NSString).lastPathComponent
        guard !folder.isEmpty, files.contains(folder + "/") else { return false }
        if CorridorOutput.files.contains(name) && !name.contains("<") { return true }
        return name.hasPrefix("cost_distance_") && name.hasSuffix(".tif")
            && name.dropFirst("cost_distance_".count).dropLast(4).allSatisfy { $0.isNumber || $0 == "-" }
    }

    /// Nil when the existing folder may be replaced; else why not.
    static func whyNotReplaceable(_ folder: URL) -> String? { refusal(folder)?.reason }

    /// Nil when the existing folder may be replaced; else why not, and what besides writing
    /// elsewhere would do.
    static func refusal(_ folder: URL) -> (reason: String, otherwise: String)? {
        let entries = files(in: folder)
        if entries.isEmpty { return nil }
        guard let manifest = read(in: folder) else {
            return ("the folder is not empty and EcoZone did not write it (it has no \(fileName) manifest)", "empty or remove the folder")
        }
        let caches = [".aux.xml", ".ovr", "-wal", "-shm", "-journal"]
        for entry in entries where entry != fileName && !manifest.lists(entry) {
            let name = (entry as NSString).lastPathComponent
            if name == ".DS_Store" { continue }
            if caches.contains(where: { entry.hasSuffix($0) && manifest.lists(String(entry.dropLast($0.count))) }) { continue }
            return ("the folder holds \(entry), which EcoZone did not write", "move that file away")
        }
        return nil
    }

    /// Every entry in `folder` that is not a folder (files, links, anything else), relative,
    /// '/'-separated, found without following links.
    static func files(in folder: URL) -> [String] {
        var result: [String] = []
        func walk(_ relative: String) {
            let path = relative.isEmpty ? folder.path : folder.appendingPathComponent(relative).path
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                // A folder that cannot be listed may hold anything: never take it for empty.
                result.append(relative.isEmpty ? "." : relative + "/")
                return
            }
            for name in names.sorted() {
                let child = relative.isEmpty ? name : "\(relative)/\(name)"
                var s = stat()
                guard lstat("\(path)/\(name)", &s) == 0 else { continue }
                if (s.st_mode & S_IFMT) == S_IFDIR { walk(child) } else { result.append(child) }
            }
        }
        walk("")
        return result
    }
}
