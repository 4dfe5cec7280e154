import Foundation
import Testing
@testable import EcoZone

/// Independent dense reference: builds the Laplacian of the Circuitscape graph with a dense
/// matrix, grounds A, solves by Gaussian elimination with partial pivoting and returns R_AB
/// and per-cell node currents (NaN off the graph).
func denseCircuit(_ r: ResistanceGrid, _ c: CoreLabelGrid, a: Int32, b: Int32,
                  rule: ConductanceRule, eight: Bool) -> (resistance: Double, current: [Double]) {
    let w = r.width, h = r.height, n = w * h
    var node = [Int](repeating: -1, count: n)
    var count = 2
    for i in 0..<n where !r.values[i].isNaN {
        if c.values[i] == a { node[i] = 0 } else if c.values[i] == b { node[i] = 1 } else { node[i] = count; count += 1 }
    }
    var lap = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
    var edges: [(Int, Int, Double)] = []
    for y in 0..<h {
        for x in 0..<w {
            for (dy, dx) in [(0, 1), (1, 0), (1, 1), (1, -1)] where eight || dy == 0 || dx == 0 {
                let y2 = y + dy, x2 = x + dx
                guard y2 < h, x2 >= 0, x2 < w else { continue }
                let i = y * w + x, j = y2 * w + x2
                let u = node[i], v = node[j]
                guard u >= 0, v >= 0, u != v else { continue }
                let step = (dy != 0 && dx != 0) ? 2.0.squareRoot() : 1.0
                let g = rule == .averageResistance
                    ? 1 / (step * (r.values[i] + r.values[j]) / 2)
                    : (1 / r.values[i] + 1 / r.values[j]) / 2 / step
                lap[u][v] -= g; lap[v][u] -= g; lap[u][u] += g; lap[v][v] += g
                edges.append((u, v, g))
            }
        }
    }
    // Solve the grounded system (drop row/column 0) by Gaussian elimination.
    let m = count - 1
    var mat = (1..<count).map { Array(lap[$0][1...]) }
    var rhs = [Double](repeating: 0, count: m)
    rhs[0] = 1
    for col in 0..<m {
        let pivot = (col..<m).max { abs(mat[$0][col]) < abs(mat[$1][col]) }!
        mat.swapAt(col, pivot); rhs.swapAt(col, pivot)
        for row in (col + 1)..<m where mat[row][col] != 0 {
            let f = mat[row][col] / mat[col][col]
            for k in col..<m { mat[row][k] -= f * mat[col][k] }
            rhs[row] -= f * rhs[col]
        }
    }
    var x = [Double](repeating: 0, count: m)
    for row in stride(from: m - 1, through: 0, by: -1) {
        var s = rhs[row]
        for k in (row + 1)..<m { s -= mat[row][k] * x[k] }
        x[row] = s / mat[row][row]
    }
    let v = [0.0] + x
    var inflow = [Double](repeating: 0, count: count), outflow = inflow
    for (p, q, g) in edges {
        let cur = g * (v[p] - v[q])
        if cur > 0 { outflow[p] += cur; inflow[q] += cur } else { outflow[q] -= cur; inflow[p] -= cur }
    }
    let current = (0..<n).map { node[$0] < 0 ? Double.nan : max(inflow[node[$0]], outflow[node[$0]]) }
    return (v[1], current)
}

@Suite("Circuit theory, Circuitscape pairwise (methods.md §5, §7.4)")
struct CircuitFlowTests {
    let averageConductance = CircuitOptions(rule: .averageConductance)

    func resistance(_ r: ResistanceGrid, _ c: CoreLabelGrid, _ options: CircuitOptions = CircuitOptions()) throws -> Double {
        try CircuitFlow.solve(resistance: r, cores: c, between: 1, and: 2, options: options).effectiveResistance
    }

    @Test("1×2 cells r = (1, 3): 2 Ω (average resistance), 1.5 Ω (average conductance)")
    func twoCells() throws {
        let r = corridorResistance([[1, 3]]), c = corridorCores([[1, 2]])
        #expect(corridorClose(try resistance(r, c), 2))
        #expect(corridorClose(try resistance(r, c, averageConductance), 1.5))
    }

