/// Puts the ``ProgressUpdate``s of one handler back in order for display.
///
/// Workers count their units under a lock but report outside it, so a handler may hear
/// "96 of 100" after "100 of 100" (the update that ended the step) — and a display that took the late
/// one for a new run of the step printed a progress line after "done". ``admit(_:)`` passes an update
/// only when it moves forward: within a step, a count below the last one passed is dropped; after a
/// step has ended, its reports are dropped until it starts again at 0 (every step reports 0 first).
/// Not thread-safe: keep it with the handler's own state, under its lock.
public struct ProgressOrder: Sendable {
    private var step: String?
    private var last = 0
    private var ended = false

    public init() {}

    /// Whether `update` should be shown; records it when so.
    public mutating func admit(_ update: ProgressUpdate) -> Bool {
        if update.step == step {
            if ended {
                guard update.completed == 0 else { return false }   // late, from the run that ended
                ended = false
            } else if update.completed < last {
                return false                                         // overtaken by a later count
            }
        } else {
            step = update.step
            ended = false
        }
        last = update.completed
        if update.completed >= update.total { ended = true }
        return true
    }
}
