import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One case of the fuzz regression folder, Tests/ecozoneTests/Fixtures/fuzz/<kind>-<hash>/, written by
/// scripts/fuzz: the input files and case.json naming the command line (run in a copy of the folder, with
/// an empty `out/` beside the inputs), the failure it found and whether its fix has landed.
struct FuzzCase: Sendable, CustomTestStringConvertible {
    enum Expected: String, Sendable {
        /// A known failure whose fix is pending: replayed and reported, not enforced.
        case open
        /// Must pass: no signal, exit 0/1/2, no NaN on stdout with exit 0, inputs unchanged.
        case fixed
    }

    var folder: URL
    var command: [String]
    var kind: String
    var signature: String
    var expected: Expected
    /// Seconds the case may run (scripts/fuzz's per-case timeout when it was found).
    var timeout: Double
    /// Why case.json could not be read, if it could not.
    var problem: String?

    var name: String { folder.lastPathComponent }
    var testDescription: String { "\(name) [\(expected.rawValue)] ecozone \(command.joined(separator: " "))" }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    private struct File: Decodable {
        var command: [String]
        var kind: String
        var signature: String
        var expected: String
        var timeout: Double?
    }

    /// Every case folder, sorted by name; a folder with a missing or malformed case.json comes back with `problem` set.
    static func all() -> [FuzzCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name -> FuzzCase? in
            let folder = root.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard !name.hasPrefix("."), FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return nil
            }
            var c = FuzzCase(folder: folder, command: [], kind: "", signature: "", expected: .open, timeout: 10)
            do {
                let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: folder.appendingPathComponent("case.json")))
                c.command = file.command
                c.kind = file.kind
                c.signature = file.signature
                c.timeout = file.timeout ?? 10
                guard let expected = Expected(rawValue: file.expected) else {
                    c.problem = "expected must be \"open\" or \"fixed\", not \"\(file.expected)\""
                    return c
                }
                c.expected = expected
                if c.command.isEmpty { c.problem = "empty command" }
            } catch {
                c.problem = "case.json: \(error)"
            }
            return c
        }
    }

    /// The input files (everything in the folder but case.json).
    func inputs() throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name != "case.json" {
            out[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return out
    }
}

/// Runs a command line on a copy of some input files and checks what scripts/fuzz checks.
enum FuzzReplay {
    struct Outcome {
        var signal: Int32?
        var status: Int32?
        var timedOut: Bool
        var stdout: String
        var stderr: String
        var changedInputs: [String]
        var inputTexts: [String]

        /// Everything that makes this run a failure; empty when it is clean.
        var problems: [String] {
            var out: [String] = []
            if timedOut { out.append("timed out") }
            if let signal { out.append("killed by signal \(signal)") }
            if let status, ![0, 1, 2].contains(status) { out.append("exit status \(status)") }
            if status == 0, let hit = FuzzReplay.nanOnStdout(stdout, inputs: inputTexts) { out.append("exit 0 with '\(hit)' on stdout") }
            if !changedInputs.isEmpty { out.append("input changed or removed: \(changedInputs.sorted().joined(separator: ", "))") }
            if stderr.contains("ERROR: AddressSanitizer") || stderr.contains("WARNING: ThreadSanitizer") || stderr.contains("ERROR: LeakSanitizer") {
                out.append("sanitizer report on stderr")
            }
            return out
        }
    }

    /// Under AddressSanitizer or ThreadSanitizer (scripts/sanitize) the address space cannot be limited:
    /// the sanitizers reserve terabytes of shadow memory.
    static let sanitized: Bool = {
        let handle = dlopen(nil, RTLD_NOW)
        return dlsym(handle, "__asan_init") != nil || dlsym(handle, "__tsan_init") != nil
    }()

    /// Under ThreadSanitizer a file-size limit below about 512 KiB (`ulimit -f`, how the tests simulate a full
    /// disk) makes the TSan runtime itself fault: SIGBUS in its strlen interceptor on libdispatch's first worker
    /// thread, before any EcoZone code (`ulimit -f 64; ecozone --help` exits 66 in the TSan build, 0 at 512).
    /// Those tests run in the plain and the AddressSanitizer builds.
    static let threadSanitized: Bool = dlsym(dlopen(nil, RTLD_NOW), "__tsan_init") != nil

    /// Address-space limit of a replayed command (as scripts/fuzz's --memory), so a case that allocates
    /// without bound aborts instead of exhausting the machine.
    static let memoryLimitKiB = 4 * 1024 * 1024

    /// Copies `inputs` into a fresh folder (with an empty out/), runs `executable arguments` there with a
    /// timeout, and compares the inputs afterwards. The timeout counts CPU seconds of one thread, as
    /// scripts/fuzz counts them (`ulimit -t`, ECOZONE_THREADS=1), so a case does not time out because the
    /// rest of the suite keeps the cores busy; wall time is capped too, at four times as much. Under a
    /// sanitizer (no ulimit there) only the wall time counts.
    static func run(_ executable: URL, _ arguments: [String], inputs: [String: Data], timeout: Double) throws -> Outcome {
        let root = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let work = root.appendingPathComponent("case")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("out"), withIntermediateDirectories: true)
        for (name, data) in inputs { try data.write(to: work.appendingPathComponent(name)) }