    @Test("2×2 unit cells: 4-neighbour 0.75 / 1, 8-neighbour 2 − √2 and 0.542893")
    func twoByTwo() throws {
        let r = corridorResistance([[1, 1], [1, 1]])
        let four = CircuitOptions(eightNeighbors: false)
        #expect(corridorClose(try resistance(r, corridorCores([[1, 2], [0, 0]]), four), 0.75))
        let opposite4 = try CircuitFlow.solve(resistance: r, cores: corridorCores([[1, 0], [0, 2]]), between: 1, and: 2, options: four)
        #expect(corridorClose(opposite4.effectiveResistance, 1))
        for (got, want) in zip(opposite4.current.values, [1, 0.5, 0.5, 1]) { #expect(corridorClose(got, want)) }

        for options in [CircuitOptions(), averageConductance] {
            let opposite = try CircuitFlow.solve(resistance: r, cores: corridorCores([[1, 0], [0, 2]]), between: 1, and: 2, options: options)
            #expect(corridorClose(opposite.effectiveResistance, 2 - corridorSqrt2))
            #expect(corridorClose(opposite.current.values[1], 0.292893, relative: 2e-6))
            #expect(corridorClose(opposite.current.values[2], 0.292893, relative: 2e-6))
            #expect(corridorClose(opposite.current.values[0], 1) && corridorClose(opposite.current.values[3], 1))
            #expect(abs(try resistance(r, corridorCores([[1, 2], [0, 0]]), options) - 0.542893) < 1e-6)
        }
    }

    @Test("2×2 [[1,3],[1,1]] 4-neighbour: 4/3 Ω with 1/3 A via the r = 3 cell; 1.2 Ω average conductance")
    func seriesParallel() throws {
        let r = corridorResistance([[1, 3], [1, 1]]), c = corridorCores([[1, 0], [0, 2]])
        let s = try CircuitFlow.solve(resistance: r, cores: c, between: 1, and: 2, options: CircuitOptions(eightNeighbors: false))
        #expect(corridorClose(s.effectiveResistance, 4.0 / 3))
        #expect(corridorClose(s.current.values[1], 1.0 / 3) && corridorClose(s.current.values[2], 2.0 / 3))
        #expect(corridorClose(s.costWeightedResistance, 4.0 / 3))
        #expect(corridorClose(try resistance(r, c, CircuitOptions(rule: .averageConductance, eightNeighbors: false)), 1.2))
    }

    @Test("1×11 strip: R = 59 = LCD / c, 1 A through every cell")
    func strip() throws {
        let r = corridorResistance([[1, 1, 1, 1, 1, 50, 1, 1, 1, 1, 1]], cellSize: 30)
        let s = try CircuitFlow.solve(resistance: r, cores: corridorCores([[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]], cellSize: 30),
                                      between: 1, and: 2)
        #expect(corridorClose(s.effectiveResistance, 59))
        #expect(corridorClose(s.costWeightedResistance, 59 * 30))
        #expect(s.current.values.allSatisfy { corridorClose($0, 1) })
        #expect(corridorClose(s.voltage.values[10], 59) && s.voltage.values[0] == 0)
    }

    @Test("3×5 grid: 1.186536 unmasked, 2√2 − 1 masked to NLCC ≤ 1")
    func threeByFive() throws {
        let r = corridorResistance([[1, 1, 1, 1, 1], [1, 3, 3, 3, 1], [1, 1, 1, 1, 1]])
        let c = corridorCores([[0, 0, 0, 0, 0], [1, 0, 0, 0, 2], [0, 0, 0, 0, 0]])
        #expect(abs(try resistance(r, c) - 1.186536) < 1e-6)
        var mask = CorridorGrid<Bool>(width: 5, height: 3, cellSize: 1, repeating: true)
        for i in [6, 7, 8] { mask.values[i] = false }
        let masked = try CircuitFlow.solve(resistance: r, cores: c, between: 1, and: 2, mask: mask)
        #expect(corridorClose(masked.effectiveResistance, 2 * corridorSqrt2 - 1))
        #expect(masked.current.values[7].isNaN)
        #expect(masked.effectiveResistance <= 2 + 2 * corridorSqrt2)
    }

    @Test("disconnected cores: infinite resistance; other cores are ordinary cells")
    func disconnected() throws {
        let r = corridorResistance([[1, .nan, 1]]), c = corridorCores([[1, 0, 2]])
        #expect(try resistance(r, c) == .infinity)
        // Core 3 between 1 and 2 conducts like any cell for the pair (1, 2).
        let r3 = corridorResistance([[1, 1, 1]]), c3 = corridorCores([[1, 3, 2]])
        #expect(corridorClose(try resistance(r3, c3), 2))
        #expect(throws: CorridorError.zeroResistance(cell: 1)) {
            try CircuitFlow.solve(resistance: corridorResistance([[1, 0, 1]]), cores: c, between: 1, and: 2)
        }
    }

