import Foundation
import GeoKit

extension ClaimValidator {
    /// `ratio:` of two stated figures as a percentage against the stated one, with the arithmetic written out.
    func ratio(_ c: Claim, _ r: ClaimResult, _ a: String, over b: String) -> ClaimResult {
        var r = r
        let f = c.figure!
        let fa = figure(of: file.claim(a)!)!, fb = figure(of: file.claim(b)!)!
        let vb = fb.unit.convert(fb.value, to: fa.unit)
        guard vb != 0 else { return error(r, "claim '\(b)' states zero: no ratio") }
        let pct = fa.value / vb * 100
        let slack = abs(pct) * (fa.roundingHalfWidth / max(abs(fa.value), .leastNonzeroMagnitude)
                                + fb.roundingHalfWidth / max(abs(fb.value), .leastNonzeroMagnitude))
        let d = max(2, f.decimals)
        r = judge(r, c, stated: f, computed: pct, slack: slack)
        let bText = fa.unit == fb.unit ? fb.literal : NumberText.fixed(vb, max(2, fb.decimals))
        r.arithmetic = "\(fa.literal) / \(bText) = \(NumberText.fixed(pct, d)) % "
            + relation(r, computedText: NumberText.fixed(pct, d), stated: f)
            + " (\(NumberText.signed(pct - f.value, d)) pt, \(NumberText.signed(100 * (r.relative ?? 0), 2)) %)"
        return r
    }
}
