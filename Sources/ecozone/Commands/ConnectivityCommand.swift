import ArgumentParser
import EcoZone
import Foundation
import GeoKit

extension NodeDistanceRule: ExpressibleByArgument {}

struct ConnectivityCommand: ParsableCommand, RemedyWording {
    static let configuration = CommandConfiguration(
        commandName: "connectivity",
        abstract: "IIC, PC, EC and every node's dIIC / dPC (intra, flux, connector) for the habitat polygons of a layer.",
        discussion: """
            Nodes are the polygons of SOURCE (invalid ones repaired); the attribute is the area in ha: planar in the \
            layer's CRS when it is projected (as Makurhini's sf::st_area), ellipsoidal on CGCS2000 when it is geographic \
            (distances then in the Gauss–Krüger zone of the layer's centre). IIC links pairs closer than --distance \
            (strict <); PC uses p = exp(-k d) with p = --probability at --distance. dI fractions are exact (the connector \
            is computed directly, never by subtraction).
            """
    )

    @OptionGroup var input: SourceOptions

    @Option(help: "Dispersal distance D in metres: the IIC link threshold and the distance at which p = --probability.")
    var distance: Double

    @Option(help: "Direct dispersal probability P at distance D, in (0, 1).")
    var probability: Double = 0.5

    @Option(name: .customLong("landscape-area"), help: "Landscape area A_L in ha (IIC = IICnum / A_L², PC = PCnum / A_L²).")
    var landscapeArea: Double?

    @Option(help: "A polygon source whose area is the landscape area A_L (measured as node areas are; read with the source's --assume-crs, --encoding and --assume-axis-order).")
    var landscape: String?

    @Option(name: .customLong("landscape-layer"), help: "Layer of --landscape, for sources with several layers.")
    var landscapeLayer: String?

    @Option(name: .customLong("node-distance"), help: "centroid (Makurhini's rule: largest part's centroid, point on surface where outside) or edge (polygon to polygon).")
    var nodeDistance: NodeDistanceRule = .centroid

    @Option(help: "Field whose values name the nodes (default: feature ids).")
    var id: String?

    @Option(name: .customLong("pij-min"), help: "Drop direct PC links with p < X before paths are computed (Makurhini's default 0.01; off by default, as Conefor).")
    var pijMin: Double?

    @Option(name: .customLong("connector-floor"), help: "Approximation, off by default: leave pairs with p* < X out of the dPC connector search (much faster on thousands of patches; PC, intra, flux and dIIC stay exact; the largest possible error on any dPC is printed).")
    var connectorFloor: Double?

    @Option(help: "Write connectivity_nodes.geojson (RFC 7946) and connectivity_nodes.csv (UTF-8 with BOM) as this folder, replacing it only when it is empty or EcoZone wrote it.")
    var out: String?

    @Option(help: "Rows of the per-node table, by decreasing dPC (0: all).")
    var top: Int = 20

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @Flag(help: "No progress on stderr (shown for steps longer than 2 s: a bar with the time left on a terminal, a line every 10 s otherwise).")
    var quiet = false

    func validate() throws {
        if landscapeArea != nil && landscape != nil {
            throw ValidationError("give either --landscape-area or --landscape, not both")
        }
        if landscapeLayer != nil && landscape == nil {
            throw ValidationError("--landscape-layer needs --landscape")
        }
    }

    /// The landscape source has a layer flag of its own; the other source flags apply to it too.
    func remedy(for hint: GeoKitError.Hint, in error: GeoKitError) -> String? {
        guard let landscape, error.file == landscape, error.file != input.source else { return nil }
        return hint == .nameLayer ? "name one with --landscape-layer" : nil
    }

