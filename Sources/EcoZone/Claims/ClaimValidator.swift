import Foundation
import GeoKit

/// Evaluates claims with memoised results and measurements: the shared state, the checks done
/// before anything is measured (`prepare`), and the judgement every evaluator ends with. Measuring is in
/// ClaimMeasurements; each kind of check has its evaluator (ClaimMeasureCheck, ClaimShareCheck,
/// ClaimSumCheck, ClaimDifferenceCheck, ClaimRatioCheck).
final class ClaimValidator {
    let project: Project
    let file: ClaimsFile
    let workers: Int
    /// Where layers come from: each source read once, a claim's filter applied to that read.
    let store: LayerStore
    /// Role and request per measured claim id, resolved by `prepare`.
    var requests: [String: (role: String, request: LayerRequest)] = [:]
    /// percent-of references to layers, resolved by `prepare`.
    var shareLayers: [String: LayerRequest] = [:]
    var results: [String: ClaimResult] = [:]
    var layers: [LayerRequest: Result<StoredLayer, MeasureError>] = [:]
    var areas: [LayerRequest: Result<Area, MeasureError>] = [:]
    var lengths: [LayerRequest: Result<Double, MeasureError>] = [:]
    /// Claims measured on a raster layer (``Claim/cells``), resolved by `prepare`.
    var rasterClaims: [String: RasterClaim] = [:]
    /// percent-of references to raster layers (their data cells, within the claim's `inside`).
    var shareRasters: [String: RasterClaim] = [:]
    /// `inside:` of claims on vector layers: the polygons' layer, resolved by `prepare`.
    var insides: [String: (name: String, request: LayerRequest)] = [:]
    /// Class or band areas (m²) of a raster within a zone, per (raster, zone, breaks).
    var rasterTallies: [RasterClaim.Key: Result<RasterClaim.Tally, MeasureError>] = [:]

    struct MeasureError: Error {
        var message: String
        init(message: String) { self.message = message }
        /// A layer's error in one sentence, its remedy worded for the project file the layer comes from.
        init(_ error: any Error) {
            message = (error as? GeoKitError)?.projectFileSentence ?? String(describing: error)
        }
    }

    init(project: Project, file: ClaimsFile, workers: Int, store: LayerStore) {
        self.project = project
        self.file = file
        self.workers = workers
        self.store = store
    }

    func bad(_ c: Claim, _ message: String) -> GeoKitError {
        GeoKitError(.input, "claim '\(c.id)' (line \(c.line)): \(message)", file: file.path)
    }

    /// Resolves roles, versions and references; checks units and tolerances. Throws bad input.
    func prepare() throws {
        let roles = (project.layerNames + project.rasters.map(\.name)).joined(separator: ", ")
        for c in file.claims {
            let insideLayer: (name: String, request: LayerRequest)?
            if let inside = c.inside {
                guard let l = project.layer(inside) else {
                    throw bad(c, "'inside: \(inside)' names no vector layer of the project (roles: \(roles))")
                }
                insideLayer = (l.name, l.request)
            } else {
                insideLayer = nil
            }
            if let role = c.layer, let raster = project.raster(named: role) {
                try prepareRaster(c, raster, inside: insideLayer)
            } else if let role = c.layer {
                if let cells = c.cells {
                    throw bad(c, "'\(cells.key)' selects cells of a raster layer; '\(role)' is \(project.layer(role) == nil ? "no layer of the project" : "a vector layer")")
                }
                if let insideLayer { insides[c.id] = insideLayer }
                guard let base = project.layer(role) else {
                    throw bad(c, "the project \(project.path) has no layer with role '\(role)' (roles: \(roles))")
                }
                var spec = base
                var extra: String?
                if let v = c.version {
                    if let versioned = project.layer("\(role)-\(v)") {
                        spec = versioned
                    } else if let field = base.field("version") {
                        extra = "\"\(field)\" = '\(v.replacingOccurrences(of: "'", with: "''"))'"
                    } else {
                        throw bad(c, "no version '\(v)' of layer '\(role)': the project has no role '\(role)-\(v)' and names no 'version' field for '\(role)'")
                    }
                }
                var request = spec.request
                let filters = [spec.whereClause, extra, c.whereClause].compactMap { $0 }.filter { !$0.isEmpty }
                request.whereClause = filters.isEmpty ? nil : filters.count == 1 ? filters[0] : filters.map { "(\($0))" }.joined(separator: " AND ")
                requests[c.id] = (spec.name, request)
            }
            if case .percentOf(.claim(let name)) = c.check, file.claim(name) == nil, let raster = project.raster(named: name) {
                shareRasters[c.id] = RasterClaim(raster: raster, cells: nil, inside: insideLayer)
            } else if case .percentOf(.claim(let name)) = c.check, file.claim(name) == nil {
                guard let spec = project.layer(name) else {
                    throw bad(c, "'percent-of: \(name)' names neither a claim nor a layer role of the project (roles: \(roles))")
                }
                shareLayers[c.id] = spec.request
            }
            if case .percentOf(.claim(let name)) = c.check, let other = file.claim(name), let f = figure(of: other), f.kind != .area {
                throw bad(c, "'percent-of: \(name)' names a claim stating a \(f.kind.rawValue), not an area")
            }
            if case .percentOf(.figure(let f)) = c.check, f.kind != .area {
                throw bad(c, "'percent-of' needs an area, not a \(f.kind.rawValue)")
            }
            // Operands of arithmetic share a kind.
            let operands: [String]
            var result: StatedFigure?
            switch c.check {
            case .sum(let ids, let eq): operands = ids; result = try figure(eq, for: c)
            case .difference(let a, let b, let eq): operands = [a, b]; result = try figure(eq, for: c)
            case .ratio(let a, let b): operands = [a, b]
            default: operands = []
            }
            var kinds: [FigureKind] = []
            for id in operands {
                guard let f = figure(of: file.claim(id)!) else { throw bad(c, "claim '\(id)' states no figure to compute with") }
                kinds.append(f.kind)
            }
            if let r = result { kinds.append(r.kind) }
            if Set(kinds).count > 1 {
                throw bad(c, "mixes figures of different kinds (\(kinds.map(\.rawValue).joined(separator: ", ")))")
            }
            if let f = c.figure ?? result, let t = tolerance(c), t.allowance(stated: f.value, unit: f.unit) == nil {
                throw bad(c, "tolerance '\(t.text)' is in \(t.unit!.rawValue), which does not apply to a \(f.kind.rawValue)")
            }
        }
    }

