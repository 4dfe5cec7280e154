import Foundation
import GeoKit

/// The checks of an indicator that need a measured value: its baseline against the layer (or claim)
/// that measures it, a target against the land it must fit in, and progress on a layer dated later.
/// Areas are ellipsoidal on CGCS2000, as every area of `validate`.
///
/// Allowances: a measured value is allowed the file's tolerance for measured figures of its kind
/// (`tolerance: 1%`, or the indicator's own `tolerance`); a stated one (a claim without a layer, a
/// written figure) only the rounding of the figures as written, like arithmetic claims. Every figure
/// also carries half a unit in its last written digit.
struct IndicatorLandChecks {
    let checker: IndicatorChecker
    let indicator: Indicator

    var i: Indicator { indicator }
    var symbol: String { IndicatorSeriesChecks.symbol(i) }

    func withUnit(_ s: String) -> String { symbol.isEmpty ? s : s + " " + symbol }

    /// The tolerance for a value measured on a layer.
    var measuredTolerance: Tolerance {
        i.tolerance ?? checker.file.tolerance.forMeasured(i.claimUnit == .percent ? .percent : .area)
    }

    /// A value to compare with, in the indicator's unit: measured, or stated by a claim or a figure.
    struct Reference {
        var value: Double
        /// "red-line-2020 (2020)", "claim cropland, stated".
        var label: String
        var measured: Bool
        /// Half a unit of the last written digit when stated.
        var rounding: Double
        var decimals: Int
    }

    func reference(claim id: String) -> Result<Reference, ClaimValidator.MeasureError> {
        guard let r = checker.claims[id], let u = r.unit.flatMap(ClaimUnit.init(rawValue:)) else {
            return .failure(.init(message: "claim '\(id)' has no result"))
        }
        if r.status == .error { return .failure(.init(message: "claim '\(id)' has an error: \(r.message ?? "")")) }
        let target = i.claimUnit ?? u
        let f = checker.file.claim(id).flatMap { $0.figure ?? checker.figureOfArithmetic($0) }
        if let computed = r.computed, r.kind != "sum", r.kind != "difference", r.kind != "ratio" {
            return .success(Reference(value: u.convert(computed, to: target), label: "claim \(id), measured", measured: true, rounding: 0,
                                      decimals: max(2, f?.decimals ?? 2)))
        }
        guard let f else { return .failure(.init(message: "claim '\(id)' states no figure")) }
        return .success(Reference(value: f.unit.convert(f.value, to: target), label: "claim \(id), stated \(f.display)", measured: false,
                                  rounding: f.unit.convert(f.roundingHalfWidth, to: target), decimals: f.unit == target ? f.decimals : max(2, f.decimals)))
    }

    func reference(layer r: IndicatorChecker.ResolvedLayer) -> Result<Reference, ClaimValidator.MeasureError> {
        checker.measure(r, i).map { v in
            let dated = r.year.map { y in r.name.contains(String(y)) ? "" : " (\(y))" } ?? ""
            let label = r.name + dated + (r.whole.map { " / \($0.name)" } ?? "")
            return Reference(value: v, label: label, measured: true, rounding: 0, decimals: i.claimUnit == .percent ? 2 : max(2, i.baseline?.value.decimals ?? 2))
        }
    }

    // MARK: baseline

    /// The baseline against the layer dated the baseline year, or against the claim that measures it.
    func baseline(_ layer: IndicatorChecker.ResolvedLayer?) -> IndicatorCheck? {
        guard let b = i.baseline, let stated = b.value.value else { return nil }
        let ref: Result<Reference, ClaimValidator.MeasureError>
        if let layer {
            ref = reference(layer: layer)
        } else if case .claim(let id) = i.measuredBy {
            ref = reference(claim: id)
        } else {
            return nil
        }
        switch ref {
        case .failure(let e):
            return IndicatorCheck(kind: .baseline, status: .error, arithmetic: "", message: e.message)
        case .success(let m):
            let t = m.measured ? measuredTolerance : (i.tolerance ?? checker.file.tolerance.arithmetic)
            let allowed = (t.allowance(stated: stated, unit: i.claimUnit ?? .count) ?? 0) + b.value.roundingHalfWidth + m.rounding
            let x = m.value
            let ok: Bool
            switch b.value.qualifier {
            case .equal: ok = abs(x - stated) <= allowed * (1 + 1e-12)
            case .atLeast, .greater: ok = x >= stated - allowed
            case .atMost, .less: ok = x <= stated + allowed
            }
            let d = max(m.decimals, b.value.decimals)
            let shown = NumberText.fixed(x, d)
            let relation: String
            if b.value.qualifier != .equal {
                relation = (ok ? "meets " : "fails ") + b.value.display
            } else {
                relation = (ok ? (shown == NumberText.fixed(stated, d) ? "= " : "≈ ") : "≠ ") + b.value.display
            }
            let rel = stated != 0 ? ", \(NumberText.signed(100 * (x - stated) / stated, 2)) %" : ""
            let text = "\(withUnit(shown)) (\(m.label)) \(relation), the baseline of \(b.year) (\(NumberText.signed(x - stated, d))\(rel); allowed ±\(NumberText.fixed(allowed, d + 1)), \(t.text))"
            return IndicatorCheck(kind: .baseline, status: ok ? .pass : .fail, arithmetic: text)
        }
    }

    // MARK: feasibility

