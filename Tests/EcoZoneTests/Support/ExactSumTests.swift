@testable import EcoZone
import Testing

@Suite struct ExactSumTests {
    @Test("Rounds the exact sum once, ties to even: cases naive addition gets wrong")
    func correctRounding() {
        let big = 9_007_199_254_740_992.0   // 2^53: the spacing of doubles there is 2
        // 2^53 + 1 is a tie between 2^53 and 2^53 + 2: even mantissa wins, 2^53.
        #expect(ExactSum([big, 1]).value == big)
        // 2^53 + 1 + 1e-10 is past the tie: 2^53 + 2 (plain addition loses the 1 first, then the 1e-10).
        #expect(ExactSum([big, 1, 1e-10]).value == big + 2)
        #expect((big + 1) + 1e-10 == big)
        // Cancellation: 1e100 + 1 − 1e100 = 1 exactly.
        #expect(ExactSum([1e100, 1, -1e100]).value == 1)
        // 0.1 + 0.2 + 0.3 as doubles is 0.60000000000000000555…: nearest double 0.6 (plain addition: 0.6000000000000001).
        #expect(ExactSum([0.1, 0.2, 0.3]).value == 0.6)
        #expect(ExactSum().value == 0)
    }

    @Test("The value is the same for every order and every split of the terms; it equals the integer sum")
    func orderIndependent() {
        // Terms k · 2^-20 with integer k: their exact sum is (Σk) · 2^-20, computed in Int64 and converted
        // once (Double(Int64) rounds to nearest, ties to even), an independent reference.
        var state: UInt64 = 42
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 11 }
        let ks = (0..<2000).map { _ in Int64(next() % (1 << 50)) - (1 << 49) + (next() % 7 == 0 ? (1 << 52) : 0) }
        let terms = ks.map { Double($0) * 0x1p-20 }
        let reference = Double(ks.reduce(0, +)) * 0x1p-20
        #expect(ExactSum(terms).value == reference)
        var shuffled = terms
        for _ in 0..<5 {
            for i in shuffled.indices.reversed() { shuffled.swapAt(i, Int(next() % UInt64(i + 1))) }
            #expect(ExactSum(shuffled).value == reference)
            // Split in three and merged, in another order.
            let a = ExactSum(shuffled[0..<300]), b = ExactSum(shuffled[300..<1700]), c = ExactSum(shuffled[1700...])
            var m = c; m.add(a); m.add(b)
            #expect(m.value == reference)
        }
    }
}
