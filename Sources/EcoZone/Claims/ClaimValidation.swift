import Foundation
import GeoKit

/// The outcome of one claim.
public struct ClaimResult: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable {
        /// The computed value agrees with the stated one within the tolerance.
        case pass
        /// It does not.
        case fail
        /// The claim could not be checked: the layer is missing or unreadable, the filter matches nothing,
        /// a claim it depends on has an error …; `message` says which.
        case error
        /// A stated figure without a layer: nothing to measure (sums and ratios may still use it).
        case unchecked
    }

    public var id: String
    public var text: String?
    /// area, length, count, percent, sum, difference, ratio.
    public var kind: String
    public var status: Status
    /// The stated value in `unit` (for a sum or difference, the stated result).
    public var stated: Double?
    /// The stated value as the plan writes it: "≥320 ha", "[261] ha", "13.04 %".
    public var statedText: String?
    public var computed: Double?
    /// km2, m2, ha, mu, 万亩, km, m, % or count; differences of percentages are in percentage points.
    public var unit: String?
    /// computed − stated, in `unit`.
    public var difference: Double?
    /// (computed − stated) / stated, a fraction.
    public var relative: Double?
    /// The tolerance applied, as written ("1%", "0.05 pt"), and the allowed difference in `unit`
    /// (tolerance plus the rounding of the written figures).
    public var tolerance: String?
    public var allowed: Double?
    /// The arithmetic written out: "127.45 + 131.6 + … = 1731.61 ≠ 1823 (−91.39, −5.01 %)".
    public var arithmetic: String?
    /// Why a claim has an error, or a remark.
    public var message: String?
    /// The project role measured, and the filter applied (claim's and layer's `where` combined).
    public var layer: String?
    public var whereClause: String?
    /// Features measured.
    public var features: Int?

    enum CodingKeys: String, CodingKey {
        case id, text, kind, status, stated, computed, unit, difference, relative, tolerance, allowed, arithmetic, message, layer, features
        case statedText = "stated_text"
        case whereClause = "where"
    }
}

/// Every claim of a claims file checked against a project (`ecozone validate`).
public struct ValidationReport: Sendable, Codable {
    public var project: String
    public var projectName: String?
    public var claimsFile: String
    /// Default tolerance of measured claims, as written.
    public var tolerance: String
    public var claims: [ClaimResult]
    public var passed: Int
    public var failed: Int
    public var errors: Int
    public var unchecked: Int

    /// True when no claim fails and none has an error.
    public var allPass: Bool { failed == 0 && errors == 0 }

    enum CodingKeys: String, CodingKey {
        case project, tolerance, claims, passed, failed, errors, unchecked
        case projectName = "project_name"
        case claimsFile = "claims_file"
    }
}

extension ValidationReport {
    /// Checks every claim of `claims` against `project`.
    ///
    /// Throws (`GeoKitError`, kind `.input`) only for bad input found before anything is measured: a
    /// claim naming a layer role the project lacks, a version that cannot be resolved, a tolerance in a
    /// unit of the wrong kind, a sum of figures of different kinds. Everything that goes wrong while
    /// measuring one claim (unreadable source, a filter matching nothing, a line measure on polygons …)
    /// becomes that claim's `error` and the others are still checked. Each (layer, filter) is read and
    /// measured once.
    public static func validate(project: Project, claims: ClaimsFile, workers: Int = GeoKit.Parallel.workerCount) throws -> ValidationReport {
        let v = Validator(project: project, file: claims, workers: workers)
        try v.prepare()
        var results: [ClaimResult] = []
        for c in claims.claims { results.append(v.result(c.id)) }
        return ValidationReport(
            project: project.path, projectName: project.name, claimsFile: claims.path, tolerance: claims.tolerance.area.text,
            claims: results, passed: results.filter { $0.status == .pass }.count, failed: results.filter { $0.status == .fail }.count,
            errors: results.filter { $0.status == .error }.count, unchecked: results.filter { $0.status == .unchecked }.count)
    }
}

/// Evaluates claims with memoised results and measurements.
private final class Validator {
    let project: Project
    let file: ClaimsFile
    let workers: Int
    /// Role and request per measured claim id, resolved by `prepare`.
    var requests: [String: (role: String, request: LayerRequest)] = [:]
    /// percent-of references to layers, resolved by `prepare`.
    var shareLayers: [String: LayerRequest] = [:]
    var results: [String: ClaimResult] = [:]
    var layers: [LayerRequest: Result<LoadedLayer, MeasureError>] = [:]
    var areas: [LayerRequest: Result<Double, MeasureError>] = [:]
    var lengths: [LayerRequest: Result<Double, MeasureError>] = [:]

    struct MeasureError: Error { var message: String }

    init(project: Project, file: ClaimsFile, workers: Int) {
        self.project = project
        self.file = file
        self.workers = workers
    }

    func bad(_ c: Claim, _ message: String) -> GeoKitError {
        GeoKitError(.input, "claim '\(c.id)' (line \(c.line)): \(message)", file: file.path)
    }

