import Foundation
import GeoKit

/// Checks a claims file's indicators against themselves (``IndicatorSeriesChecks``), against the
/// claims already validated, and against the project's geometry (``IndicatorLandChecks``): the
/// baseline against the layer dated the baseline year, a target against the land it must fit in, and
/// progress on a layer dated later.
///
/// Areas come through `area` (the claim validator's memoised ellipsoidal measure, m² on CGCS2000), so a
/// layer that claims and indicators both name is read and measured once.
final class IndicatorChecker {
    typealias AreaMeasure = (LayerRequest) -> Result<Double, ClaimValidator.MeasureError>

    let project: Project
    let file: ClaimsFile
    /// The claims' results by id.
    let claims: [String: ClaimResult]
    let area: AreaMeasure

    /// A layer reference resolved: the layer's name in messages, what to read, and the year it shows.
    struct ResolvedLayer {
        var name: String
        var request: LayerRequest
        var year: Int?
        /// For a percentage: the whole's name and request.
        var whole: (name: String, request: LayerRequest)?
    }

    struct Plan {
        var baseline: ResolvedLayer?
        var progress: ResolvedLayer?
        var within: ResolvedLayer?
    }

    var plans: [String: Plan] = [:]

    init(project: Project, file: ClaimsFile, claims: [ClaimResult], area: @escaping AreaMeasure) {
        self.project = project
        self.file = file
        var byId: [String: ClaimResult] = [:]
        for c in claims { byId[c.id] = c }
        self.claims = byId
        self.area = area
    }

    func bad(_ i: Indicator, _ message: String) -> GeoKitError {
        GeoKitError(.input, "indicator '\(i.id)' (line \(i.line)): \(message)", file: file.path)
    }

    // MARK: preparing

    /// Resolves every layer and claim an indicator names and checks their units, before anything is
    /// measured. Throws bad input.
    func prepare() throws {
        for i in file.indicators {
            var plan = Plan()
            let areaUnit = i.claimUnit.map { $0.kind == .area } ?? false
            func unitCheck(_ ref: IndicatorLayerReference, _ key: String) throws {
                if i.claimUnit == .percent {
                    guard ref.percentOf != nil else { throw bad(i, "'\(key)' measures a percentage: name the whole with 'percent-of: ROLE'") }
                } else if !areaUnit {
                    throw bad(i, "'\(key)' measures an area, but the unit '\(i.unit)' is no area (km2, ha, 亩 …) nor %")
                } else if ref.percentOf != nil {
                    throw bad(i, "'\(key).percent-of' applies to a percentage; the unit is '\(i.unit)'")
                }
            }
            switch i.measuredBy {
            case .layer(let ref):
                try unitCheck(ref, "measured-by")
                if let b = i.baseline {
                    // Only a layer showing the baseline year measures the baseline: a dated version, or `year:`.
                    let r = try resolve(ref, i, "measured-by", year: b.year)
                    if r.year == b.year { plan.baseline = r }
                }
                if i.progress == nil, let b = i.baseline {
                    // The latest version of the role dated after the baseline, when the project dates one.
                    let base = try layer(ref.layer, i, "measured-by")
                    if let later = project.versions(of: base.role).last(where: { ($0.year ?? .min) > b.year }), let y = later.year {
                        plan.progress = try resolve(IndicatorLayerReference(layer: later.name, whereClause: ref.whereClause, year: y, percentOf: ref.percentOf),
                                                    i, "measured-by")
                    }
                }
            case .claim(let id):
                guard let c = file.claim(id), let f = c.figure ?? figureOfArithmetic(c) else { throw bad(i, "'measured-by: \(id)' names a claim stating no figure") }
                try compatible(i, f.unit, "measured-by: \(id)")
            case .figure, nil: break
            }
            if let ref = i.progress {
                try unitCheck(ref, "progress")
                let r = try resolve(ref, i, "progress")
                guard let y = r.year else {
                    throw bad(i, "'progress' names '\(ref.layer)', which the project does not date: give the year it shows ('year: 2023')")
                }
                if let b = i.baseline, y <= b.year { throw bad(i, "'progress' shows \(y), not after the baseline \(b.year)") }
                plan.progress = r
            }
            if let w = i.within {
                guard areaUnit else { throw bad(i, "'within' compares areas, but the unit '\(i.unit)' is no area (km2, ha, 亩 …)") }
                switch w {
                case .layer(let ref):
                    if ref.percentOf != nil { throw bad(i, "'within.percent-of' does not apply: 'within' is land") }
                    plan.within = try resolve(ref, i, "within")
                case .claim(let id):
                    guard let c = file.claim(id), let f = c.figure ?? figureOfArithmetic(c), f.kind == .area else {
                        throw bad(i, "'within: \(id)' names a claim stating no area")
                    }
                case .figure(let f):
                    guard f.kind == .area else { throw bad(i, "'within: \(f.display)' is no area") }
                }
            }
            plans[i.id] = plan
        }
    }

