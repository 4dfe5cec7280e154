import Foundation

extension Project {
    /// Every file the project names, resolved: the project file itself, the claims file, each layer's
    /// and each pattern element's source, the pattern's break layer, resistance raster and land use.
    /// Commands that write give these to `OutputGuard`; `run.json` records them with checksums.
    public var inputFiles: [String] {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolved(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardized.path }
        var files = [path]
        if let claims { files.append(claims) }
        files += layers.map(\.source)
        if let pattern {
            files += pattern.elements.map(\.source)
            if let r = pattern.resistance { files.append(r) }
            if let l = pattern.settings["landuse"] { files.append(resolved(l)) }
            if let b = pattern.tables["breaks"]?["source"], !b.isEmpty { files.append(resolved(b)) }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }
}
