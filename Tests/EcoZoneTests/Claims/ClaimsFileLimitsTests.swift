import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Claims files whose figures, tolerances or references could make a check pass on +∞, or make
/// validation allocate or recurse without bound: refused, naming the claim and its line.
@Suite struct ClaimsFileLimitsTests {
    static func refusal(_ yaml: String) -> String? {
        do { _ = try ClaimsFile.parse(yaml, path: "claims.yaml"); return nil } catch let e as GeoKitError {
            #expect(e.kind == .input && e.file == "claims.yaml")
            return e.message
        } catch {
            Issue.record("not a GeoKitError: \(error)")
            return nil
        }
    }

    @Test func figuresThatAreNotFiniteOrNotPlausible() {
        let digits400 = String(repeating: "9", count: 400)
        let cases: [(String, String)] = [
            ("claims:\n  - id: a\n    layer: boundary\n    area: \(digits400) km2\n",
             "claim 'a' (line 2): '99999999999999999999999999999999…' has 400 digits; a stated figure has at most 20"),
            ("claims:\n  - { id: a, area: 123456789012345678901 m2 }\n", "claim 'a' (line 2): '123456789012345678901 m2' has 21 digits"),
            // 510,072,001 km² is one km² more than the Earth's surface.
            ("claims:\n  - { id: a, area: 510072001 km2 }\n", "claim 'a' (line 2): '510072001 km2' is larger than the Earth's surface"),
            ("claims:\n  - { id: a, percent: \(digits400) }\n", "claim 'a' (line 2): '99999999999999999999999999999999…' has 400 digits"),
        ]
        for (yaml, expected) in cases {
            let m = Self.refusal(yaml)
            #expect(m?.hasPrefix(expected) == true, "\(m ?? "accepted")")
        }
        // 20 digits, and the Earth's surface itself, are still figures.
        #expect(Self.refusal("claims:\n  - { id: a, percent: 12345678901234567890 }\n  - { id: b, area: 510072000 km2 }\n") == nil)
    }

    @Test func tolerancesThatAreNotFiniteOrTooLarge() {
        let claim = "claims:\n  - { id: a, area: 1 km2 }\n  - id: b\n    area: 1 km2\n    tolerance: "
        let cases: [(String, String)] = [
            ("inf%", "claim 'b' (line 3): tolerance 'inf%' is not a finite number"),
            (".inf", "claim 'b' (line 3): tolerance '.inf' is not a finite number"),
            ("nan", "claim 'b' (line 3): tolerance 'nan' is not a finite number"),
            ("1e400%", "claim 'b' (line 3): tolerance '1e400%' is not a finite number"),
            ("1e400", "claim 'b' (line 3): tolerance '1e400' is not a finite number"),
            ("inf km2", "claim 'b' (line 3): tolerance 'inf km2' is not a finite number"),
            ("150%", "claim 'b' (line 3): tolerance '150%' is too large: at most 100%"),
            ("101 pt", "claim 'b' (line 3): tolerance '101 pt' is too large: at most 100 percentage points"),
            ("1e16", "claim 'b' (line 3): tolerance '1e16' is too large"),
            ("\(String(repeating: "9", count: 25)) km2", "claim 'b' (line 3): tolerance '9999999999999999999999999 km2' has 25 digits"),
            ("-1%", "claim 'b' (line 3): tolerance '-1%' is negative"),
        ]
        for (tolerance, expected) in cases {
            let m = Self.refusal(claim + tolerance + "\n")
            #expect(m?.hasPrefix(expected) == true, "\(tolerance): \(m ?? "accepted")")
        }
        // The file's own tolerance names its line.
        #expect(Self.refusal("tolerance: inf%\nclaims: []\n")?.hasPrefix("line 1: tolerance 'inf%' is not a finite number") == true)
        #expect(Self.refusal("tolerance:\n  area: 1%\n  count: nan\nclaims: []\n")?.hasPrefix("line 3: tolerance 'nan'") == true)
        // At the bounds: still tolerances.
        #expect(Self.refusal(claim + "100%\n") == nil && Self.refusal(claim + "100 pt\n") == nil && Self.refusal(claim + "1e15\n") == nil)
    }

    @Test func sumsAreBoundedInLength() {
        func file(terms: Int) -> String {
            var yaml = "claims:\n"
            for i in 0..<terms { yaml += "  - { id: z\(i), area: 1 km2 }\n" }
            return yaml + "  - { id: total, sum: [\((0..<terms).map { "z\($0)" }.joined(separator: ", "))], equals: \(terms) km2 }\n"
        }
        #expect(Self.refusal(file(terms: 1_000)) == nil)
        #expect(Self.refusal(file(terms: 1_001))?.hasPrefix("claim 'total' (line 1003): 'sum' adds 1001 claims; at most 1000") == true)
    }

    /// A chain of sums each naming the one before: 64 claims deep is fine; 10,000 deep is refused (the
    /// check walks with its own stack: a recursive walk would overflow before answering).
    @Test(.timeLimit(.minutes(1))) func referenceChainsAreBounded() {
        func chain(_ n: Int) -> String {
            var yaml = "claims:\n  - { id: c0, area: 1 km2 }\n"
            for i in 1..<n { yaml += "  - { id: c\(i), sum: [c\(i - 1)], equals: 1 km2 }\n" }
            return yaml
        }
        #expect(Self.refusal(chain(64)) == nil)
        // c64 is the 65th claim of the chain, on line 66.
        #expect(Self.refusal(chain(65))?.hasPrefix("claim 'c64' (line 66): its figures come from a chain of 65 claims") == true)
        let long = Self.refusal(chain(10_000))
        #expect(long?.contains("its figures come from a chain of 65 claims, each naming the next; at most 64") == true, "\(long ?? "accepted")")
        // A cycle is still named as one.
        #expect(Self.refusal("claims:\n  - { id: a, sum: [b], equals: 1 km2 }\n  - { id: b, sum: [a], equals: 1 km2 }\n")?
            .contains("claim 'b' (line 3): its figures refer to each other in a cycle through 'a'") == true)
    }

    @Test func claimCountIsBounded() {
        var yaml = "claims:\n"
        for i in 0...ClaimsFile.Limits.claims { yaml += "- {id: c\(i), count: 1}\n" }
        #expect(Self.refusal(yaml)?.hasPrefix("line 2: the claims file lists 20001 claims; EcoZone checks at most 20000") == true)
    }

    @Test(.timeLimit(.minutes(1))) func hostileYAMLInAClaimsFile() {
        let deep = "claims:\n  - id: a\n    text: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        #expect(Self.refusal(deep)?.hasPrefix("line 3: the claims file nests collections more than 64 deep") == true)
        let twice = "claims:\n  - id: a\n    area: 1 km2\n    area: 2 km2\n"
        #expect(Self.refusal(twice) == "line 4: the key 'area' is written twice in the same mapping (lines 3 and 4); remove one")
    }
}