    /// The largest target (a ceiling ≤ aside) against the land it must fit in: fail when it is larger
    /// than the land and its allowance.
    func feasibility(_ layer: IndicatorChecker.ResolvedLayer?) -> IndicatorCheck? {
        guard let w = i.within, let unit = i.claimUnit else { return nil }
        let candidates = i.targets.filter { p in p.value.value != nil && p.value.qualifier != .atMost && p.value.qualifier != .less }
        guard let largest = candidates.max(by: { $0.value.value! < $1.value.value! }) else { return nil }
        let land: Result<Reference, ClaimValidator.MeasureError>
        switch w {
        case .layer:
            guard let layer else { return nil }
            land = reference(layer: layer)
        case .claim(let id):
            land = reference(claim: id)
        case .figure(let f):
            land = .success(Reference(value: f.unit.convert(f.value, to: unit), label: "stated \(f.display)", measured: false,
                                      rounding: f.unit.convert(f.roundingHalfWidth, to: unit), decimals: f.unit == unit ? f.decimals : max(2, f.decimals)))
        }
        switch land {
        case .failure(let e):
            return IndicatorCheck(kind: .feasibility, status: .error, arithmetic: "", message: e.message)
        case .success(let l):
            let target = largest.value.value!
            let allowance = l.measured ? (measuredTolerance.allowance(stated: l.value, unit: unit) ?? 0) : 0
            let allowed = allowance + l.rounding + largest.value.roundingHalfWidth
            let ok = target <= l.value + allowed
            let d = max(l.decimals, largest.value.decimals)
            let landText = withUnit(NumberText.fixed(l.value, d))
            let share = l.value > 0 ? "\(NumberText.fixed(100 * target / l.value, 2)) % of it" : "no land"
            let text: String
            if ok {
                text = "\(withUnit(largest.value.display)) (\(largest.year)) ≤ \(landText) (\(l.label)): \(share)"
            } else {
                text = "\(withUnit(largest.value.display)) (\(largest.year)) > \(landText) (\(l.label)): \(withUnit(NumberText.fixed(target - l.value, d))) more than the land there is (\(share))"
            }
            return IndicatorCheck(kind: .feasibility, status: ok ? .pass : .fail, arithmetic: text)
        }
    }

    // MARK: progress

    /// The value on a layer dated after the baseline against the target it leads to: the share of the
    /// way from the baseline (0 for a cumulative total) to the target, beside the share of the time gone.
    /// Pass when the target is met or the way keeps pace with the time; else a warning (a plan behind
    /// its schedule is no contradiction).
    func progress(_ layer: IndicatorChecker.ResolvedLayer) -> (IndicatorCheck, IndicatorProgress?) {
        guard let year = layer.year else { return (IndicatorCheck(kind: .progress, status: .error, arithmetic: "", message: "the layer has no date"), nil) }
        let numeric = i.targets.filter { $0.value.value != nil }
        guard let target = numeric.first(where: { $0.year >= year }) ?? numeric.last else {
            return (IndicatorCheck(kind: .progress, status: .warning, arithmetic: "", message: "no target is a number to measure progress against"), nil)
        }
        let m: Reference
        switch reference(layer: layer) {
        case .failure(let e): return (IndicatorCheck(kind: .progress, status: .error, arithmetic: "", message: e.message), nil)
        case .success(let r): m = r
        }
        let t = target.value.value!
        // Where the way starts: the baseline, or nothing yet for a total counted from the period's start.
        let start: (value: Double, year: Int, text: String)?
        if i.cumulative {
            let y = i.period.map { $0.lowerBound - 1 } ?? i.baseline?.year
            start = y.map { (0, $0, "0") }
        } else if let b = i.baseline, let v = b.value.value {
            start = (v, b.year, b.value.display)
        } else {
            start = nil
        }
        let d = max(m.decimals, target.value.decimals)
        let allowed = (measuredTolerance.allowance(stated: t, unit: i.claimUnit ?? .count) ?? 0) + target.value.roundingHalfWidth
        let met: Bool
        switch target.value.qualifier {
        case .atLeast, .greater: met = m.value >= t - allowed
        case .atMost, .less: met = m.value <= t + allowed
        case .equal:
            if let s = start, s.value > t { met = m.value <= t + allowed } else if let s = start, s.value < t { met = m.value >= t - allowed } else { met = abs(m.value - t) <= allowed }
        }
        var share: Double?, timeShare: Double?
        var text = "\(withUnit(NumberText.fixed(m.value, d))) measured on \(m.label)"
        if let s = start, s.value != t {
            share = (m.value - s.value) / (t - s.value)
            text += ": (\(NumberText.fixed(m.value, d)) − \(s.text)) / (\(target.value.display) − \(s.text)) = \(NumberText.fixed(100 * share!, 1)) % of the way from \(s.year) to \(target.value.display) (\(target.year))"
            if target.year > s.year {
                timeShare = Double(year - s.year) / Double(target.year - s.year)
                text += ", \(NumberText.fixed(100 * timeShare!, 1)) % of the time gone"
            }
        } else {
            text += " against \(target.value.display) (\(target.year))"
        }
        let onPace = share != nil && timeShare != nil && share! >= timeShare! && share! >= 0
        text += met ? ": target met" : onPace ? ": on pace" : ": behind"
        let p = IndicatorProgress(year: year, measured: m.value, targetYear: target.year, target: t, share: share, timeShare: timeShare, met: met)
        return (IndicatorCheck(kind: .progress, status: met || onPace ? .pass : .warning, arithmetic: text), p)
    }
}
