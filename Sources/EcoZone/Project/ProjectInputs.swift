import Foundation
import GeoKit

extension Project {
    /// Every file the project names, resolved: the project file itself, the claims file, every source
    /// of every version of every layer, every source of every pattern element, the pattern's break
    /// layer, resistance raster and land use. Commands that write give these to `OutputGuard`;
    /// `run.json` records them with checksums. One list, so that nothing read escapes either.
    public var inputFiles: [String] { namedFiles.map(\.path) }

    /// Every file the project names, with the line that names it and what it is for messages.
    var namedFiles: [(path: String, line: Int, what: String)] {
        var files: [(String, Int, String)] = [(path, 0, "the project file")]
        if let claims { files.append((claims, keyLines["claims"] ?? 0, "'claims'")) }
        for l in layers { files += l.sources.map { ($0.path, $0.line, "layer '\(l.name)'") } }
        for r in rasters {
            files.append((r.path, r.line, "layer '\(r.name)'"))
            if let t = r.classTable { files.append((t, r.line, "layer '\(r.name)': 'class-table'")) }
        }
        if let pattern {
            for e in pattern.elements { files += (e.layer?.sources ?? []).map { ($0.path, $0.line, "pattern '\(e.role.rawValue)'") } }
            files += (pattern.breaks?.sources ?? []).map { ($0.path, $0.line, "pattern 'breaks'") }
            if let r = pattern.resistance { files.append((r, keyLines["resistance"] ?? 0, "pattern 'resistance'")) }
            if let l = pattern.landUse { files.append((l, keyLines["landuse"] ?? 0, "pattern 'landuse'")) }
        }
        if let resistance { files += resistance.files.map { ($0.path, $0.line, "'resistance'") } }
        if let sources { files.append((sources.landcover, sources.line, "'sources'")) }
        var seen = Set<String>()
        // A derived layer ("derived:NAME") is made by the run from layers already listed: no file.
        return files.filter { Project.derivedName($0.0) == nil && seen.insert($0.0).inserted }
    }

    /// Throws, naming the first file the project names that does not exist, with the line that names
    /// it: one sentence before any work. GDAL connection strings and `/vsi…` paths are left to GDAL.
    public func checkInputsExist() throws {
        for f in namedFiles where f.path.hasPrefix("/") && !f.path.hasPrefix("/vsi") && !FileManager.default.fileExists(atPath: f.path) {
            let place = f.line > 0 ? "line \(f.line): " : ""
            throw GeoKitError(.input, "\(place)\(f.what) names \(f.path), which does not exist", file: path)
        }
    }
}
