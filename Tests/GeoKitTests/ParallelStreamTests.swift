import Foundation
import GeoKit
import Testing

/// `Parallel.stream`: results consumed in emission order whatever the workers' pace, errors in stream
/// order, a stopped stream stops its producer, the memory bound holds, and an empty stream is empty.
@Suite struct ParallelStreamTests {
    struct Failure: Error, Equatable { var item: Int }

    /// Items worked at different paces (later items faster) still reach `consume` in emission order,
    /// with each item's own result; every worker's state is made on that worker, once.
    @Test(arguments: [1, 2, 5])
    func resultsComeInEmissionOrder(workers: Int) throws {
        let setUps = Locked(0)
        var seen: [Int] = []
        try Parallel.stream(workers: workers, ahead: 7, produce: { emit in
            for i in 0..<200 { try emit(i) }
        }, setUp: { () -> Int in
            setUps.withLock { $0 += 1 }
            return 1_000
        }, work: { offset, i in
            if i % 7 == 0 { usleep(UInt32(200 * (7 - i % 5))) }   // uneven pace, not asserted on
            return offset + i * i
        }, consume: { seen.append($0) })
        #expect(seen == (0..<200).map { 1_000 + $0 * $0 })
        #expect(setUps.withLock { $0 } <= workers)
    }

    /// The first failing item (in stream order) is the error thrown, after every item before it was
    /// consumed, even when a later item fails first in time.
    @Test func firstErrorInStreamOrderIsThrown() {
        var seen: [Int] = []
        #expect(throws: Failure(item: 30)) {
            try Parallel.stream(workers: 3, produce: { emit in
                for i in 0..<100 { try emit(i) }
            }, setUp: { () }, work: { _, i in
                if i == 30 { usleep(20_000); throw Failure(item: 30) }
                if i == 31 { throw Failure(item: 31) }
                return i
            }, consume: { seen.append($0) })
        }
        #expect(seen == Array(0..<30))
    }

    /// A producer's error comes after the items it emitted before failing.
    @Test func producerErrorComesAfterItsItems() {
        var seen: [Int] = []
        #expect(throws: Failure(item: -1)) {
            try Parallel.stream(workers: 2, produce: { emit in
                for i in 0..<5 { try emit(i) }
                throw Failure(item: -1)
            }, setUp: { () }, work: { _, i in i * 10 }, consume: { seen.append($0) })
        }
        #expect(seen == [0, 10, 20, 30, 40])
    }

    /// When the consumer gives up, an endless producer is told to stop (its `emit` throws
    /// `CancellationError`) and the call returns with the consumer's error, producer and workers ended.
    @Test func consumerErrorStopsAnEndlessProducer() {
        let cancelled = Locked(false)
        let finished = Locked(false)
        #expect(throws: Failure(item: 3)) {
            try Parallel.stream(workers: 2, ahead: 4, produce: { emit in
                var i = 0
                do {
                    while true { try emit(i); i += 1 }
                } catch is CancellationError {
                    cancelled.withLock { $0 = true }
                    throw CancellationError()
                }
            }, setUp: { () }, work: { _, i in i }, consume: { i in
                if i == 3 { throw Failure(item: 3) }
            })
            finished.withLock { $0 = true }
        }
        #expect(cancelled.withLock { $0 })
        #expect(!finished.withLock { $0 })
    }

    /// At most `ahead` items are emitted and not yet consumed at any time.
    @Test func aheadBoundsItemsInFlight() throws {
        let inFlight = Locked(0)
        let most = Locked(0)
        try Parallel.stream(workers: 2, ahead: 3, produce: { emit in
            for i in 0..<50 {
                // Counted before emit returns: emit only returns once there is room.
                try emit(i)
                let n = inFlight.withLock { $0 += 1; return $0 }
                most.withLock { $0 = max($0, n) }
            }
        }, setUp: { () }, work: { _, i in i }, consume: { _ in
            usleep(100)
            inFlight.withLock { $0 -= 1 }
        })
        // The producer's count can run one behind the consumer's, never more than `ahead` ahead.
        #expect(most.withLock { $0 } <= 3 + 1)
    }

    @Test func emptyStreamConsumesNothing() throws {
        var calls = 0
        try Parallel.stream(workers: 2, produce: { (_: (Int) throws -> Void) in }, setUp: { () }, work: { _, i in i },
                            consume: { _ in calls += 1 })
        #expect(calls == 0)
    }
}
