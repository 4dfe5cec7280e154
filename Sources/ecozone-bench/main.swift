// Measuring tool for the benchmark scripts: runs one engine step on raw inputs and prints its
// timings as one JSON line, so that scripts/bench-* can time EcoZone and its peer on the same data.
//
//   ecozone-bench cwd          --grid HEADER.json [--out CWD.f64] [--backlinks]
//   ecozone-bench circuit      --grid HEADER.json [--tolerance 1e-6] [--preconditioner amg|ic0|jacobi]
//   ecozone-bench connectivity NODES.csv --distance D [--probability P] [--pij-min X] [--connector-floor F] [--landscape-area A] [--json]
//   ecozone-bench matrix       PROJECT.yaml [--method indexed|dissolve]
//
// HEADER.json: {"width": W, "height": H, "cellSize": C, "resistance": "r.f64", "cores": "cores.i32",
// "coreA": 1, "coreB": 2} (paths relative to the header; little-endian float64 resistance with
// NaN = NoData, int32 core labels). NODES.csv: `id,x,y,radius,area_ha`; distances are edge to edge
// between discs, max(0, |p_i − p_j| − r_i − r_j), as scripts/reference/connectivity_networkx.py.
import EcoZone
import Foundation

let args = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ecozone-bench: \(message)\n".utf8))
    exit(2)
}
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

guard args.count >= 2 else { fail("usage: ecozone-bench cwd|circuit|connectivity …") }

switch args[1] {
case "cwd", "circuit":
    struct Header: Decodable {
        let width: Int, height: Int, cellSize: Double
        let resistance: String, cores: String
        let coreA: Int32, coreB: Int32?
    }
    func readArray<T>(_ url: URL, as: T.Type) throws -> [T] {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { raw in Array(raw.bindMemory(to: T.self)) }
    }
    guard let headerPath = option("--grid") else { fail("\(args[1]) needs --grid HEADER.json") }
    let headerURL = URL(fileURLWithPath: headerPath)
    let header = try JSONDecoder().decode(Header.self, from: Data(contentsOf: headerURL))
    let base = headerURL.deletingLastPathComponent()
    let t0 = now()
    let resistance = ResistanceGrid(width: header.width, height: header.height, cellSize: header.cellSize,
                                    values: try readArray(base.appendingPathComponent(header.resistance), as: Double.self))
    let cores = CoreLabelGrid(width: header.width, height: header.height, cellSize: header.cellSize,
                              values: try readArray(base.appendingPathComponent(header.cores), as: Int32.self))
    let tRead = now() - t0
    if args[1] == "cwd" {
        let sources = cores.cells(ofCore: header.coreA)
        let backlinks = args.contains("--backlinks")
        let t1 = now()
        let surface = CostDistance.compute(resistance: resistance, sources: sources, backlinks: backlinks)
        let tCompute = now() - t1
        if let out = option("--out") {
            try surface.distance.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: out))
        }
        print("{\"command\":\"cwd\",\"cells\":\(resistance.count),\"sources\":\(sources.count),\"backlinks\":\(backlinks),"
              + "\"read_s\":\(tRead),\"compute_s\":\(tCompute)}")
    } else {
        let tolerance = option("--tolerance").flatMap(Double.init) ?? 1e-6
        let name = option("--preconditioner") ?? "amg"
        let preconditioner: CircuitPreconditioner =
            name == "jacobi" ? .jacobi : name == "amg" ? .aggregationMultigrid : .incompleteCholesky
        let t1 = now()
        let s = try CircuitFlow.solve(resistance: resistance, cores: cores, between: header.coreA, and: header.coreB ?? 2,
                                      options: CircuitOptions(tolerance: tolerance, preconditioner: preconditioner))
        let tCompute = now() - t1
        print("{\"command\":\"circuit\",\"cells\":\(resistance.count),\"tolerance\":\(tolerance),\"preconditioner\":\"\(name)\","
              + "\"iterations\":\(s.iterations),\"relative_residual\":\(s.relativeResidual),"
              + "\"effective_resistance\":\(s.effectiveResistance),\"read_s\":\(tRead),\"compute_s\":\(tCompute)}")
    }
case "connectivity":
    guard args.count >= 3, let distance = option("--distance").flatMap(Double.init) else {
        fail("usage: ecozone-bench connectivity NODES.csv --distance D [--probability P] [--pij-min X] [--connector-floor F] [--json]")
    }
    let text = try String(contentsOfFile: args[2], encoding: .utf8)
    var ids: [String] = [], xs: [Double] = [], ys: [Double] = [], rs: [Double] = [], areas: [Double] = []
    for line in text.split(separator: "\n").dropFirst() where !line.isEmpty {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        guard f.count >= 5, let x = Double(f[1]), let y = Double(f[2]), let r = Double(f[3]), let a = Double(f[4]) else {
            fail("\(args[2]): bad line '\(line)'")
        }
        ids.append(String(f[0])); xs.append(x); ys.append(y); rs.append(r); areas.append(a)
    }
    let start = now()
    let network = try ConnectivityNetwork(ids: ids, attributes: areas) { i, j in
        let dx = xs[i] - xs[j], dy = ys[i] - ys[j]
        return max(0, (dx * dx + dy * dy).squareRoot() - rs[i] - rs[j])
    }
    let parameters = ConnectivityParameters(
        distanceThreshold: distance, probabilityAtThreshold: option("--probability").flatMap(Double.init) ?? 0.5,
        landscapeAttribute: option("--landscape-area").flatMap(Double.init), minimumProbability: option("--pij-min").flatMap(Double.init),
        connectorFloor: option("--connector-floor").flatMap(Double.init))
    let built = now()
    let report = try network.nodeImportance(with: parameters)
    let done = now()
    FileHandle.standardError.write(Data("ecozone-bench: n=\(ids.count) matrix \(NumberText.fixed(built - start, 3)) s, analysis \(NumberText.fixed(done - built, 3)) s\n".utf8))
    if args.contains("--json") {
        FileHandle.standardOutput.write(try JSONOutput.data(report))
    } else {
        let ix = report.indices
        print("nodes \(ix.nodes)  PCnum \(NumberText.significant(ix.pcNumerator))  IICnum \(NumberText.significant(ix.iicNumerator))  "
              + "EC_PC \(NumberText.significant(ix.equivalentConnectivityPC))  EC_IIC \(NumberText.significant(ix.equivalentConnectivityIIC))")
    }
case "matrix":
    // The overlap matrix of a project's polygon layers by the current method (indexed pairwise
    // intersections) or by the one it replaced (every layer dissolved whole), for comparing the two.
    guard args.count >= 3 else { fail("usage: ecozone-bench matrix PROJECT.yaml [--method indexed|dissolve]") }
    let method = option("--method") ?? "indexed"
    let layers = try ProjectLayers(try Project.load(args[2]))
    let overlays = try layers.polygonRoles().map { try layers.overlay($0) }
    let t0 = now()
    let m = method == "dissolve" ? try OverlapMatrix.byDissolving(overlays) : try OverlapMatrix.run(overlays)
    let seconds = now() - t0
    let body: [String: Any] = ["command": "matrix", "method": method, "seconds": seconds, "layers": m.layers, "areas": m.areas, "matrix": m.matrix]
    FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
    print("")
default:
    fail("unknown command \(args[1])")
}
