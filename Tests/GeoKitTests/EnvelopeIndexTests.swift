import Testing
@testable import GeoKit

@Suite struct EnvelopeIndexTests {
    /// A deterministic pseudo-random generator (SplitMix64), so the test is the same every run.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func queriesMatchABruteForceScan() {
        var rng = SplitMix(state: 42)
        let boxes: [Envelope?] = (0..<2000).map { i in
            if i % 97 == 0 { return nil }   // items without geometry are never returned
            let x = Double.random(in: 0..<1000, using: &rng), y = Double.random(in: 0..<1000, using: &rng)
            let w = Double.random(in: 0..<30, using: &rng), h = Double.random(in: 0..<30, using: &rng)
            return Envelope(minX: x, minY: y, maxX: x + w, maxY: y + h)
        }
        let index = EnvelopeIndex(boxes)
        for _ in 0..<200 {
            let x = Double.random(in: -50..<1000, using: &rng), y = Double.random(in: -50..<1000, using: &rng)
            let q = Envelope(minX: x, minY: y, maxX: x + Double.random(in: 0..<100, using: &rng), maxY: y + 40)
            let expected = boxes.enumerated().compactMap { i, b in b?.intersects(q) == true ? i : nil }
            #expect(index.query(q) == expected)
        }
    }

    @Test func emptyAndSingleItem() {
        #expect(EnvelopeIndex([]).query(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)).isEmpty)
        let one = EnvelopeIndex([Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)])
        #expect(one.query(Envelope(minX: 1, minY: 1, maxX: 2, maxY: 2)) == [0])   // touching counts
        #expect(one.query(Envelope(minX: 1.1, minY: 1, maxX: 2, maxY: 2)).isEmpty)
    }
}
