import Foundation
import GeoKit
import Yams

/// One figure a plan states, and how to check it (../shared/DESIGN.md, "claims file").
///
/// What a claim checks follows from its keys:
///
/// | keys | check |
/// |---|---|
/// | `layer` + `area` / `length` / `count` (+ `where`, `version`) | the figure against the geometry: ellipsoidal area on CGCS2000, geodesic length of a line layer, number of features |
/// | `layer` + `percent-of: ID-or-ROLE-or-FIGURE` + `percent` | the layer's computed area as a share of another claim's value (its computed value when it is measured, else its stated one), of another layer's computed area, or of a written figure (`1823 km2`) |
/// | `sum: [IDS]` + `equals: ID-or-FIGURE` | the stated figures add up to the stated whole |
/// | `difference: [A, B]` + `equals: ID-or-FIGURE` | A − B equals the stated figure |
/// | `ratio: [A, B]` + `percent` | A / B, stated figures, is the stated percentage |
/// | no `layer`, a figure only | a stated figure: not measured (status `unchecked`), but sums and ratios can use it |
///
/// Arithmetic claims use the **stated** figures of the claims they name, never computed ones: they check
/// the plan against itself. A sum or difference may state its result in its own figure key instead of
/// `equals` (`area: 1823 km2`).
///
/// **Versions.** A red line is redrawn (2020, 2023 …). A project names each version as its own role
/// (`red-line`, `red-line-2020`); a claim names either role directly (`layer: red-line-2020`) or the base
/// role plus `version: 2020`. `version` resolves to the role `ROLE-VERSION` when the project has one,
/// else to the features of `ROLE` whose version field (the layer's `version: FIELD` in the project)
/// equals the version; with neither, the claims file is bad input.
public struct Claim: Sendable, Hashable {
    public enum Check: Sendable, Hashable {
        /// `area`, `length` or `count` measured on `layer`.
        case measure
        /// The layer's area as a percentage of the reference.
        case percentOf(Reference)
        case sum([String], equals: Reference)
        case difference(String, String, equals: Reference)
        case ratio(String, String)
        /// A figure with no layer: stated only.
        case stated
    }

    /// What a percent-of or an `equals` refers to.
    public enum Reference: Sendable, Hashable {
        case claim(String)
        case layer(String)
        case figure(StatedFigure)
    }

    public var id: String
    /// The plan's sentence, kept for the report.
    public var text: String?
    /// The role of a project layer (after `version` is applied, see above).
    public var layer: String?
    public var whereClause: String?
    public var version: String?
    /// The stated figure (for sums and differences: the stated result).
    public var figure: StatedFigure?
    public var check: Check
    /// The claim's own tolerance; nil uses the file's.
    public var tolerance: Tolerance?
    /// Line in the claims file (1-based).
    public var line: Int

    /// "area", "length", "count", "percent", "sum", "difference" or "ratio".
    public var kindName: String {
        switch check {
        case .measure, .stated, .percentOf: return figure?.kind.rawValue ?? "figure"
        case .sum: return "sum"
        case .difference: return "difference"
        case .ratio: return "ratio"
        }
    }

    public var isArithmetic: Bool {
        switch check {
        case .sum, .difference, .ratio: return true
        default: return false
        }
    }
}

/// A claims file: its default tolerances and its claims in file order.
public struct ClaimsFile: Sendable {
    public var path: String
    public var tolerance: ToleranceDefaults
    public var claims: [Claim]

    public func claim(_ id: String) -> Claim? { claims.first { $0.id == id } }