    /// The figure of a sum or difference without its own (its `equals`), as the validator reads it.
    func figureOfArithmetic(_ c: Claim) -> StatedFigure? {
        switch c.check {
        case .sum(_, .figure(let f)), .difference(_, _, .figure(let f)): return f
        case .sum(_, .claim(let id)), .difference(_, _, .claim(let id)): return file.claim(id).flatMap { $0.figure }
        default: return nil
        }
    }

    /// A claim's unit can be compared with the indicator's: same kind of ClaimUnit, or the same unit written.
    func compatible(_ i: Indicator, _ u: ClaimUnit, _ what: String) throws {
        guard let mine = i.claimUnit, mine.kind == u.kind else {
            throw bad(i, "'\(what)' states \(u.kind.rawValue) in \(u.rawValue), which cannot be compared with '\(i.unit)'")
        }
    }

    func layer(_ name: String, _ i: Indicator, _ key: String) throws -> Project.Layer {
        guard let l = project.layer(named: name) else {
            throw bad(i, "'\(key)' names '\(name)', but the project \(project.path) has no such layer (roles: \(project.layerNames.joined(separator: ", ")))")
        }
        return l
    }

    /// The layer `ref` names; with `year`, its version of that year when the project has one.
    func resolve(_ ref: IndicatorLayerReference, _ i: Indicator, _ key: String, year: Int? = nil) throws -> ResolvedLayer {
        var spec = try layer(ref.layer, i, key)
        if let year, let dated = project.layer(spec.role, year: year) { spec = dated }
        var request = spec.request
        let filters = [spec.whereClause, ref.whereClause].compactMap { $0 }.filter { !$0.isEmpty }
        request.whereClause = filters.isEmpty ? nil : filters.count == 1 ? filters[0] : filters.map { "(\($0))" }.joined(separator: " AND ")
        var r = ResolvedLayer(name: spec.name + (ref.whereClause.map { " where \($0)" } ?? ""), request: request, year: spec.year ?? ref.year)
        if let of = ref.percentOf {
            let w = try layer(of, i, "\(key).percent-of")
            r.whole = (w.name, w.request)
        }
        return r
    }

    // MARK: evaluating

    func evaluate(_ i: Indicator) -> IndicatorResult {
        var checks = IndicatorSeriesChecks.checks(i, arithmetic: file.tolerance.arithmetic)
        let plan = plans[i.id] ?? Plan()
        let land = IndicatorLandChecks(checker: self, indicator: i)
        if let b = land.baseline(plan.baseline) { checks.append(b) }
        if let w = land.feasibility(plan.within) { checks.append(w) }
        var progress: IndicatorProgress?
        if let p = plan.progress {
            let (check, measured) = land.progress(p)
            checks.append(check)
            progress = measured
        }
        let order = IndicatorCheck.Kind.allCases
        checks.sort { order.firstIndex(of: $0.kind)! < order.firstIndex(of: $1.kind)! }
        return IndicatorResult(id: i.id, name: i.name, unit: i.unit, attribute: i.attribute.rawValue, attributeText: i.attributeText,
                               baselineYear: i.baseline?.year, baseline: i.baseline?.value.display,
                               targets: i.targets.map { .init(year: $0.year, value: $0.value.display) }, cumulative: i.cumulative,
                               status: IndicatorResult.status(of: checks), checks: checks, progress: progress, text: i.text)
    }

    /// The value a resolved layer measures, in the indicator's unit (a percentage of its whole, or an area).
    func measure(_ r: ResolvedLayer, _ i: Indicator) -> Result<Double, ClaimValidator.MeasureError> {
        area(r.request).flatMap { part in
            if let w = r.whole {
                return area(w.request).flatMap { whole in
                    whole > 0 ? .success(100 * part / whole) : .failure(.init(message: "the whole (\(w.name)) has no area"))
                }
            }
            return .success(ClaimUnit.m2.convert(part, to: i.claimUnit ?? .m2))
        }
    }
}