    @Test("random 9×12 grids with multi-cell cores and NoData: PCG (Jacobi, IC(0), multigrid) equals a dense solve",
          arguments: [(ConductanceRule.averageResistance, true), (.averageConductance, true),
                      (.averageResistance, false)])
    func denseCheck(rule: ConductanceRule, eight: Bool) throws {
        var gen = SplitMix64(seed: 42)
        let w = 12, h = 9
        var values = (0..<(w * h)).map { _ in 1 + Double(gen.next() % 10_000) / 100 }
        for i in [17, 40, 41, 77] { values[i] = .nan }
        var lab = [Int32](repeating: 0, count: w * h)
        for i in [13, 14, 25, 50] { lab[i] = 1 }     // core 1, one detached cell
        for i in [94, 95, 106] { lab[i] = 2 }
        let r = ResistanceGrid(width: w, height: h, cellSize: 1, values: values)
        let c = CoreLabelGrid(width: w, height: h, cellSize: 1, values: lab)
        let reference = denseCircuit(r, c, a: 1, b: 2, rule: rule, eight: eight)
        for preconditioner in [CircuitPreconditioner.jacobi, .incompleteCholesky, .aggregationMultigrid] {
            let s = try CircuitFlow.solve(resistance: r, cores: c, between: 1, and: 2,
                                          options: CircuitOptions(rule: rule, eightNeighbors: eight, tolerance: 1e-12,
                                                                  preconditioner: preconditioner))
            #expect(corridorClose(s.effectiveResistance, reference.resistance, relative: 1e-9))
            for i in 0..<(w * h) {
                if reference.current[i].isNaN { #expect(s.current.values[i].isNaN); continue }
                #expect(abs(s.current.values[i] - reference.current[i]) < 1e-8, "\(preconditioner) cell \(i)")
            }
        }
    }

    @Test("70×60 grid: the three preconditioners agree; multigrid builds several levels")
    func preconditionersAgree() throws {
        var gen = SplitMix64(seed: 11)
        let w = 70, h = 60
        var values = (0..<(w * h)).map { _ in 1 + Double(gen.next() % 100_000) / 1000 }
        for _ in 0..<200 { values[Int(gen.next() % UInt64(w * h))] = .nan }
        var lab = [Int32](repeating: 0, count: w * h)
        for row in 25..<32 { for col in 3..<8 { lab[row * w + col] = 1 } }
        for row in 40..<44 { for col in 60..<66 { lab[row * w + col] = 2 } }
        for i in lab.indices where lab[i] != 0 { values[i] = 1 }
        let r = ResistanceGrid(width: w, height: h, cellSize: 1, values: values)
        let c = CoreLabelGrid(width: w, height: h, cellSize: 1, values: lab)
        var solutions: [CircuitSolution] = []
        for preconditioner in [CircuitPreconditioner.jacobi, .incompleteCholesky, .aggregationMultigrid] {
            solutions.append(try CircuitFlow.solve(resistance: r, cores: c, between: 1, and: 2,
                                                   options: CircuitOptions(tolerance: 1e-11, preconditioner: preconditioner)))
        }
        #expect(solutions[2].iterations < solutions[1].iterations && solutions[1].iterations < solutions[0].iterations)
        for s in solutions.dropFirst() {
            #expect(corridorClose(s.effectiveResistance, solutions[0].effectiveResistance, relative: 1e-9))
            for i in 0..<(w * h) where !s.current.values[i].isNaN {
                #expect(abs(s.current.values[i] - solutions[0].current.values[i]) < 1e-8)
            }
        }
        // The multigrid hierarchy really has coarse levels here (4 200 cells > 400).
        let m = w * h   // a chain ground — 1 — 2 — … — m
        let system = SparseSymmetricSystem(unknowns: m, edgeFrom: (0..<m).map { Int32($0) },
                                           edgeTo: (1...m).map { Int32($0) }, conductance: Array(repeating: 1, count: m))
        #expect(AggregationMultigrid(system).levelCount >= 3)
    }

    struct SmallCircuit: Decodable {
        struct Case: Decodable {
            let rule: String, eightNeighbors: Bool, effectiveResistance: Double
            let current: [Double?]
        }
        let width: Int, height: Int
        let resistance: [Double?], cores: [Int32]
        let cases: [Case]
    }

    @Test("NumPy dense solve of Circuitscape's rules (circuit_small.json)")
    func numpyReference() throws {
        let data = try Data(contentsOf: LinkageMapperDemoFixture.directory.appendingPathComponent("circuit_small.json"))
        let ref = try JSONDecoder().decode(SmallCircuit.self, from: data)
        let r = ResistanceGrid(width: ref.width, height: ref.height, cellSize: 1, values: ref.resistance.map { $0 ?? .nan })
        let c = CoreLabelGrid(width: ref.width, height: ref.height, cellSize: 1, values: ref.cores)
        #expect(ref.cases.count == 4)
        for k in ref.cases {
            let options = CircuitOptions(rule: k.rule == "averageResistance" ? .averageResistance : .averageConductance,
                                         eightNeighbors: k.eightNeighbors, tolerance: 1e-12)
            let s = try CircuitFlow.solve(resistance: r, cores: c, between: 1, and: 2, options: options)
            #expect(corridorClose(s.effectiveResistance, k.effectiveResistance, relative: 1e-9), "\(k.rule) \(k.eightNeighbors)")
            for (i, want) in k.current.enumerated() {
                guard let want else { #expect(s.current.values[i].isNaN); continue }
                #expect(abs(s.current.values[i] - want) < 1e-8, "\(k.rule) \(k.eightNeighbors) cell \(i)")
            }
        }
    }

    @Test("cumulative current: sum over pairs, identical with 1 or 2 workers")
    func cumulative() throws {
        var gen = SplitMix64(seed: 3)
        let w = 20, h = 15
        let r = ResistanceGrid(width: w, height: h, cellSize: 10,
                               values: (0..<(w * h)).map { _ in 1 + Double(gen.next() % 50) })
        var lab = [Int32](repeating: 0, count: w * h)
        lab[21] = 1; lab[22] = 1; lab[w * h - 22] = 2; lab[w * 7 + 10] = 3; lab[w * 2 + 17] = 4
        let c = CoreLabelGrid(width: w, height: h, cellSize: 10, values: lab)
        let pairs = [CorePair(1, 2), CorePair(1, 3), CorePair(2, 4), CorePair(3, 4), CorePair(1, 4)]
        let one = try CircuitFlow.cumulativeCurrent(resistance: r, cores: c, pairs: pairs, maxConcurrency: 1)
        let two = try CircuitFlow.cumulativeCurrent(resistance: r, cores: c, pairs: pairs, maxConcurrency: 2)
        #expect(one.resistances == two.resistances)
        #expect(one.current.values.elementsEqual(two.current.values) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        var expected = [Double](repeating: 0, count: w * h)
        for (k, pair) in pairs.enumerated() {
            let s = try CircuitFlow.solve(resistance: r, cores: c, between: pair.a, and: pair.b)
            #expect(s.effectiveResistance == one.resistances[k])
            for i in 0..<(w * h) { expected[i] += s.current.values[i] }
        }
        for i in 0..<(w * h) { #expect(corridorClose(one.current.values[i], expected[i], relative: 1e-12)) }
        // Either end as the source gives the same map.
        let ab = try CircuitFlow.solve(resistance: r, cores: c, between: 1, and: 2)
        let ba = try CircuitFlow.solve(resistance: r, cores: c, between: 2, and: 1)
        #expect(corridorClose(ab.effectiveResistance, ba.effectiveResistance, relative: 1e-7))
        for i in 0..<(w * h) { #expect(abs(ab.current.values[i] - ba.current.values[i]) < 1e-6) }
    }
}
