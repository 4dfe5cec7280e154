import Foundation
import GeoKit

extension ClaimValidator {
    /// `difference:` of two stated figures against the stated result, with the arithmetic written out.
    func difference(_ c: Claim, _ r: ClaimResult, _ a: String, minus b: String, equals eq: Claim.Reference) -> ClaimResult {
        var r = r
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
        r.arithmetic = (same ? fa.literal : NumberText.fixed(va, d)) + " − " + (same ? fb.literal : NumberText.fixed(vb, d))
            + " = " + NumberText.fixed(x, d) + " " + relation(r, computedText: NumberText.fixed(x, d), stated: target)
            + " (\(NumberText.signed(x - target.value, d)), \(NumberText.signed(100 * (r.relative ?? 0), 2)) %)"
        return r
    }
}
