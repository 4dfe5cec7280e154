import Foundation
import Testing
@testable import EcoZone

/// The Linkage Mapper demo raster and cores, with reference values computed by scikit-image's
/// MCP_Geometric (scripts/reference/corridors_skimage.py).
struct LinkageMapperDemoFixture: Sendable {
    struct Pair: Decodable, Sendable {
        let a: Int32, b: Int32
        let lcd: Double, lcdReverse: Double
        let costAdjacent: Bool
        let pathEnd: Int
        let pathLength: Double
        let intermediateCores: [Int32]
    }
    struct Reference: Decodable, Sendable {
        let width: Int, height: Int, cellSize: Double
        let coreIDs: [Int32], coreCellCounts: [Int]
        let samples: Int
        let costAdjacentPairs: [[Int32]]
        let pairs: [Pair]
    }

    let reference: Reference
    let resistance: ResistanceGrid
    let cores: CoreLabelGrid
    let sampleCells: [Int32]
    /// CWD per core (in `reference.coreIDs` order) at `sampleCells`; NaN for NoData.
    let sampleCWD: [[Double]]
    /// Linkage Mapper steps 1-3 on the demo (all pairs, so every LCD is available).
    let network: LinkageNetwork

    static let directory: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corridors")

    static func load<T>(_ name: String, as type: T.Type) throws -> [T] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return data.withUnsafeBytes { raw in
            (0..<(raw.count / MemoryLayout<T>.size)).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) }
        }
    }

    /// Shared, built once per test process.
    static let shared: LinkageMapperDemoFixture = try! LinkageMapperDemoFixture()

    init() throws {
        let json = try Data(contentsOf: Self.directory.appendingPathComponent("lm_reference.json"))
        reference = try JSONDecoder().decode(Reference.self, from: json)
        // Little-endian files; this host is little-endian (x86-64 / arm64).
        let palette: [Float] = try Self.load("lm_resistance_palette.f32", as: Float.self)
        let index: [UInt16] = try Self.load("lm_resistance_index.u16", as: UInt16.self)
        let values = index.map { $0 == UInt16.max ? Double.nan : Double(palette[Int($0)]) }
        resistance = ResistanceGrid(width: reference.width, height: reference.height,
                                    cellSize: reference.cellSize, values: values)
        let rle: [Int32] = try Self.load("lm_cores_rle.i32", as: Int32.self)
        var labels: [Int32] = []
        labels.reserveCapacity(values.count)
        for k in stride(from: 0, to: rle.count, by: 2) {
            labels.append(contentsOf: repeatElement(rle[k], count: Int(rle[k + 1])))
        }
        cores = CoreLabelGrid(width: reference.width, height: reference.height, cellSize: reference.cellSize,
                              values: labels)
        let cells: [Int32] = try Self.load("lm_samples_index.i32", as: Int32.self)
        let flat: [Double] = try Self.load("lm_samples_cwd.f64", as: Double.self)
        sampleCells = cells
        sampleCWD = (0..<reference.coreIDs.count).map { k in
            Array(flat[(k * cells.count)..<((k + 1) * cells.count)])
        }
        network = try LinkageNetwork.build(resistance: resistance, cores: cores,
                                           options: LinkageOptions(selection: .allPairs))
    }
}

@Suite("Linkage Mapper demo against scikit-image MCP_Geometric")
struct LinkageMapperDemoTests {
    let fixture = LinkageMapperDemoFixture.shared

    @Test("fixture decodes: 808×730, six cores with the reference cell counts")
    func fixtureShape() {
        #expect(fixture.resistance.width == 808 && fixture.resistance.height == 730)
        #expect(fixture.cores.coreIDs == [1, 2, 3, 4, 5, 6])
        let counts = fixture.cores.cellsByCore()
        #expect(fixture.reference.coreIDs.map { counts[$0]!.count } == fixture.reference.coreCellCounts)
        #expect(fixture.resistance.values.filter(\.isNaN).count == 10)
    }

    @Test("cost distance equals MCP_Geometric to 1e-9 relative at the sampled cells")
    func costDistanceMatchesSkimage() throws {
        var compared = 0
        for (k, id) in fixture.reference.coreIDs.enumerated() {
            let surface = try #require(fixture.network.surfaces[id])
            for (s, cell) in fixture.sampleCells.enumerated() {
                let expected = fixture.sampleCWD[k][s]
                let got = surface.distance[Int(cell)]
                if expected.isNaN { #expect(got.isNaN); continue }
                #expect(corridorClose(got, expected, relative: 1e-9), "core \(id) cell \(cell): \(got) vs \(expected)")
                compared += 1
            }
        }
        #expect(compared > 20_000)
    }

    @Test("least-cost distances of all 15 pairs equal MCP_Geometric's, both directions")
    func leastCostDistances() throws {
        #expect(fixture.reference.pairs.count == 15)
        for ref in fixture.reference.pairs {
            let link = try #require(fixture.network.links.first { $0.pair == CorePair(ref.a, ref.b) })
            let lcl = try #require(link.leastCost)
            #expect(corridorClose(lcl.distance, ref.lcd, relative: 1e-9), "\(link.pair): \(lcl.distance) vs \(ref.lcd)")
            let reverse = LeastCostPath.distance(from: fixture.network.surfaces[ref.b]!, to: ref.a, cores: fixture.cores)
            #expect(corridorClose(reverse, ref.lcdReverse, relative: 1e-9))
            // Same B entry cell; path length equal when the traced path is the same.
            #expect(Int(lcl.path.first!) == ref.pathEnd)
            #expect(corridorClose(lcl.pathLength, ref.pathLength, relative: 1e-9), "\(link.pair) path length")
        }
    }

    @Test("cost-allocation adjacency and the intermediate-core rule match the reference")
    func pairSelection() throws {
        let alloc = try CostAllocation.compute(resistance: fixture.resistance, cores: fixture.cores)
        let pairs = alloc.adjacentPairs().map { [$0.a, $0.b] }
        #expect(pairs == fixture.reference.costAdjacentPairs)
        for ref in fixture.reference.pairs {
            let link = try #require(fixture.network.links.first { $0.pair == CorePair(ref.a, ref.b) })
            if ref.intermediateCores.isEmpty {
                #expect(link.status == .active, "\(link.pair)")
            } else {
                #expect(link.status == .intermediateCore(ref.intermediateCores), "\(link.pair)")
            }
        }
    }

    @Test("NLCC is ≥ 0 and exactly 0 somewhere for every active link; mosaic is the minimum")
    func corridors() throws {
        var grids: [CorridorGrid<Double>] = []
        for link in fixture.network.activeLinks {
            let nlcc = try #require(LeastCostCorridor.normalized(link: link, in: fixture.network))
            let finite = nlcc.values.filter { !$0.isNaN }
            #expect(finite.min()! > -1e-9 * link.leastCost!.distance)
            for cell in link.leastCost!.path {
                #expect(abs(nlcc.values[Int(cell)]) <= 1e-9 * link.leastCost!.distance)
            }
            grids.append(nlcc)
        }
        let mosaic = try #require(LeastCostCorridor.mosaic(grids))
        for i in stride(from: 0, to: mosaic.count, by: 997) where !mosaic.values[i].isNaN {
            #expect(mosaic.values[i] == grids.map { $0.values[i] }.min()!)
        }
    }
}
