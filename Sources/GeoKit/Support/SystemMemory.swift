import Foundation

/// How much memory this process may use, for refusing work that cannot fit before allocating it.
public enum SystemMemory {
    /// Physical memory in bytes (`sysconf(_SC_PHYS_PAGES) × sysconf(_SC_PAGESIZE)`), lowered to the
    /// control group's limit when the process runs in one that sets a smaller one (cgroup v2
    /// `memory.max`, v1 `memory.limit_in_bytes`), as in a container, and to the process's
    /// address-space limit (`getrlimit(RLIMIT_AS)`, `ulimit -v`): past it an allocation fails and
    /// Swift aborts, whatever memory the machine has.
    public static let available: UInt64 = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        var bytes: UInt64 = pages > 0 && size > 0 ? UInt64(pages) * UInt64(size) : 4 << 30
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
               let limit = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0 {
                bytes = min(bytes, limit)
            }
        }
        if let limit = addressSpaceLimit { bytes = min(bytes, limit) }
        return bytes
    }()

    /// The soft address-space limit in bytes (`getrlimit(RLIMIT_AS)`), nil when there is none.
    static var addressSpaceLimit: UInt64? {
        var limit = rlimit()
        #if os(Linux)
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0 else { return nil }
        #else
        guard getrlimit(RLIMIT_AS, &limit) == 0 else { return nil }
        #endif
        return limit.rlim_cur == rlim_t.max || limit.rlim_cur == 0 ? nil : UInt64(limit.rlim_cur)
    }

    /// "74.5 GiB", "512 MiB": binary units, three significant digits.
    public static func describe(_ bytes: Double) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes, unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        if unit == 0 { return "\(Int(value)) bytes" }
        return String(format: value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }
}