    /// Reads a claims file. Every problem is a `GeoKitError` of kind `.input` naming the file and, where
    /// it concerns one claim, the claim's id and line.
    public static func load(_ path: String) throws -> ClaimsFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw GeoKitError(.input, "no such file or directory", file: path)
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw GeoKitError(.input, "the claims file is not readable UTF-8 text", file: path)
        }
        return try parse(text, path: path)
    }

    /// Parses the text of a claims file; `path` is used in messages.
    public static func parse(_ text: String, path: String) throws -> ClaimsFile {
        func fail(_ message: String) -> GeoKitError { GeoKitError(.input, message, file: path) }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw fail("the claims file is not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let top = root?.mapping else { throw fail("the claims file must be a YAML mapping with a 'claims' list") }
        let topPairs = pairs(top)
        var defaults = ToleranceDefaults.standard
        if let t = topPairs.first(where: { $0.0 == "tolerance" })?.1 {
            defaults = try parseDefaults(t, fail: fail)
        }
        guard let list = topPairs.first(where: { $0.0 == "claims" })?.1 else { throw fail("the claims file has no 'claims' list") }
        guard let items = list.sequence else { throw fail("'claims' must be a list") }

        var claims: [Claim] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let line = (item.mark?.line ?? 0)
            guard let map = item.mapping else { throw fail("claim \(index + 1) (line \(line)) must be a mapping with an 'id'") }
            let claim = try parseClaim(pairs(map), index: index, line: line, fail: fail)
            if !seen.insert(claim.id).inserted { throw fail("claim '\(claim.id)' (line \(line)): the id is used twice") }
            claims.append(claim)
        }
        let file = ClaimsFile(path: path, tolerance: defaults, claims: claims)
        try file.checkReferences()
        return file
    }

    static func pairs(_ map: Node.Mapping) -> [(String, Node)] {
        map.compactMap { k, v in k.string.map { ($0, v) } }
    }

    static func isNull(_ n: Node) -> Bool {
        guard let s = n.scalar else { return false }
        return n.null != nil || ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    static func parseDefaults(_ node: Node, fail: (String) -> GeoKitError) throws -> ToleranceDefaults {
        func tol(_ n: Node, _ key: String) throws -> Tolerance {
            guard let s = n.string else { throw fail("'\(key)' must be a tolerance such as 1% or 0.05 km2") }
            switch Tolerance.parse(s) {
            case .success(let t): return t
            case .failure(let e): throw fail(e.message)
            }
        }
        if let map = node.mapping {
            var d = ToleranceDefaults.standard
            for (k, v) in pairs(map) {
                let t = try tol(v, "tolerance." + k)
                switch k {
                case "area": d.area = t
                case "length": d.length = t
                case "count": d.count = t
                case "percent": d.percent = t
                case "arithmetic": d.arithmetic = t
                case "measured", "default": d = ToleranceDefaults(measured: t, arithmetic: d.arithmetic)
                default: throw fail("unknown tolerance kind '\(k)' (kinds: area, length, count, percent, arithmetic)")
                }
            }
            return d
        }
        return ToleranceDefaults(measured: try tol(node, "tolerance"))
    }

    static let figureKeys: [(String, FigureKind)] = [("area", .area), ("length", .length), ("count", .count), ("percent", .percent)]
    static let knownKeys: Set<String> = ["id", "text", "layer", "where", "version", "area", "length", "count", "percent",
                                          "percent-of", "sum", "difference", "ratio", "equals", "tolerance", "note", "page", "source"]

    static func parseClaim(_ kv: [(String, Node)], index: Int, line: Int, fail: (String) -> GeoKitError) throws -> Claim {
        func value(_ key: String) -> Node? {
            guard let n = kv.first(where: { $0.0 == key })?.1, !isNull(n) else { return nil }
            return n
        }
        guard let idNode = value("id"), let id = idNode.string, !id.isEmpty else {
            throw fail("claim \(index + 1) (line \(line)) has no 'id'")
        }
        func bad(_ message: String) -> GeoKitError { fail("claim '\(id)' (line \(line)): \(message)") }
        for (k, _) in kv where !knownKeys.contains(k) {
            throw bad("unknown key '\(k)'")
        }
        func text(_ key: String) throws -> String? {
            guard let n = value(key) else { return nil }
            guard let s = n.string else { throw bad("'\(key)' must be a single value") }
            return s
        }
        func list(_ key: String) throws -> [String]? {
            guard let n = value(key) else { return nil }
            guard let seq = n.sequence else { throw bad("'\(key)' must be a list of claim ids") }
            return try seq.map { item in
                guard let s = item.string, !s.isEmpty else { throw bad("'\(key)' must be a list of claim ids") }
                return s
            }
        }
        // The stated figure.
        var figure: StatedFigure?
        for (key, kind) in figureKeys {
            guard let raw = try text(key) else { continue }
            if figure != nil { throw bad("states more than one figure (area, length, count, percent: pick one)") }
            let defaultUnit: ClaimUnit? = kind == .percent ? .percent : kind == .count ? .count : nil
            switch StatedFigure.parse(raw, defaultUnit: defaultUnit) {
            case .success(let f):
                guard f.kind == kind else { throw bad("'\(key): \(raw)' has a unit of \(f.kind.rawValue), not of \(kind.rawValue)") }
                figure = f
            case .failure(let e): throw bad(e.message)
            }
        }
        var tolerance: Tolerance?
        if let t = try text("tolerance") {
            switch Tolerance.parse(t) {
            case .success(let x): tolerance = x
            case .failure(let e): throw bad(e.message)
            }
        }
        func reference(_ raw: String) -> Claim.Reference {
            if let f = try? StatedFigure.parse(raw, defaultUnit: nil).get() { return .figure(f) }
            return .claim(raw)  // a claim id or a layer role: decided against the file and the project
        }
        let layer = try text("layer"), whereClause = try text("where"), version = try text("version")
        let check: Claim.Check
        if let ids = try list("sum") {
            guard !ids.isEmpty else { throw bad("'sum' names no claims") }
            let eq = try text("equals").map(reference) ?? figure.map { .figure($0) }
            guard let eq else { throw bad("'sum' needs 'equals' (a claim id or a figure such as 1823 km2)") }
            check = .sum(ids, equals: eq)
        } else if let ids = try list("difference") {
            guard ids.count == 2 else { throw bad("'difference' takes two claim ids [A, B] (A − B)") }
            let eq = try text("equals").map(reference) ?? figure.map { .figure($0) }
            guard let eq else { throw bad("'difference' needs 'equals' (a claim id or a figure)") }
            check = .difference(ids[0], ids[1], equals: eq)
        } else if let ids = try list("ratio") {
            guard ids.count == 2 else { throw bad("'ratio' takes two claim ids [PART, WHOLE]") }
            guard figure?.kind == .percent else { throw bad("'ratio' needs the stated 'percent'") }
            check = .ratio(ids[0], ids[1])
        } else if let of = try text("percent-of") {
            guard figure?.kind == .percent else { throw bad("'percent-of' needs the stated 'percent'") }
            guard layer != nil else { throw bad("'percent-of' needs the 'layer' whose area is the part") }
            check = .percentOf(reference(of))
        } else if let figure {
            if layer != nil {
                if figure.kind == .percent { throw bad("a percent needs 'percent-of' (a layer's share) or 'ratio' (stated figures)") }
                check = .measure
            } else {
                check = .stated
            }
        } else {
            throw bad("states no figure (area, length, count or percent) and no check (sum, difference, ratio)")
        }
        if whereClause != nil || version != nil, layer == nil {
            throw bad("'where' and 'version' need a 'layer'")
        }
        if case .sum = check, layer != nil { throw bad("an arithmetic claim takes no 'layer'") }
        if case .difference = check, layer != nil { throw bad("an arithmetic claim takes no 'layer'") }
        if case .ratio = check, layer != nil { throw bad("an arithmetic claim takes no 'layer'") }
        return Claim(id: id, text: try text("text"), layer: layer, whereClause: whereClause, version: version,
                     figure: figure, check: check, tolerance: tolerance, line: line)
    }

    /// Every id an arithmetic claim names exists and states a figure; there are no cycles.
    func checkReferences() throws {
        let ids = Set(claims.map(\.id))
        func fail(_ c: Claim, _ message: String) -> GeoKitError {
            GeoKitError(.input, "claim '\(c.id)' (line \(c.line)): \(message)", file: path)
        }
        for c in claims {
            var named: [String] = []
            switch c.check {
            case .sum(let xs, let eq): named = xs; if case .claim(let e) = eq { named.append(e) }
            case .difference(let a, let b, let eq): named = [a, b]; if case .claim(let e) = eq { named.append(e) }
            case .ratio(let a, let b): named = [a, b]
            default: break
            }
            for n in named {
                guard ids.contains(n) else { throw fail(c, "names no claim '\(n)'") }
                if n == c.id { throw fail(c, "names itself") }
            }
        }
        // Cycles through arithmetic references.
        var state: [String: Int] = [:]
        func visit(_ id: String, _ from: Claim) throws {
            if state[id] == 2 { return }
            if state[id] == 1 { throw fail(from, "its figures refer to each other in a cycle through '\(id)'") }
            state[id] = 1
            if let c = claim(id) {
                switch c.check {
                case .sum(let xs, let eq): for x in xs { try visit(x, c) }; if case .claim(let e) = eq { try visit(e, c) }
                case .difference(let a, let b, let eq): try visit(a, c); try visit(b, c); if case .claim(let e) = eq { try visit(e, c) }
                case .ratio(let a, let b): try visit(a, c); try visit(b, c)
                case .percentOf(.claim(let e)) where ids.contains(e): try visit(e, c)
                default: break
                }
            }
            state[id] = 2
        }
        for c in claims { try visit(c.id, c) }
    }
}
