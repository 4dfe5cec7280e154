import Foundation
import GeoKit

extension ClaimValidator {
    /// `area:`, `length:` or `count:` of a layer: measured and compared with the stated figure.
    func measured(_ c: Claim, _ r: ClaimResult) -> ClaimResult {
        var r = r
        let f = c.figure!
        if let rc = rasterClaims[c.id] {
            switch rasterArea(rc) {
            case .failure(let e): return error(r, e.message)
            case .success(let a): return judge(r, c, stated: f, computed: ClaimUnit.m2.convert(a.squareMetres, to: f.unit), slack: 0)
            }
        }
        let req = requests[c.id]!.request
        let measured: Result<Double, MeasureError>
        let inside = insides[c.id]
        switch f.kind {
        case .area where inside != nil: measured = areaInside(req, inside!).map { ClaimUnit.m2.convert($0.squareMetres, to: f.unit) }
        case .length where inside != nil: measured = amountInside(req, inside!, shape: .line).map { ClaimUnit.m.convert($0, to: f.unit) }
        case .count where inside != nil: measured = amountInside(req, inside!, shape: .point)
        case .area: measured = area(req).map { ClaimUnit.m2.convert($0.squareMetres, to: f.unit) }
        case .length: measured = length(req).map { ClaimUnit.m.convert($0, to: f.unit) }
        case .count: measured = load(req).map { Double($0.valid.features.count) }
        case .percent: measured = .failure(MeasureError(message: "a percentage is checked through percent-of or ratio, not measured"))
        }
        if case .success(let l) = load(req) { r.features = l.valid.features.count }
        switch measured {
        case .failure(let e): return error(r, e.message)
        case .success(let x): return judge(r, c, stated: f, computed: x, slack: 0)
        }
    }
}
