import Foundation
import GeoKit

/// Writes a pattern report as RFC 7946 GeoJSON into a folder: `elements.geojson` (each element as
/// drawn), `edges.geojson` (a line between the linked elements' points, with the link's nature) and
/// `gaps.geojson` (each cut, with its width). The folder is written whole (`OutputFolder`): beside
/// the target, renamed into place once all three files are complete.
public enum PatternExport {
    public static let fileNames = ["elements.geojson", "edges.geojson", "gaps.geojson"]

    /// Writes the folder `directory` as a whole.
    ///
    /// - Parameter rules: the command's inputs; `directory` is refused when it holds one, or when
    ///   it exists and EcoZone did not write it (`OutputGuard.checkFolder`).
    /// - Returns: the paths written.
    @discardableResult
    public static func write(_ report: PatternReport, to directory: String, guard rules: OutputGuard = OutputGuard(),
                             precision: Int = 7) throws -> [String] {
        let folder = try OutputFolder(directory, guard: rules, command: "pattern")
        do {
            _ = try writeContents(report, into: folder.partial.path, precision: precision)
            try folder.commit()
        } catch {
            folder.discard()
            throw folder.relocated(error)
        }
        return fileNames.map { folder.target.appendingPathComponent($0).path }
    }

    /// Writes the three files into an existing folder that is being written whole (a run's).
    /// - Returns: the paths written.
    @discardableResult
    public static func writeContents(_ report: PatternReport, into directory: String, precision: Int = 7) throws -> [String] {
        let cgcs = try CRS.cgcs2000()
        let paths = fileNames.map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }

        let elements = try VectorWriter(path: paths[0], format: .geoJSON, layerName: "elements", crs: cgcs, geometryKind: nil, fields: [
            FieldDefinition(name: "id", type: .string), FieldDefinition(name: "role", type: .string),
            FieldDefinition(name: "symbol", type: .string), FieldDefinition(name: "name", type: .string),
            FieldDefinition(name: "shape", type: .string), FieldDefinition(name: "area_km2", type: .real),
            FieldDefinition(name: "length_km", type: .real), FieldDefinition(name: "footprint_km2", type: .real),
            FieldDefinition(name: "buffer_m", type: .real), FieldDefinition(name: "degree", type: .integer),
            FieldDefinition(name: "component", type: .integer), FieldDefinition(name: "share_in_red_line", type: .real),
            FieldDefinition(name: "share_in_protected_areas", type: .real),
        ], coordinatePrecision: precision)
        let byID = Dictionary(uniqueKeysWithValues: report.geometry.elements.map { ($0.id, $0) })
        func real(_ x: Double?) -> FieldValue { x.map { .real($0) } ?? .null }
        for s in report.elements {
            guard let e = byID[s.id] else { continue }
            try elements.write(wkb: e.geographic, values: [
                .string(s.id), .string(s.role.rawValue), .string(String(s.role.symbol)), .string(s.name), .string(s.shape.rawValue),
                real(s.area.map { $0 / 1e6 }), real(s.length.map { $0 / 1e3 }), .real(s.footprintArea / 1e6), .real(s.bufferWidth),
                .integer(Int64(s.degree)), .integer(Int64(s.component)), real(s.shareInRedLine), real(s.shareInProtectedAreas),
            ])
        }

        let edges = try VectorWriter(path: paths[1], format: .geoJSON, layerName: "edges", crs: cgcs, geometryKind: .lineString, fields: [
            FieldDefinition(name: "from", type: .string), FieldDefinition(name: "to", type: .string),
            FieldDefinition(name: "nature", type: .string), FieldDefinition(name: "distance_m", type: .real),
            FieldDefinition(name: "footprint_distance_m", type: .real),
        ], coordinatePrecision: precision)
        for (edge, line) in try report.linkLines() {
            try edges.write(wkb: line, values: [.string(edge.from), .string(edge.to), .string(edge.nature.rawValue),
                                                    .real(edge.distance), .real(edge.footprintDistance)])
        }

        let gaps = try VectorWriter(path: paths[2], format: .geoJSON, layerName: "gaps", crs: cgcs, geometryKind: nil, fields: [
            FieldDefinition(name: "element", type: .string), FieldDefinition(name: "role", type: .string),
            FieldDefinition(name: "breaks", type: .string), FieldDefinition(name: "width_m", type: .real),
            FieldDefinition(name: "area_m2", type: .real), FieldDefinition(name: "lon", type: .real), FieldDefinition(name: "lat", type: .real),
        ], coordinatePrecision: precision)
        for g in report.gaps ?? [] {
            try gaps.write(wkb: g.geographic, values: [.string(g.element), .string(g.role.rawValue), .string(g.breaks.joined(separator: "、")),
                                                       real(g.width), real(g.area), .real(g.location.lon), .real(g.location.lat)])
        }
        // Rename only once every file is complete.
        try elements.commit()
        try edges.commit()
        try gaps.commit()
        return paths
    }
}

extension PatternReport {
    /// Each link of the pattern graph as a straight line (WKB, CGCS2000 lon/lat) between the linked
    /// elements' points, in edge order; links to an element without a point are left out.
    public func linkLines() throws -> [(edge: PatternEdge, wkb: [UInt8])] {
        let context = GeometryContext()
        let points = Dictionary(uniqueKeysWithValues: geometry.elements.map { ($0.id, $0.point) })
        return try graph.edges.compactMap { edge in
            guard let a = points[edge.from], let b = points[edge.to] else { return nil }
            return (edge, try context.lineString(xs: [a.lon, b.lon], ys: [a.lat, b.lat]).wkb)
        }
    }
}
