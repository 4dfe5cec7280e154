import Foundation
import GeoKit

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
/// Beside `claims:`, a file may state the plan's indicator table under `indicators:` (``Indicator``,
/// read by ``IndicatorsSection``, checked by ``IndicatorChecker``), with a default `period:`.
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
    /// The cells of a raster layer a claim measures (`classes: [1, 2]`, `slope: [25, 90]`,
    /// `elevation: [1000, ~]`, `values: [0.5, ~]`); nil: every data cell of a raster, or a vector layer.
    public var cells: CellSelection?
    /// The layer whose polygons the measure is restricted to (`inside: boundary`): a raster's cells
    /// within them, a vector layer's area, length or count inside them.
    public var inside: String?
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
    public var claims: [Claim] { didSet { index = Self.index(claims) } }
    /// The plan's indicator table (`indicators:`, ``Indicator``), in file order.
    public var indicators: [Indicator]
    /// Claim id → position in `claims` (the first claim with that id).
    private var index: [String: Int]

    public init(path: String, tolerance: ToleranceDefaults, claims: [Claim], indicators: [Indicator] = []) {
        self.path = path
        self.tolerance = tolerance
        self.claims = claims
        self.indicators = indicators
        index = Self.index(claims)
    }

    private static func index(_ claims: [Claim]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, c) in claims.enumerated() where index[c.id] == nil { index[c.id] = i }
        return index
    }

    public func claim(_ id: String) -> Claim? { index[id].map { claims[$0] } }

    /// Bounds on what a claims file makes EcoZone check and compute (beyond ``YAMLDocument``'s size,
    /// depth and alias limits): how many claims, how many ids one `sum` adds, and how long a chain of
    /// claims naming claims (a sum of sums, a share of a share …) may be.
    public enum Limits {
        public static let claims = 20_000
        public static let sumTerms = 1_000
        public static let chain = 64
    }

    /// Reads a claims file. Every problem is a `GeoKitError` of kind `.input` naming the file and, where
    /// it concerns one claim, the claim's id and line.
    public static func load(_ path: String) throws -> ClaimsFile {
        try read(try YAMLDocument.load(path, kind: "claims file"))
    }

    /// Parses the text of a claims file; `path` is used in messages.
    public static func parse(_ text: String, path: String) throws -> ClaimsFile {
        try read(try YAMLDocument.parse(text, path: path, kind: "claims file"))
    }

    static func read(_ doc: YAMLDocument) throws -> ClaimsFile {
        let path = doc.path
        func fail(_ message: String) -> GeoKitError { GeoKitError(.input, message, file: path) }
        guard let top = doc.root, top.pairs != nil else { throw fail("the claims file must be a YAML mapping with a 'claims' list") }
        var defaults = ToleranceDefaults.standard
        if let t = top["tolerance"], !t.isNull {
            defaults = try parseDefaults(t, fail: { doc.error($0, at: $1) })
        }
        // A file may state indicators only.
        let hasIndicators = top["indicators"].map { !$0.isNull } ?? false
        guard let list = top["claims"] ?? (hasIndicators ? YAMLNode(content: .sequence([]), line: 1, column: 1, size: 1) : nil) else {
            throw fail("the claims file has no 'claims' list")
        }
        guard let items = list.items else { throw doc.error("'claims' must be a list", at: list) }
        guard items.count <= Limits.claims else {
            throw doc.error("the claims file lists \(items.count) claims; EcoZone checks at most \(Limits.claims) in one file", at: list)
        }

        var claims: [Claim] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let line = item.line
            guard let map = item.pairs else { throw fail("claim \(index + 1) (line \(line)) must be a mapping with an 'id'") }
            let claim = try parseClaim(map, index: index, line: line, fail: fail)
            if !seen.insert(claim.id).inserted { throw fail("claim '\(claim.id)' (line \(line)): the id is used twice") }
            claims.append(claim)
        }
        var file = ClaimsFile(path: path, tolerance: defaults, claims: claims)
        try file.checkReferences()
        file.indicators = try IndicatorsSection.read(top, doc: doc, claims: file)
        return file
    }

    static func parseDefaults(_ node: YAMLNode, fail: (String, YAMLNode) -> GeoKitError) throws -> ToleranceDefaults {
        func tol(_ n: YAMLNode, _ key: String) throws -> Tolerance {
            guard let s = n.text else { throw fail("'\(key)' must be a tolerance such as 1% or 0.05 km2", n) }
            switch Tolerance.parse(s) {
            case .success(let t): return t
            case .failure(let e): throw fail(e.message, n)
            }
        }
        if let map = node.pairs {
            var d = ToleranceDefaults.standard
            for pair in map {
                let t = try tol(pair.value, "tolerance." + pair.name)
                switch pair.name {
                case "area": d.area = t
                case "length": d.length = t
                case "count": d.count = t
                case "percent": d.percent = t
                case "arithmetic": d.arithmetic = t
                case "measured", "default": d = ToleranceDefaults(measured: t, arithmetic: d.arithmetic)
                default: throw fail("unknown tolerance kind '\(pair.name)' (kinds: area, length, count, percent, arithmetic)", pair.key)
                }
            }
            return d
        }
        return ToleranceDefaults(measured: try tol(node, "tolerance"))
    }

    static let figureKeys: [(String, FigureKind)] = [("area", .area), ("length", .length), ("count", .count), ("percent", .percent)]
    static let knownKeys: Set<String> = ["id", "text", "layer", "where", "version", "area", "length", "count", "percent",
                                          "percent-of", "sum", "difference", "ratio", "equals", "tolerance", "note", "page", "source",
                                          "classes", "slope", "elevation", "values", "inside"]

    static func parseClaim(_ kv: [YAMLPair], index: Int, line: Int, fail: (String) -> GeoKitError) throws -> Claim {
        func value(_ key: String) -> YAMLNode? {
            guard let n = kv.first(where: { $0.name == key })?.value, !n.isNull else { return nil }
            return n
        }
        guard let idNode = value("id"), let id = idNode.text, !id.isEmpty else {
            throw fail("claim \(index + 1) (line \(line)) has no 'id'")
        }
        func bad(_ message: String) -> GeoKitError { fail("claim '\(id)' (line \(line)): \(message)") }
        for pair in kv where !knownKeys.contains(pair.name) {
            throw bad("unknown key '\(pair.name)'")
        }
        func text(_ key: String) throws -> String? {
            guard let n = value(key) else { return nil }
            guard let s = n.text else { throw bad("'\(key)' must be a single value") }
            return s
        }
        func list(_ key: String) throws -> [String]? {
            guard let n = value(key) else { return nil }
            guard let seq = n.items else { throw bad("'\(key)' must be a list of claim ids") }
            return try seq.map { item in
                guard let s = item.text, !s.isEmpty else { throw bad("'\(key)' must be a list of claim ids") }
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
            guard ids.count <= Limits.sumTerms else { throw bad("'sum' adds \(ids.count) claims; at most \(Limits.sumTerms)") }
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
        var cells: CellSelection?
        for key in ["classes", "slope", "elevation", "values"] {
            guard let n = value(key) else { continue }
            if cells != nil { throw bad("selects cells twice (classes, slope, elevation, values: pick one)") }
            switch CellSelection.parse(key, n) {
            case .success(let x): cells = x
            case .failure(let e): throw bad(e.message)
            }
        }
        let inside = try text("inside")
        if cells != nil || inside != nil, layer == nil {
            throw bad("'\(cells != nil ? cells!.key : "inside")' needs a 'layer'")
        }
        if case .sum = check, layer != nil { throw bad("an arithmetic claim takes no 'layer'") }
        if case .difference = check, layer != nil { throw bad("an arithmetic claim takes no 'layer'") }
        if case .ratio = check, layer != nil { throw bad("an arithmetic claim takes no 'layer'") }
        return Claim(id: id, text: try text("text"), layer: layer, whereClause: whereClause, version: version, cells: cells, inside: inside,
                     figure: figure, check: check, tolerance: tolerance, line: line)
    }

    /// Every id an arithmetic claim names exists; no claim names itself; there are no cycles; and no
    /// chain of claims naming claims is longer than ``Limits/chain`` (validation follows such chains
    /// one call deep per link). Walked with an explicit stack, in file order.
    func checkReferences() throws {
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
                guard index[n] != nil else { throw fail(c, "names no claim '\(n)'") }
                if n == c.id { throw fail(c, "names itself") }
            }
        }
        /// The claims a claim's figures are computed from, in the order validation reads them.
        func references(_ c: Claim) -> [Int] {
            var ids: [String] = []
            switch c.check {
            case .sum(let xs, let eq): ids = xs; if case .claim(let e) = eq { ids.append(e) }
            case .difference(let a, let b, let eq): ids = [a, b]; if case .claim(let e) = eq { ids.append(e) }
            case .ratio(let a, let b): ids = [a, b]
            case .percentOf(.claim(let e)): ids = [e]
            default: break
            }
            return ids.compactMap { index[$0] }
        }
        // Depth-first, colouring 1 (on the path) and 2 (done); depth = claims in the longest chain from here.
        var state = [UInt8](repeating: 0, count: claims.count)
        var depth = [Int](repeating: 1, count: claims.count)
        for start in claims.indices where state[start] == 0 {
            var stack: [(claim: Int, refs: [Int], next: Int)] = [(start, references(claims[start]), 0)]
            state[start] = 1
            while let top = stack.last {
                if top.next < top.refs.count {
                    stack[stack.count - 1].next += 1
                    let r = top.refs[top.next]
                    switch state[r] {
                    case 1: throw fail(claims[top.claim], "its figures refer to each other in a cycle through '\(claims[r].id)'")
                    case 2: depth[top.claim] = max(depth[top.claim], depth[r] + 1)
                    default:
                        state[r] = 1
                        stack.append((r, references(claims[r]), 0))
                    }
                } else {
                    stack.removeLast()
                    state[top.claim] = 2
                    if depth[top.claim] > Limits.chain {
                        throw fail(claims[top.claim], "its figures come from a chain of \(depth[top.claim]) claims, each naming the next; at most \(Limits.chain)")
                    }
                    if let parent = stack.last { depth[parent.claim] = max(depth[parent.claim], depth[top.claim] + 1) }
                }
            }
        }
    }
}
