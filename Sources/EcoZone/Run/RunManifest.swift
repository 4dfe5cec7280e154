import Foundation
import GeoKit

/// The version of the EcoZone engine, recorded with every run.
public enum EcoZoneVersion {
    public static let current = "0.2.0"
}

/// `run.json`: enough to reproduce a run — its inputs with SHA-256 checksums, its settings, the
/// EcoZone and library versions, and how long each step took.
public struct RunManifest: Sendable, Codable {
    public struct Input: Sendable, Codable {
        /// Relative to the project file's folder where it lies below it.
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public struct Step: Sendable, Codable {
        public var name: String
        public var seconds: Double
        /// MiB: the peak resident size during the step (`memory` says how it was measured), how much
        /// the step raised the process's high-water mark, and the resident size it started from.
        public var peakMiB: Double?
        public var riseMiB: Double?
        public var residentBeforeMiB: Double?
        var memory: StepMemory.Method?

        enum CodingKeys: String, CodingKey {
            case name, seconds
            case peakMiB = "peak_rss_mib", riseMiB = "peak_rise_mib", residentBeforeMiB = "rss_before_mib"
        }
    }

    public var ecozone: String
    public var libraries: [String: String]
    public var created: String
    public var project: String
    public var projectName: String
    public var analysisCRS: String
    public var options: RunOptions
    public var inputs: [Input]
    public var steps: [Step]
    /// How `peak_rss_mib` was measured (`StepMemory`).
    public var memory: String?
    /// Layers also written as vector tiles, and why.
    public var tiles: [TiledLayer]
    public var outputs: [String]
    public var seconds: Double
    /// The chain's settings and choices: how sources were picked (and which), the resistance's factor table.
    public var sources: SourcesRecord?
    public var resistance: ResistanceSummary?
    /// The PostGIS tables read (``PostGISInputRecord``): connection without password, rows, checksum.
    public var databaseInputs: [PostGISInputRecord]? = nil

    /// How `run` picked the ecological sources.
    public struct SourcesRecord: Sendable, Codable {
        public var landcover: String
        public var foreground: [Int]
        public var mspa: MSPAParameters
        public var minimumHectares: Double
        public var distance: Double
        public var probability: Double
        public var nodeDistance: String
        public var rule: String
        public var candidates: Int
        public var kept: [Int]

        enum CodingKeys: String, CodingKey {
            case landcover, foreground, mspa, distance, probability, rule, candidates, kept
            case minimumHectares = "min_area_ha", nodeDistance = "node_distance"
        }

        init(_ r: SourceSelectionReport) {
            landcover = r.landcover
            foreground = r.mspa.foregroundClasses
            mspa = MSPAParameters(connectivity: r.mspa.parameters.connectivity, edgeWidth: r.mspa.parameters.edgeWidth,
                                  transition: r.mspa.parameters.transition, intext: r.mspa.parameters.intext)
            minimumHectares = r.minimumHectares
            distance = r.distance
            probability = r.probability
            nodeDistance = r.nodeDistance.rawValue
            rule = r.rule
            candidates = r.candidates.count
            kept = r.kept.map(\.id)
        }
    }

    enum CodingKeys: String, CodingKey {
        case ecozone, libraries, created, project, options, inputs, steps, outputs, seconds, tiles, sources, resistance
        case databaseInputs = "database_inputs"
        case memory = "peak_rss"
        case projectName = "project_name", analysisCRS = "analysis_crs"
    }

    static func make(project: Project, options: RunOptions, results: RunResults, seconds: Double) throws -> RunManifest {
        let base = URL(fileURLWithPath: project.path).deletingLastPathComponent().standardized.path + "/"
        let files = project.inputFiles.flatMap(sidecars)
        var seen = Set<String>()
        let inputs: [Input] = try files.compactMap { f in
            let path = URL(fileURLWithPath: f).standardized.path
            guard seen.insert(path).inserted, FileManager.default.fileExists(atPath: path) else { return nil }
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
            return Input(path: path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path, bytes: size,
                         sha256: try SHA256.hex(ofFile: path))
        }
        let formatter = ISO8601DateFormatter()
        var manifest = RunManifest(ecozone: EcoZoneVersion.current, libraries: LibraryVersions.all, created: formatter.string(from: Date()),
                           project: project.path, projectName: results.projectName, analysisCRS: results.analysisCRS,
                           options: options, inputs: inputs, steps: results.steps,
                           memory: results.steps.compactMap(\.memory).first?.rawValue, tiles: results.tiles,
                           outputs: results.outputs.sorted(), seconds: seconds, sources: results.sources.map(SourcesRecord.init),
                           resistance: results.resistance)
        let tables = try PostGISInputRecord.records(for: project)
        manifest.databaseInputs = tables.isEmpty ? nil : tables
        return manifest
    }

    /// A source and, for a shapefile, the files that make it up.
    private static func sidecars(_ source: String) -> [String] {
        guard source.lowercased().hasSuffix(".shp") else { return [source] }
        let stem = String(source.dropLast(4))
        return ["shp", "shx", "dbf", "prj", "cpg", "SHP", "SHX", "DBF", "PRJ", "CPG"].map { "\(stem).\($0)" }
    }
}