    /// Resolves roles, versions and references; checks units and tolerances. Throws bad input.
    func prepare() throws {
        let roles = project.layerNames.joined(separator: ", ")
        for c in file.claims {
            if let role = c.layer {
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
            if case .percentOf(.claim(let name)) = c.check, file.claim(name) == nil {
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

    // MARK: measuring

    func load(_ request: LayerRequest) -> Result<LoadedLayer, MeasureError> {
        if let r = layers[request] { return r }
        let r: Result<LoadedLayer, MeasureError>
        do {
            let l = try LoadedLayer.load(request)
            if l.features.isEmpty, let w = request.whereClause {
                r = .failure(MeasureError(message: "the filter \(w) matches no feature of \(request.source)"))
            } else {
                r = .success(l)
            }
        } catch {
            r = .failure(MeasureError(message: String(describing: error)))
        }
        layers[request] = r
        return r
    }

    /// Ellipsoidal area in m².
    func area(_ request: LayerRequest) -> Result<Double, MeasureError> {
        if let r = areas[request] { return r }
        let r = load(request).flatMap { layer -> Result<Double, MeasureError> in
            do { return .success(try AreaReport.measure(layer, unit: .squareMetres, workers: workers).total) } catch {
                return .failure(MeasureError(message: String(describing: error)))
            }
        }
        areas[request] = r
        return r
    }

    /// Geodesic length in m on CGCS2000.
    func length(_ request: LayerRequest) -> Result<Double, MeasureError> {
        if let r = lengths[request] { return r }
        let r = load(request).flatMap { layer -> Result<Double, MeasureError> in
            do { return .success(try ClaimMeasures.geodesicLength(layer)) } catch {
                return .failure(MeasureError(message: String(describing: error)))
            }
        }
        lengths[request] = r
        return r
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
        }
        return r
    }

    func evaluate(_ c: Claim) -> ClaimResult {
        var r = base(c)
        switch c.check {
        case .stated:
            r.message = "stated figure: no layer to measure"
            return r
        case .measure:
            let f = c.figure!
            let req = requests[c.id]!.request
            let measured: Result<Double, MeasureError>
            switch f.kind {
            case .area: measured = area(req).map { ClaimUnit.m2.convert($0, to: f.unit) }
            case .length: measured = length(req).map { ClaimUnit.m.convert($0, to: f.unit) }
            case .count: measured = load(req).map { Double($0.features.count) }
            case .percent: fatalError("percent claims are percent-of or ratio")
            }
            if case .success(let l) = load(req) { r.features = l.features.count }
            switch measured {
            case .failure(let e): return error(r, e.message)
            case .success(let x): return judge(r, c, stated: f, computed: x, slack: 0)
            }
        case .percentOf(let ref):
            let f = c.figure!
            let req = requests[c.id]!.request
            if case .success(let l) = load(req) { r.features = l.features.count }
            let part: Double
            switch area(req) {
            case .failure(let e): return error(r, e.message)
            case .success(let x): part = x
            }
            var whole: Double
            var wholeName: String
            switch ref {
            case .figure(let w):
                whole = w.unit.convert(w.value, to: .m2); wholeName = w.display
            case .layer(let role):
                guard let req = project.layer(role)?.request else { return error(r, "no layer '\(role)'") }
                switch area(req) {
                case .failure(let e): return error(r, e.message)
                case .success(let x): whole = x
                }
                wholeName = role
            case .claim(let name):
                if let req = shareLayers[c.id] {
                    switch area(req) {
                    case .failure(let e): return error(r, e.message)
                    case .success(let x): whole = x
                    }
                    wholeName = name
                } else {
                    let other = result(name)
                    let otherFigure = figure(of: file.claim(name)!)!
                    switch other.status {
                    case .error: return error(r, "claim '\(name)' it is a share of has an error")
                    case .unchecked: whole = otherFigure.unit.convert(otherFigure.value, to: .m2); wholeName = "\(name) (stated)"
                    default:
                        let v = other.computed ?? otherFigure.value
                        whole = otherFigure.unit.convert(v, to: .m2); wholeName = name
                    }
                }
            }
            guard whole > 0 else { return error(r, "the whole (\(wholeName)) has no area") }
            let pct = part / whole * 100
            r = judge(r, c, stated: f, computed: pct, slack: 0)
            let d = max(2, f.decimals)
            r.arithmetic = "\(FigureFormat.fixed(part / 1e6, 2)) / \(FigureFormat.fixed(whole / 1e6, 2)) km² (\(wholeName)) = \(FigureFormat.fixed(pct, d)) % "
                + relation(r, computedText: FigureFormat.fixed(pct, d), stated: f) + " (\(FigureFormat.signed(pct - f.value, d)) pt, \(FigureFormat.signed(100 * (r.relative ?? 0), 2)) %)"
            return r
        case .sum(let ids, let eq):
            let target = (try? figure(eq, for: c)) ?? nil
            guard let target else { return error(r, "the sum states no result") }
            r.stated = target.value; r.statedText = target.display; r.unit = target.unit.rawValue
            let fs = ids.map { figure(of: file.claim($0)!)! }
            let values = fs.map { $0.unit.convert($0.value, to: target.unit) }
            let slack = fs.map { $0.unit.convert($0.roundingHalfWidth, to: target.unit) }.reduce(0, +)
            let total = values.reduce(0, +)
            let same = fs.allSatisfy { $0.unit == target.unit }
            let d = same ? (fs.map(\.decimals) + [target.decimals]).max()! : max(2, target.decimals)
            let terms = zip(fs, values).map { f, v in same ? f.literal : FigureFormat.fixed(v, d) }
            r = judge(r, c, stated: target, computed: total, slack: slack)
            r.arithmetic = terms.joined(separator: " + ") + " = " + FigureFormat.fixed(total, d) + " "
                + relation(r, computedText: FigureFormat.fixed(total, d), stated: target)
                + " (\(FigureFormat.signed(total - target.value, d)), \(FigureFormat.signed(100 * (r.relative ?? 0), 2)) %)"
            return r
        case .difference(let a, let b, let eq):
            let target = (try? figure(eq, for: c)) ?? nil
            guard let target else { return error(r, "the difference states no result") }
            r.stated = target.value; r.statedText = target.display; r.unit = target.unit.rawValue
            let fa = figure(of: file.claim(a)!)!, fb = figure(of: file.claim(b)!)!
            let va = fa.unit.convert(fa.value, to: target.unit), vb = fb.unit.convert(fb.value, to: target.unit)
            let slack = fa.unit.convert(fa.roundingHalfWidth, to: target.unit) + fb.unit.convert(fb.roundingHalfWidth, to: target.unit)
            let same = fa.unit == target.unit && fb.unit == target.unit
            let d = same ? max(fa.decimals, fb.decimals, target.decimals) : max(2, target.decimals)
            let x = va - vb
            r = judge(r, c, stated: target, computed: x, slack: slack)
            r.arithmetic = (same ? fa.literal : FigureFormat.fixed(va, d)) + " − " + (same ? fb.literal : FigureFormat.fixed(vb, d))
                + " = " + FigureFormat.fixed(x, d) + " " + relation(r, computedText: FigureFormat.fixed(x, d), stated: target)
                + " (\(FigureFormat.signed(x - target.value, d)), \(FigureFormat.signed(100 * (r.relative ?? 0), 2)) %)"
            return r
        case .ratio(let a, let b):
            let f = c.figure!
            let fa = figure(of: file.claim(a)!)!, fb = figure(of: file.claim(b)!)!
            let vb = fb.unit.convert(fb.value, to: fa.unit)
            guard vb != 0 else { return error(r, "claim '\(b)' states zero: no ratio") }
            let pct = fa.value / vb * 100
            let slack = abs(pct) * (fa.roundingHalfWidth / max(abs(fa.value), .leastNonzeroMagnitude)
                                    + fb.roundingHalfWidth / max(abs(fb.value), .leastNonzeroMagnitude))
            let d = max(2, f.decimals)
            r = judge(r, c, stated: f, computed: pct, slack: slack)
            let bText = fa.unit == fb.unit ? fb.literal : FigureFormat.fixed(vb, max(2, fb.decimals))
            r.arithmetic = "\(fa.literal) / \(bText) = \(FigureFormat.fixed(pct, d)) % "
                + relation(r, computedText: FigureFormat.fixed(pct, d), stated: f)
                + " (\(FigureFormat.signed(pct - f.value, d)) pt, \(FigureFormat.signed(100 * (r.relative ?? 0), 2)) %)"
            return r
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
        return (computedText == FigureFormat.fixed(f.value, decimals) ? "= " : "≈ ") + s
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
enum ClaimMeasures {
    /// Geodesic length in m on CGCS2000 of a line layer (polygons are refused: a perimeter is not a length claim).
    static func geodesicLength(_ layer: LoadedLayer) throws -> Double {
        let kind = layer.geometryType.lowercased()
        if kind.contains("polygon") || kind.contains("point") {
            throw GeoKitError(.input, "the layer holds \(layer.geometryType) features; a length needs lines", file: layer.request.source, layer: layer.layerName)
        }
        let context = GeometryContext()
        let toGeographic = layer.crs.isGeographicOnCGCS2000Ellipsoid ? nil : try Transformer(from: layer.crs, to: try CRS.cgcs2000())
        var total = 0.0
        var lines = 0
        for f in layer.features {
            guard let wkb = f.wkb else { continue }
            do {
                let g = try Geometry(wkb: wkb, context: context)
                if g.kind.isLineal { lines += 1 }
                total += try (toGeographic?.transform(g) ?? g).geodesicLength(on: .cgcs2000)
            } catch { throw layer.locate(error, feature: f.fid) }
        }
        if lines == 0 {
            throw GeoKitError(.input, "the layer holds no line features; a length needs lines", file: layer.request.source, layer: layer.layerName)
        }
        return total
    }
}
