import Dispatch
import Foundation
import GeoKit
import Synchronization

/// Reads a layer in batches on a thread of its own while the caller works on the batch before: GDAL
/// reading is serial, so without this the workers would wait for every batch to be read. The dataset
/// lives and dies on the reader thread; only `LoadedLayer` values (Sendable) cross over. At most
/// `ahead` batches wait in memory.
final class BatchReader: Sendable {
    private enum Item: Sendable { case batch(LoadedLayer), end, failure(GeoKitErrorBox) }
    struct GeoKitErrorBox: @unchecked Sendable { let error: Error }

    private let queue = Mutex<[Item]>([])
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    private let stopped = Atomic<Bool>(false)

    init(_ request: LayerRequest, batchSize: Int, ahead: Int = 2) {
        free = DispatchSemaphore(value: ahead)
        Thread.detachNewThread { [self] in
            do {
                try LoadedLayer.stream(request, batchSize: batchSize) { batch in
                    free.wait()
                    if stopped.load(ordering: .relaxed) { throw CancellationError() }
                    put(.batch(batch))
                }
                put(.end)
            } catch is CancellationError {
                put(.end)
            } catch {
                put(.failure(GeoKitErrorBox(error: error)))
            }
        }
    }

    private func put(_ item: Item) {
        queue.withLock { $0.append(item) }
        filled.signal()
    }

    /// The next batch, nil at the end; rethrows the reader's error.
    func next() throws -> LoadedLayer? {
        filled.wait()
        let item = queue.withLock { $0.removeFirst() }
        switch item {
        case .batch(let b):
            free.signal()
            return b
        case .end: return nil
        case .failure(let box): throw box.error
        }
    }

    /// Tells the reader to stop after the batch it is reading (when the consumer gives up early).
    func stop() {
        stopped.store(true, ordering: .relaxed)
        free.signal()
    }
}
