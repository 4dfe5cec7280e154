import Foundation
import GeoKit

extension ClaimValidator {
    /// `percent-of:` a figure, a layer or another claim: this claim's measured area as a share of the whole.
    func share(_ c: Claim, _ r: ClaimResult, of ref: Claim.Reference) -> ClaimResult {
        var r = r
        let f = c.figure!
        let part: Area
        if let rc = rasterClaims[c.id] {
            switch rasterArea(rc) {
            case .failure(let e): return error(r, e.message)
            case .success(let x): part = x
            }
        } else {
            let req = requests[c.id]!.request
            if case .success(let l) = load(req) { r.features = l.valid.features.count }
            switch insides[c.id].map({ areaInside(req, $0) }) ?? area(req) {
            case .failure(let e): return error(r, e.message)
            case .success(let x): part = x
            }
        }
        var whole: Area
        var wholeName: String
        switch ref {
        case .figure(let w):
            whole = Area(squareMetres: w.unit.convert(w.value, to: .m2)); wholeName = w.display
        case .layer(let role):
            guard let req = project.layer(role)?.request else { return error(r, "no layer '\(role)'") }
            switch area(req) {
            case .failure(let e): return error(r, e.message)
            case .success(let x): whole = x
            }
            wholeName = role
        case .claim(let name):
            if let whole_ = shareRasters[c.id] {
                switch rasterArea(whole_) {
                case .failure(let e): return error(r, e.message)
                case .success(let x): whole = x
                }
                wholeName = whole_.description == "all data cells" ? name : "\(name), \(whole_.description)"
            } else if let req = shareLayers[c.id] {
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
                case .unchecked: whole = Area(squareMetres: otherFigure.unit.convert(otherFigure.value, to: .m2)); wholeName = "\(name) (stated)"
                default:
                    let v = other.computed ?? otherFigure.value
                    whole = Area(squareMetres: otherFigure.unit.convert(v, to: .m2)); wholeName = name
                }
            }
        }
        guard whole > .zero, let fraction = part.fraction(of: whole) else { return error(r, "the whole (\(wholeName)) has no area") }
        let pct = fraction * 100
        r = judge(r, c, stated: f, computed: pct, slack: 0)
        let d = max(2, f.decimals)
        r.arithmetic = "\(NumberText.fixed(part.squareKilometres, 2)) / \(NumberText.fixed(whole.squareKilometres, 2)) km² (\(wholeName)) = \(NumberText.fixed(pct, d)) % "
            + relation(r, computedText: NumberText.fixed(pct, d), stated: f) + " (\(NumberText.signed(pct - f.value, d)) pt, \(NumberText.signed(100 * (r.relative ?? 0), 2)) %)"
        return r
    }
}
