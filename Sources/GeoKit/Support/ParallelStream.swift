import Foundation

extension Parallel {
    /// A stream worked in one pass: a producer emits items in order on a thread of its own, `workers`
    /// threads work them as they come, and `consume` gets the results on the calling thread in the
    /// order the items were emitted, so that a reduction there gives the same answer whatever the
    /// number of workers.
    ///
    /// - `produce` runs once, on its own thread, and calls `emit` for each item: what it opens (a GDAL
    ///   dataset) lives and dies on that thread; only the items (`Sendable`) cross over. `emit` waits
    ///   while `ahead` items are emitted and not yet consumed (the memory bound), and throws
    ///   `CancellationError` once the stream is stopped; `produce` should let that through.
    /// - `setUp` runs once on each worker thread, before its first item, and its state (GEOS context,
    ///   PROJ transformers, prepared geometries: not `Sendable`) is handed to every `work` of that worker.
    /// - Errors come back in stream order: the first item whose `work` threw, or the producer's error
    ///   after every item emitted before it was consumed, or `consume`'s own. Then the producer and the
    ///   workers are stopped and waited for before this returns, as on success; nothing runs after.
    /// - An empty stream calls `consume` never.
    public static func stream<Item: Sendable, R: Sendable, State>(
        workers: Int = Parallel.workerCount, ahead: Int? = nil,
        produce: @escaping @Sendable (_ emit: (Item) throws -> Void) throws -> Void,
        setUp: @escaping @Sendable () throws -> State,
        work: @escaping @Sendable (State, Item) throws -> R,
        consume: (R) throws -> Void
    ) throws {
        let w = max(1, workers)
        let shared = StreamState<Item, R>(ahead: max(1, ahead ?? 4 * w))
        shared.running = w + 1
        Thread.detachNewThread {
            var failure: Error?
            do {
                try produce { item in try shared.put(item) }
            } catch is CancellationError {
            } catch {
                failure = error
            }
            shared.finishProducing(failure)
        }
        for _ in 0..<w {
            Thread.detachNewThread {
                let state = Result { try setUp() }
                while let (index, item) = shared.take() {
                    shared.deliver(index, Result { try work(try state.get(), item) })
                }
                shared.exit()
            }
        }
        defer { shared.stopAndWait() }
        var next = 0
        while let result = try shared.result(next) {
            try consume(try result.get())
            shared.consumed(next)
            next += 1
        }
    }
}

/// What the producer, the workers and the consumer of ``Parallel/stream(workers:ahead:produce:setUp:work:consume:)``
/// share, under one condition lock (`NSCondition`: a pthread mutex and condition variable).
private final class StreamState<Item: Sendable, R: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let ahead: Int
    private var queue: [(Int, Item)] = []
    private var queueStart = 0
    private var emitted = 0
    private var consumedCount = 0
    private var producing = true
    private var producerError: Error?
    private var results: [Int: Result<R, Error>] = [:]
    private var stopped = false
    /// Threads (producer and workers) not yet finished.
    var running = 0

    init(ahead: Int) { self.ahead = ahead }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    /// The producer hands over the next item, waiting while `ahead` are unconsumed.
    func put(_ item: Item) throws {
        try locked {
            while !stopped, emitted - consumedCount >= ahead { condition.wait() }
            if stopped { throw CancellationError() }
            queue.append((emitted, item))
            emitted += 1
            condition.broadcast()
        }
    }

    func finishProducing(_ error: Error?) {
        locked {
            producing = false
            producerError = error
            running -= 1
            condition.broadcast()
        }
    }

    /// The next item to work, nil when there is none left (or the stream was stopped).
    func take() -> (Int, Item)? {
        locked {
            while !stopped, queueStart == queue.count, producing { condition.wait() }
            if stopped || queueStart == queue.count { return nil }
            let x = queue[queueStart]
            queueStart += 1
            if queueStart > 64, queueStart * 2 > queue.count {
                queue.removeFirst(queueStart)
                queueStart = 0
            }
            return x
        }
    }

    func deliver(_ index: Int, _ result: Result<R, Error>) {
        locked {
            results[index] = result
            condition.broadcast()
        }
    }

    func exit() {
        locked {
            running -= 1
            condition.broadcast()
        }
    }

    /// The result of item `index` once worked; nil at the end of the stream; the producer's error
    /// once every item before it has been consumed.
    func result(_ index: Int) throws -> Result<R, Error>? {
        try locked {
            while true {
                if let r = results.removeValue(forKey: index) { return r }
                if !producing, index >= emitted {
                    if let producerError { throw producerError }
                    return nil
                }
                condition.wait()
            }
        }
    }

    func consumed(_ index: Int) {
        locked {
            consumedCount = index + 1
            condition.broadcast()
        }
    }

    /// Stops the producer and the workers (they finish the item in hand) and waits until all have ended.
    func stopAndWait() {
        locked {
            stopped = true
            condition.broadcast()
            while running > 0 { condition.wait() }
            queue = []
            results = [:]
        }
    }
}
