import Synchronization

/// How far a long step has come, reported by the engine through a ``ProgressHandler`` and shown by
/// the caller (the command-line tool draws a bar on a terminal). EcoZone itself never prints.
///
/// A step reports `completed` out of `total` units of roughly equal cost (rows of a distance matrix,
/// source nodes of a sweep …): `completed == 0` when it starts (so the caller knows its start time),
/// then as units finish; `completed == total` ends it. Updates may come from any thread, in
/// any order within a step, and often (hundreds per step): a handler must be thread-safe and
/// cheap, and decides itself how often to draw.
public struct ProgressUpdate: Sendable, Equatable {
    /// What is being done, short and lower case ("node distances", "links", "paths from every node").
    public var step: String
    /// Units done, `0 … total`.
    public var completed: Int
    /// Units in the step (≥ 1).
    public var total: Int

    /// Creates an update; `total` is taken as at least 1 and `completed` is clamped to `0 … total`.
    public init(step: String, completed: Int, total: Int) {
        self.step = step
        self.total = max(1, total)
        self.completed = min(max(0, completed), self.total)
    }

    /// `completed / total`, in `0 … 1`.
    public var fraction: Double { Double(completed) / Double(total) }
}

/// Receives ``ProgressUpdate``s; called from worker threads.
public typealias ProgressHandler = @Sendable (ProgressUpdate) -> Void

/// A counter callback for one named step: `(completed, total)`, thread-safe like the handler it wraps.
public typealias StepProgress = @Sendable (_ completed: Int, _ total: Int) -> Void

/// Counts finished units of one step from any thread and reports each to a ``StepProgress``.
final class StepCounter: Sendable {
    private let done = Atomic<Int>(0)
    private let total: Int
    private let progress: StepProgress?

    /// Reports the step's start, `(0, total)`.
    init(total: Int, _ progress: StepProgress?) {
        self.total = total
        self.progress = progress
        progress?(0, total)
    }

    /// One more unit done.
    func advance() {
        guard let progress else { return }
        progress(done.add(1, ordering: .relaxed).newValue, total)
    }
}

extension Optional where Wrapped == ProgressHandler {
    /// The handler narrowed to one step: each `(completed, total)` becomes a ``ProgressUpdate`` named
    /// `step`; `nil` when there is no handler.
    func step(_ step: String) -> StepProgress? {
        guard let handler = self else { return nil }
        return { completed, total in handler(ProgressUpdate(step: step, completed: completed, total: total)) }
    }
}
