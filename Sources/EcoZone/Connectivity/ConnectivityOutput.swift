import Foundation
import GeoKit

/// Per-node connectivity results written to a folder: `connectivity_nodes.geojson` (RFC 7946:
/// lon/lat, the layer transformed to CGCS2000 and taken as WGS 84, counter-clockwise shells) and
/// `connectivity_nodes.csv` (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese ids),
/// one row per node in input order. The folder is written whole (`OutputFolder`): beside the target,
/// renamed into place once both files are complete.
public enum ConnectivityOutput {
    /// The names of the files written into the output directory.
    public static let geoJSONName = "connectivity_nodes.geojson"
    public static let csvName = "connectivity_nodes.csv"

    static let columns = ["id", "area_ha", "dIIC", "dIIC_intra", "dIIC_flux", "dIIC_connector",
                          "dPC", "dPC_intra", "dPC_flux", "dPC_connector", "rank_dPC", "point_on_surface"]

    /// Writes both files as the folder `directory` and returns their paths.
    ///
    /// - Parameter rules: the command's inputs (the layer's source is added); `directory` is refused
    ///   when it holds one, or exists and EcoZone did not write it (`OutputGuard.checkFolder`).
    /// - Throws: `GeoKitError` (`.output`) when the folder is refused or a file cannot be written, or
    ///   (`.projection`) when the layer cannot be transformed to CGCS2000.
    public static func write(_ report: ConnectivityReport, nodes: HabitatNodes, layer: LoadedLayer,
                             to directory: String, guard rules: OutputGuard = OutputGuard()) throws -> [String] {
        var rules = rules
        rules.read(layer.request)
        let folder = try OutputFolder(directory, guard: rules, command: "connectivity")
        do {
            try writeContents(report, nodes: nodes, layer: layer, into: folder.partial.path)
            try folder.commit()
        } catch {
            folder.discard()
            throw folder.relocated(error)
        }
        return [geoJSONName, csvName].map { folder.target.appendingPathComponent($0).path }
    }

    static func writeContents(_ report: ConnectivityReport, nodes: HabitatNodes, layer: LoadedLayer, into directory: String) throws {
        let rank = report.dPCRanks
        let surface = Set(nodes.pointOnSurfaceNodes)

        let geoJSONPath = (directory as NSString).appendingPathComponent(geoJSONName)
        let context = GeometryContext()
        let outputCRS = layer.crs.isGeographicOnCGCS2000Ellipsoid ? layer.crs : try CRS.cgcs2000()
        let toOutput = try Transformer(from: layer.crs, to: outputCRS)
        let fields = [FieldDefinition(name: "id", type: .string)]
            + columns.dropFirst().dropLast(2).map { FieldDefinition(name: $0, type: .real) }
            + [FieldDefinition(name: "rank_dPC", type: .integer), FieldDefinition(name: "point_on_surface", type: .integer)]
        let writer = try VectorWriter(path: geoJSONPath, format: .geoJSON, layerName: "connectivity_nodes", crs: outputCRS,
                                      geometryKind: nil, fields: fields, coordinatePrecision: 7)
        var csv = Table(headers: columns, numeric: Set(1..<columns.count))
        for (i, node) in report.perNode.enumerated() {
            let numbers = [node.attribute, node.dIIC, node.dIICIntra, node.dIICFlux, node.dIICConnector,
                           node.dPC, node.dPCIntra, node.dPCFlux, node.dPCConnector]
            let geometry = try toOutput.transform(try Geometry(wkb: nodes.geometries[i], context: context))
            try writer.write(wkb: geometry.wkb,
                             values: [.string(node.id)] + numbers.map { .real($0) }
                                 + [.integer(Int64(rank[i])), .integer(surface.contains(i) ? 1 : 0)])
            csv.add([node.id] + numbers.map { "\($0)" } + [String(rank[i]), surface.contains(i) ? "1" : "0"])
        }
        let csvPath = (directory as NSString).appendingPathComponent(csvName)
        try writeAtomically(csv.csvData, to: csvPath)
        try writer.commit()
    }
}
