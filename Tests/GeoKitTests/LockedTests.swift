import Dispatch
import GeoKit
import Testing

@Suite struct LockedTests {
    /// 8 × 5,000 increments from concurrent workers: no update lost.
    @Test func concurrentUpdatesAreAllKept() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<5_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 40_000)
    }

    @Test func withLockReturnsAndRethrows() {
        struct Stop: Error {}
        let names = Locked(["a"])
        #expect(names.withLock { $0.append("b"); return $0.count } == 2)
        #expect(throws: Stop.self) { try names.withLock { _ in throw Stop() } }
        #expect(names.withLock { $0 } == ["a", "b"])
    }
}
