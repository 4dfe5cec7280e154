import EcoZone
import Testing

/// Updates from worker threads put back in order for display.
@Suite struct ProgressOrderTests {
    func u(_ step: String, _ completed: Int, _ total: Int = 100) -> ProgressUpdate {
        ProgressUpdate(step: step, completed: completed, total: total)
    }

    @Test func aLateCountWithinAStepIsDropped() {
        var order = ProgressOrder()
        #expect([u("paths", 0), u("paths", 32), u("paths", 16), u("paths", 48)].map { order.admit($0) } == [true, true, false, true])
    }

    @Test func aReportAfterTheStepEndedIsDroppedUntilTheStepStartsAgain() {
        var order = ProgressOrder()
        // 100 of 100 ends the step; a worker's 96 arrives after it and must not reopen it.
        #expect([u("paths", 0), u("paths", 80), u("paths", 100), u("paths", 96)].map { order.admit($0) } == [true, true, true, false])
        // The same step run again starts at 0 and is shown.
        #expect([u("paths", 0), u("paths", 50)].map { order.admit($0) } == [true, true])
    }

    @Test func anotherStepStartsAfresh() {
        var order = ProgressOrder()
        #expect([u("links", 0), u("links", 90), u("paths", 10), u("links", 95)].map { order.admit($0) } == [true, true, true, true])
        // Equal counts (two workers reporting the same total) both pass.
        #expect([u("links", 95), u("links", 95, 100)].map { order.admit($0) } == [true, true])
    }
}
