import EcoZone
import Foundation
import GeoKit

/// Shows the ``ProgressUpdate``s of long steps on stderr, for any command that passes ``handler`` to
/// the engine:
/// - on a terminal, one line redrawn in place (at most ten times a second) with a bar, the percentage
///   and an estimate of the time left, cleared when the step ends;
/// - otherwise (a log, a pipe), a plain line now and then (every 10 s) and one when the step ends;
/// - nothing at all when disabled (`--quiet`).
/// A step is shown only once it has run for 2 s, so quick runs print nothing. The time left assumes
/// the rest of the step goes at the pace so far.
///
/// `ECOZONE_PROGRESS_DELAY` and `ECOZONE_PROGRESS_INTERVAL` (seconds) override the 2 s and the 10 s
/// (an interval under 0.1 s also redraws the bar that often), so tests can see the output of short runs.
final class ProgressBar: Sendable {
    private enum Style { case off, terminal, lines }

    private struct State {
        var step = ""
        var start = 0.0
        var lastDraw = -Double.infinity
        var shown = false
        var width = 0
        /// Updates arrive from worker threads out of order; late ones are dropped.
        var order = ProgressOrder()
    }

    private let style: Style
    private let label: String
    private let delay: Double
    private let interval: Double
    private let state = Locked(State())

    /// - Parameters:
    ///   - label: the command, printed before the step ("connectivity").
    ///   - enabled: false for `--quiet`.
    init(label: String, enabled: Bool) {
        self.label = label
        let environment = ProcessInfo.processInfo.environment
        delay = environment["ECOZONE_PROGRESS_DELAY"].flatMap(Double.init) ?? 2
        interval = environment["ECOZONE_PROGRESS_INTERVAL"].flatMap(Double.init) ?? 10
        style = !enabled ? .off : isatty(2) == 1 ? .terminal : .lines
    }

    /// The callback to hand to the engine.
    var handler: ProgressHandler? {
        guard style != .off else { return nil }
        return { @Sendable [self] update in self.show(update) }
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    private func show(_ update: ProgressUpdate) {
        let time = Self.now()
        let text: String? = state.withLock { s in
            guard s.order.admit(update) else { return nil }
            var text = ""
            if update.step != s.step {
                if style == .terminal && s.shown { text += "\r" + String(repeating: " ", count: s.width) + "\r" }
                s = State(step: update.step, start: time, order: s.order)
            }
            let elapsed = time - s.start
            let finished = update.completed >= update.total
            guard elapsed >= delay || (finished && s.shown) else { return text.isEmpty ? nil : text }
            switch style {
            case .off:
                return nil
            case .terminal:
                if finished {
                    guard s.shown else { return nil }
                    text += "\r" + String(repeating: " ", count: s.width) + "\r"
                    s.shown = false
                    s.step = ""
                    return text
                }
                guard time - s.lastDraw >= min(0.1, interval) else { return text.isEmpty ? nil : text }
                s.lastDraw = time
                let line = Self.barLine(label: label, update: update, elapsed: elapsed)
                text += "\r" + line + String(repeating: " ", count: max(0, s.width - line.count))
                s.width = line.count
                s.shown = true
                return text
            case .lines:
                if finished {
                    guard s.shown else { return nil }
                    s.shown = false
                    s.step = ""
                    return "\(label): \(update.step) done in \(Self.duration(elapsed))\n"
                }
                guard time - s.lastDraw >= interval else { return nil }
                s.lastDraw = time
                s.shown = true
                return Self.plainLine(label: label, update: update, elapsed: elapsed) + "\n"
            }
        }
        if let text, !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// Clears a bar left on the terminal (call before printing results or an error).
    func finish() {
        guard style == .terminal else { return }
        let text: String? = state.withLock { s in
            defer { s = State() }
            return s.shown ? "\r" + String(repeating: " ", count: s.width) + "\r" : nil
        }
        if let text { FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// "connectivity: paths from every node ████████░░░░░░░░ 52%  about 1 min 10 s left".
    static func barLine(label: String, update: ProgressUpdate, elapsed: Double) -> String {
        let cells = 20
        let full = min(cells, Int(update.fraction * Double(cells)))
        let bar = String(repeating: "█", count: full) + String(repeating: "░", count: cells - full)
        return "\(label): \(update.step) \(bar) \(percent(update.fraction))" + timeLeft(update, elapsed: elapsed, separator: "  ")
    }

    /// "connectivity: paths from every node 52% (5,200 of 10,000), about 1 min 10 s left".
    static func plainLine(label: String, update: ProgressUpdate, elapsed: Double) -> String {
        "\(label): \(update.step) \(percent(update.fraction)) (\(NumberText.grouped(Double(update.completed), decimals: 0)) of "
            + "\(NumberText.grouped(Double(update.total), decimals: 0)))" + timeLeft(update, elapsed: elapsed, separator: ", ")
    }

    private static func percent(_ fraction: Double) -> String {
        "\(Int((fraction * 100).rounded(.down)))%"
    }

    /// The time left at the pace so far, once there is a pace to go by.
    private static func timeLeft(_ update: ProgressUpdate, elapsed: Double, separator: String) -> String {
        guard update.completed > 0, elapsed > 0 else { return "" }
        let left = elapsed * Double(update.total - update.completed) / Double(update.completed)
        return separator + "about \(duration(left)) left"
    }

    /// "8 s", "2 min 05 s", "1 h 02 min".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(String(format: "%02d", s % 60)) s" }
        return "\(s / 3600) h \(String(format: "%02d", (s % 3600) / 60)) min"
    }
}