    func run() throws {
        let rules = OutputGuard(reading: [input.source] + (landscape.map { [$0] } ?? []))
        if let out { _ = try rules.checkFolder(out) }
        let area: ConnectivityAnalysis.Landscape? = landscape.map { .layer(LayerRequest(source: $0, layer: landscapeLayer, assumedCRS: input.assumeCRS, encoding: input.encoding,
                                                                                      axisOrder: input.assumeAxisOrder)) }
            ?? landscapeArea.map { .hectares($0) }
        let bar = ProgressBar(label: "connectivity", enabled: !quiet)
        defer { bar.finish() }
        var analysis = try ConnectivityAnalysis.run(input.request(), idField: id, rule: nodeDistance, distance: distance,
                                                    probability: probability, landscape: area, minimumProbability: pijMin,
                                                    connectorFloor: connectorFloor, progress: bar.handler)
        bar.finish()
        if let out {
            analysis.outputs = try ConnectivityOutput.write(analysis.report, nodes: analysis.nodes, layer: analysis.layer, to: out, guard: rules)
        }
        if json { return try Console.printJSON(analysis) }
        print(render(analysis))
        for repair in analysis.nodes.repairs {
            Console.note("repaired feature \(repair.fid): \(repair.reason)")
        }
    }

    func render(_ o: ConnectivityAnalysis) -> String {
        let r = o.report
        let ix = r.indices
        var lines: [String] = []
        lines.append("\(o.layer.request.source), layer \(o.layer.layerName): \(ix.nodes) habitat node(s)")
        lines.append("areas: \(o.areaMethod), ha")
        switch o.nodes.rule {
        case .centroid:
            lines.append("distances: centroid (Makurhini: centroid of the largest part, point on surface for \(o.nodes.pointOnSurfaceNodes.count) node(s) whose centroid lies outside), planar in \(o.nodes.distanceCRS), m")
        case .edge:
            lines.append("distances: edge to edge (GEOS), planar in \(o.nodes.distanceCRS), m")
        }
        let pruning = r.parameters.minimumProbability.map { "pij_min \($0): \(r.prunedLinkCount) direct link(s) pruned (Makurhini's approximation)" } ?? "no pruning"
        lines.append("D = \(NumberText.grouped(r.parameters.distanceThreshold, decimals: 0)) m, P = \(r.parameters.probabilityAtThreshold), \(pruning)")
        if let floor = r.parameters.connectorFloor {
            lines.append("connector floor \(floor): pairs with p* below it left out of the dPC connector search; every dPC within "
                         + "\(NumberText.scientific(r.dPCErrorBound, digits: 2)) percentage points of the exact value")
        }
        if let la = r.parameters.landscapeAttribute {
            lines.append("landscape area A_L = \(NumberText.grouped(la, decimals: 3)) ha")
        }
        if !o.nodes.repairs.isEmpty {
            lines.append("\(o.nodes.repairs.count) invalid polygon(s) repaired before measuring (details on stderr)")
        }
        lines.append("")
        var summary = Table(["index", "value", "numerator", "EC (ha)"], alignments: [.left, .right, .right, .right])
        summary.add(["IIC", ix.iic.map { NumberText.scientific($0, digits: 6) } ?? "— (no A_L)", NumberText.scientific(ix.iicNumerator, digits: 6),
                     NumberText.grouped(ix.equivalentConnectivityIIC, decimals: 3)])
        summary.add(["PC", ix.pc.map { NumberText.scientific($0, digits: 6) } ?? "— (no A_L)", NumberText.scientific(ix.pcNumerator, digits: 6),
                     NumberText.grouped(ix.equivalentConnectivityPC, decimals: 3)])
        lines.append(summary.text)
        lines.append("")

        let order = r.rankingByDPC
        let shown = top > 0 ? Array(order.prefix(top)) : order
        var table = Table(["rank", "id", "area (ha)", "dPC %", "intra", "flux", "connector", "dIIC %"],
                              alignments: [.right, .left] + Array(repeating: .right, count: 6))
        for (position, i) in shown.enumerated() {
            let n = r.perNode[i]
            table.add([String(position + 1), n.id, NumberText.grouped(n.attribute, decimals: 2),
                       NumberText.grouped(n.dPC, decimals: 7), NumberText.grouped(n.dPCIntra, decimals: 7),
                       NumberText.grouped(n.dPCFlux, decimals: 7), NumberText.grouped(n.dPCConnector, decimals: 7),
                       NumberText.grouped(n.dIIC, decimals: 7)])
        }
        lines.append(table.text)
        if shown.count < order.count {
            lines.append("… \(order.count - shown.count) more node(s); --top 0, --json or --out for all")
        }
        if !o.outputs.isEmpty { lines.append("wrote " + o.outputs.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}
