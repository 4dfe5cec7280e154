import Dispatch
import Foundation
import Synchronization

/// Work spread over cores with results in input order, so that any reduction the caller does in
/// that order gives the same answer whatever the number of cores.
public enum Parallel {
    /// Workers to use: `ECOZONE_THREADS` if set (for measuring speed-up and testing determinism),
    /// else every active core.
    public static var workerCount: Int {
        if let s = ProcessInfo.processInfo.environment["ECOZONE_THREADS"], let n = Int(s), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Maps `items` in contiguous chunks, one call of `body` per chunk on some worker. Each call gets
    /// a chunk and returns one result per item; a worker makes its own GEOS/PROJ/GDAL objects inside
    /// `body` (they must not cross threads). The first error (in input order) is rethrown.
    public static func mapChunks<T: Sendable, R: Sendable>(
        _ items: [T], workers: Int = Parallel.workerCount, chunkSize: Int? = nil,
        _ body: @Sendable (ArraySlice<T>) throws -> [R]
    ) throws -> [R] {
        try mapChunks(items, workers: workers, chunkSize: chunkSize, setUp: { () }, { _, chunk in try body(chunk) })
    }

    /// As `mapChunks(_:workers:chunkSize:_:)`, with per-worker state: `setUp` runs once on each
    /// worker thread (to make its GEOS context, PROJ transformers, prepared geometries …), and every
    /// chunk that worker takes is handed that state. Creating a PROJ transformation costs
    /// milliseconds, so doing it per chunk instead would dominate short jobs.
    public static func mapChunks<T: Sendable, R: Sendable, State>(
        _ items: [T], workers: Int = Parallel.workerCount, chunkSize: Int? = nil,
        setUp: @Sendable () throws -> State,
        _ body: @Sendable (State, ArraySlice<T>) throws -> [R]
    ) throws -> [R] {
        if items.isEmpty { return [] }
        let w = max(1, workers)
        if w == 1 { return try body(try setUp(), items[...]) }
        let size = chunkSize ?? max(1, min(256, (items.count + w * 4 - 1) / (w * 4)))
        let chunks = stride(from: 0, to: items.count, by: size).map { $0..<min($0 + size, items.count) }
        let results = Locked<[Int: Result<[R], Error>]>([:])
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(w, chunks.count)) { _ in
            let state: Result<State, Error> = Result { try setUp() }
            while true {
                let c = next.add(1, ordering: .relaxed).oldValue
                if c >= chunks.count { break }
                let r: Result<[R], Error> = Result { try body(try state.get(), items[chunks[c]]) }
                results.withLock { $0[c] = r }
            }
        }
        var out: [R] = []
        out.reserveCapacity(items.count)
        let all = results.withLock { $0 }
        for c in 0..<chunks.count { out.append(contentsOf: try all[c]!.get()) }
        return out
    }

    /// Runs `body(i)` for every `i` in `0..<count` on up to `workers` threads and returns the
    /// results in index order (one job per index: for a few large independent jobs, such as one
    /// linear solve per core pair).
    public static func map<T: Sendable>(_ count: Int, workers: Int = Parallel.workerCount, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let w = max(1, min(count, workers))
        if w == 1 { return (0..<count).map(body) }
        let results = Locked<[Int: T]>([:])
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: w) { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                if i >= count { break }
                let r = body(i)
                results.withLock { $0[i] = r }
            }
        }
        let all = results.withLock { $0 }
        return (0..<count).map { all[$0]! }
    }
}