        let p = Process()
        if sanitized {
            p.executableURL = executable
            p.arguments = arguments
        } else {
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            let cpu = Int(timeout.rounded(.up))
            p.arguments = ["-c", "ulimit -v \(memoryLimitKiB) 2>/dev/null; ulimit -t \(cpu); ulimit -c 0; exec \"$0\" \"$@\"", executable.path] + arguments
        }
        p.currentDirectoryURL = work
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["ECOZONE_THREADS"] = "1"
        environment["TMPDIR"] = work.appendingPathComponent("out").path
        p.environment = environment
        let stdoutURL = root.appendingPathComponent("stdout"), stderrURL = root.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: stdoutURL), err = try FileHandle(forWritingTo: stderrURL)
        defer { try? out.close(); try? err.close() }
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        try p.run()
        var timedOut = false
        if done.wait(timeout: .now() + (sanitized ? timeout : 4 * timeout)) == .timedOut {
            timedOut = true
            kill(p.processIdentifier, SIGKILL)
            done.wait()
        }
        var changed: [String] = []
        for (name, data) in inputs where (try? Data(contentsOf: work.appendingPathComponent(name))) != data {
            changed.append(name)
        }
        // SIGXCPU: the CPU limit ran out.
        if !sanitized && p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGXCPU { timedOut = true }
        let signalled = p.terminationReason == .uncaughtSignal && !timedOut
        return Outcome(signal: signalled ? p.terminationStatus : nil, status: p.terminationReason == .exit ? p.terminationStatus : nil,
                       timedOut: timedOut, stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
                       stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self), changedInputs: changed,
                       inputTexts: inputs.values.map { String(decoding: $0, as: UTF8.self) })
    }

    /// A NaN or infinity token (nan, -inf, Infinity …, as a word) on stdout that is not an echo of the
    /// input. An echo is a token whose word — the run of characters around it up to whitespace or
    /// punctuation, ASCII or CJK (quotes, commas, colons, brackets) — or the token with up to three
    /// characters of that word either side, or on one side only (claims draft pieces a quote together
    /// from table cells), occurs in an input file: a plan sentence or a field value the command repeats.
    /// A number the command computed ("nan", "-inf" standing alone) is not found there. A line that
    /// reports an input coordinate as NaN or infinite (inspect's validity, GEOS's reason) is not a
    /// computed number either. The same rule as scripts/fuzzing/runner.py.
    static func nanOnStdout(_ stdout: String, inputs: [String]) -> String? {
        let token = try! NSRegularExpression(pattern: "(?<![A-Za-z0-9_])[-+\u{2212}]?(?:nan|inf(?:inity)?)(?![A-Za-z0-9_])", options: [.caseInsensitive])
        let delimiters = Set(" \t\r\n\"'`,:;()[]{}<>|=，。：；、（）《》「」【】！？".utf16)
        let reported = ["has a coordinate that is", "Invalid Coordinate at"]
        let wordCharacter = try! NSRegularExpression(pattern: "[A-Za-z0-9_]")
        /// Whether text occurs in an input. At an end where text is a whole word's end on stdout, the input
        /// must not continue the word there either (no letter, digit or CJK character, `\w`); at an end cut
        /// inside a word, an ASCII letter or digit there must not continue an ASCII word ("nan" is not an
        /// echo of "banana").
        func appears(_ text: String, wordStart: Bool, wordEnd: Bool) -> Bool {
            let ns = text as NSString
            guard ns.length > 0 else { return false }
            func isWord(_ i: Int) -> Bool { wordCharacter.firstMatch(in: text, range: NSRange(location: i, length: 1)) != nil }
            let before = wordStart ? "(?<!\\w)" : (isWord(0) ? "(?<![A-Za-z0-9_])" : "")
            let after = wordEnd ? "(?!\\w)" : (isWord(ns.length - 1) ? "(?![A-Za-z0-9_])" : "")
            let re = try! NSRegularExpression(pattern: before + NSRegularExpression.escapedPattern(for: text) + after)
            return inputs.contains { re.firstMatch(in: $0, range: NSRange(location: 0, length: ($0 as NSString).length)) != nil }
        }
        for line in stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if reported.contains(where: line.contains) { continue }
            let ns = line as NSString
            for m in token.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
                var start = m.range.location, end = m.range.location + m.range.length
                while start > 0 && !delimiters.contains(ns.character(at: start - 1)) { start -= 1 }
                while end < ns.length && !delimiters.contains(ns.character(at: end)) { end += 1 }
                let tokenEnd = m.range.location + m.range.length
                let nearStart = max(start, m.range.location - 3), nearEnd = min(end, tokenEnd + 3)
                // The word, the token with its near context both sides and each side alone, then the token as a whole word.
                let spans = [(start, end), (nearStart, nearEnd), (nearStart, tokenEnd), (m.range.location, nearEnd)]
                    .filter { $0 != (m.range.location, tokenEnd) }
                let echoed = spans.contains { a, b in
                    appears(ns.substring(with: NSRange(location: a, length: b - a)), wordStart: a == start, wordEnd: b == end)
                } || appears(ns.substring(with: m.range), wordStart: true, wordEnd: true)
                if echoed { continue }
                return ns.substring(with: m.range)
            }
        }
        return nil
    }
}
