import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Peak memory of one step of a run, from Linux's `/proc/self/status`.
///
/// `VmHWM` is the process's resident high-water mark. Before each step the mark is reset to the
/// current resident size by writing `5` to `/proc/self/clear_refs` (Linux ≥ 4.0), after handing
/// freed heap back to the system (`malloc_trim(0)`, glibc), so each step's `VmHWM` is the peak
/// reached during that step. Where the reset is refused, the mark only grows: the step then records
/// the high-water mark so far and its rise during the step, and `method` says so.
enum StepMemory {
    enum Method: String, Sendable, Codable {
        /// `peak_rss_mib` is the peak during the step (the mark was reset before it).
        case perStep = "VmHWM reset before each step (/proc/self/clear_refs 5): peak during the step"
        /// `peak_rss_mib` is the process's peak so far; `rise` is how much the step raised it.
        case cumulative = "VmHWM could not be reset: process peak so far, and its rise during the step"
        case unavailable = "no /proc/self/status: memory not measured"
    }

    struct Mark: Sendable {
        var method: Method
        /// MiB resident when the step started, and the high-water mark then.
        var residentBefore: Double?
        var highWaterBefore: Double?
    }

    /// Trims the heap, resets the high-water mark where the kernel allows it, and notes where the step starts.
    static func start() -> Mark {
        trimHeap()
        let reset = (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .ascii)) != nil
        let status = read()
        guard let status else { return Mark(method: .unavailable) }
        return Mark(method: reset ? .perStep : .cumulative, residentBefore: status.resident, highWaterBefore: status.highWater)
    }

    /// (peak MiB as `method` defines it, rise of the high-water mark during the step in MiB).
    static func finish(_ mark: Mark) -> (peak: Double?, rise: Double?) {
        guard let status = read() else { return (nil, nil) }
        let rise = mark.highWaterBefore.map { max(0, status.highWater - $0) }
        return (status.highWater, rise)
    }

    /// glibc's `malloc_trim(0)`, found with `dlsym` (Swift's Glibc module does not declare it); a
    /// no-op where the C library has none.
    private static func trimHeap() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
        #endif
    }

    /// VmRSS and VmHWM in MiB.
    private static func read() -> (resident: Double, highWater: Double)? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        var resident: Double?, highWater: Double?
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let kB = Double(parts[1]) else { continue }
            if parts[0] == "VmRSS:" { resident = kB / 1024 }
            if parts[0] == "VmHWM:" { highWater = kB / 1024 }
        }
        guard let resident, let highWater else { return nil }
        return (resident, highWater)
    }
}