    func tolerance(_ c: Claim) -> Tolerance? {
        if let t = c.tolerance { return t }
        if c.isArithmetic { return file.tolerance.arithmetic }
        guard let f = c.figure else { return nil }
        return file.tolerance.forMeasured(f.kind)
    }

    /// The figure a claim states (for sums and differences without one of their own: the figure of `equals`).
    func figure(of c: Claim) -> StatedFigure? {
        if let f = c.figure { return f }
        switch c.check {
        case .sum(_, let eq), .difference(_, _, let eq): return try? figure(eq, for: c)
        default: return nil
        }
    }

    func figure(_ r: Claim.Reference, for c: Claim) throws -> StatedFigure? {
        switch r {
        case .figure(let f): return f
        case .claim(let id):
            guard let other = file.claim(id) else { throw bad(c, "names no claim '\(id)'") }
            return figure(of: other)
        case .layer: return nil
        }
    }

    // MARK: evaluating

    func result(_ id: String) -> ClaimResult {
        if let r = results[id] { return r }
        let c = file.claim(id)!
        let r = evaluate(c)
        results[id] = r
        return r
    }

    func base(_ c: Claim) -> ClaimResult {
        let f = c.figure
        var r = ClaimResult(id: c.id, text: c.text, kind: c.kindName, status: .unchecked, stated: f?.value, statedText: f?.display,
                            unit: f?.unit.rawValue, tolerance: tolerance(c)?.text)
        if let req = requests[c.id] {
            r.layer = req.role
            r.whereClause = req.request.whereClause
            if let inside = insides[c.id] { r.selection = "inside \(inside.name)" }
        }
        if let rc = rasterClaims[c.id] {
            r.layer = rc.raster.name
            r.selection = rc.description
        }
        return r
    }

    func evaluate(_ c: Claim) -> ClaimResult {
        var r = base(c)
        switch c.check {
        case .stated:
            r.message = "stated figure: no layer to measure"
            return r
        case .measure: return measured(c, r)
        case .percentOf(let ref): return share(c, r, of: ref)
        case .sum(let ids, let eq): return sum(c, r, of: ids, equals: eq)
        case .difference(let a, let b, let eq): return difference(c, r, a, minus: b, equals: eq)
        case .ratio(let a, let b): return ratio(c, r, a, over: b)
        }
    }

    func error(_ r: ClaimResult, _ message: String) -> ClaimResult {
        var r = r
        r.status = .error
        r.message = message
        return r
    }

    /// "=", "≈" or "≠ 1823" and the stated side, e.g. "≠ 1823", "= 13.04 %", "≥ 320 (met)".
    func relation(_ r: ClaimResult, computedText: String, stated f: StatedFigure) -> String {
        let s = (f.cumulative ? "[\(f.literal)]" : f.literal) + (f.unit == .percent ? " %" : "")
        if f.qualifier != .equal {
            return r.status == .pass ? "meets \(f.qualifier.rawValue)\(s)" : "fails \(f.qualifier.rawValue)\(s)"
        }
        if r.status == .fail { return "≠ " + s }
        let decimals = computedText.split(separator: ".").dropFirst().first?.count ?? 0
        return (computedText == NumberText.fixed(f.value, decimals) ? "= " : "≈ ") + s
    }

    /// Compares a computed value (in the stated unit) with the stated figure.
    func judge(_ r: ClaimResult, _ c: Claim, stated f: StatedFigure, computed x: Double, slack: Double) -> ClaimResult {
        var r = r
        let t = tolerance(c) ?? .zero
        let allowed = (t.allowance(stated: f.value, unit: f.unit) ?? 0) + f.roundingHalfWidth + slack
        let s = f.value
        let ok: Bool
        switch f.qualifier {
        case .equal: ok = abs(x - s) <= allowed * (1 + 1e-12)
        case .atLeast: ok = x >= s - allowed
        case .greater: ok = x > s - allowed
        case .atMost: ok = x <= s + allowed
        case .less: ok = x < s + allowed
        }
        r.status = ok ? .pass : .fail
        r.computed = x
        r.difference = x - s
        r.relative = s != 0 ? (x - s) / s : nil
        r.allowed = allowed
        r.tolerance = t.text
        return r
    }
}

/// Measures that claims need beyond areas.
