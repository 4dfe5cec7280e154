import Foundation
import Testing

/// Replays every case scripts/fuzz found (Tests/ecozoneTests/Fixtures/fuzz). A case marked "fixed" must
/// run clean: no signal, no timeout, exit 0, 1 or 2, no NaN on stdout with exit 0, its inputs unchanged.
/// A case marked "open" (its fix has not landed) is replayed as a known issue and reported; when it runs
/// clean, mark it fixed (`scripts/fuzz --replay --update`). Under a sanitizer (scripts/sanitize) open
/// cases are skipped: some allocate without bound, and the address space cannot be limited there.
@Suite struct FuzzRegressionTests {
    @Test(arguments: FuzzCase.all())
    func replaysTheCase(_ c: FuzzCase) throws {
        try #require(c.problem == nil, "\(c.name): \(c.problem ?? "")")
        if c.expected == .open && FuzzReplay.sanitized { return }
        // An open case that hangs costs at most 3 s here; scripts/fuzz --replay gives it its full time.
        // A sanitized binary runs 2–5× slower (ASan: the 600-patch connectivity case takes 2.7 CPU-s
        // plain, over 10 under ASan), so its CPU budget is 5× the case's.
        let timeout = c.expected == .open ? min(c.timeout, 3) : c.timeout * (FuzzReplay.sanitized ? 5 : 1)
        let outcome = try FuzzReplay.run(CLI.binary, c.command, inputs: c.inputs(), timeout: timeout)
        let problems = outcome.problems
        let summary = "\(c.name): ecozone \(c.command.joined(separator: " ")) — \(problems.joined(separator: "; "))"
        switch c.expected {
        case .fixed:
            #expect(problems.isEmpty, "\(summary)\n\(outcome.stderr.suffix(1500))")
        case .open:
            withKnownIssue("open fuzz case (\(c.signature))", isIntermittent: true) {
                #expect(problems.isEmpty, "\(summary)")
            }
            if problems.isEmpty {
                print("fuzz case \(c.name) is marked open but runs clean now: mark it fixed (scripts/fuzz --replay --update)")
            }
        }
    }

    @Test func everyCaseFileIsWellFormed() {
        let cases = FuzzCase.all()
        #expect(!cases.isEmpty, "no cases in \(FuzzCase.root.path)")
        for c in cases {
            #expect(c.problem == nil, "\(c.name): \(c.problem ?? "")")
            #expect(c.name.hasPrefix(c.kind + "-"), "\(c.name): folder named for kind \(c.kind)")
            #expect((try? c.inputs().isEmpty) == false, "\(c.name): no input files")
        }
    }

    // The checks themselves, on commands whose outcome is known by construction.

    @Test func aSignalIsAFailure() throws {
        let o = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "kill -ILL $$"], inputs: ["a.txt": Data("a".utf8)], timeout: 10)
        #expect(o.signal == SIGILL)
        #expect(o.problems == ["killed by signal \(SIGILL)"])
    }

    @Test func aHangIsAFailure() throws {
        let o = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "exec sleep 30"], inputs: ["a.txt": Data("a".utf8)], timeout: 0.5)
        #expect(o.timedOut)
        #expect(o.problems == ["timed out"])
    }

    @Test func anOddExitCodeIsAFailure() throws {
        let clean = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "exit 2"], inputs: ["a.txt": Data("a".utf8)], timeout: 10)
        #expect(clean.problems.isEmpty)
        let odd = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "exit 3"], inputs: ["a.txt": Data("a".utf8)], timeout: 10)
        #expect(odd.problems == ["exit status 3"])
    }

    @Test func aChangedOrRemovedInputIsAFailure() throws {
        let inputs = ["a.shp": Data("a".utf8), "a.shx": Data("x".utf8), "b.txt": Data("b".utf8)]
        let o = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "echo more >> a.shp; rm a.shx; echo out > out/o.geojson"],
                                   inputs: inputs, timeout: 10)
        #expect(o.problems == ["input changed or removed: a.shp, a.shx"])
    }

    @Test func nanOnStdoutWithExitZeroIsAFailureUnlessEchoed() throws {
        let inputs = ["p.txt": Data("全区面积NaN平方千米\n".utf8)]
        let computed = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf 'total   3   nan\\n'"], inputs: inputs, timeout: 10)
        #expect(computed.problems == ["exit 0 with 'nan' on stdout"])
        let negative = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf 'extent: -inf, 29.46\\n'"], inputs: inputs, timeout: 10)
        #expect(negative.problems == ["exit 0 with '-inf' on stdout"])
        let refused = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf 'total nan\\n'; exit 2"], inputs: inputs, timeout: 10)
        #expect(refused.problems.isEmpty)
        // The plan's own words repeated (claims draft quotes its sentences, whole or pieced together from
        // table cells), and words that merely contain the letters.
        let echoed = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"),
                                        ["-c", "printf '  text: \"全区面积NaN平方千米\"\\n  text: \"表9 指标全区面积NaN平方千米\"\\nfixtures/banan: information, infinite\\n'"],
                                        inputs: inputs, timeout: 10)
        #expect(echoed.problems.isEmpty)
        // A quote pieced from table cells: only the cell's own text, on one side of the token, is in the input.
        let cells = ["p.txt": Data("表3-1\n生态保护红线面积\ninf年基期值\n142.4\n".utf8)]
        let pieced = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf '    text: \"表3-1 生态保护红线面积，inf年基期值 142.4\"\n'"],
                                        inputs: cells, timeout: 10)
        #expect(pieced.problems.isEmpty)
        let computedBeside = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf '    text: \"表3-1\"  share: inf\n'"],
                                                inputs: cells, timeout: 10)
        #expect(computedBeside.problems == ["exit 0 with 'inf' on stdout"])
        // A report that an input coordinate is NaN (inspect's validity line, GEOS's reason) is not a computed number.
        let report = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"),
                                        ["-c", "printf '  validity: not valid: a.shp, layer a, feature 0: vertex 8 has a coordinate that is infinite: (-Infinity, 29.5).\n    feature 0: Invalid Coordinate at (nan, 29.5)\n'"],
                                        inputs: inputs, timeout: 10)
        #expect(report.problems.isEmpty)
        let extent = try FuzzReplay.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf '  extent:   -inf, 29.3 — 106.6, inf\n'"], inputs: inputs, timeout: 10)
        #expect(extent.problems == ["exit 0 with '-inf' on stdout"])
    }
}
