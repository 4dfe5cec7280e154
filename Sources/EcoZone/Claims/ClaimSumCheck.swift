import Foundation
import GeoKit

extension ClaimValidator {
    /// `sum:` of stated figures against the stated (or `equals:`) result, with the arithmetic written out.
    func sum(_ c: Claim, _ r: ClaimResult, of ids: [String], equals eq: Claim.Reference) -> ClaimResult {
        var r = r
        let target = (try? figure(eq, for: c)) ?? nil
        guard let target else { return error(r, "the sum states no result") }
        r.stated = target.value; r.statedText = target.display; r.unit = target.unit.rawValue
        let fs = ids.map { figure(of: file.claim($0)!)! }
        let values = fs.map { $0.unit.convert($0.value, to: target.unit) }
        let slack = fs.map { $0.unit.convert($0.roundingHalfWidth, to: target.unit) }.reduce(0, +)
        let total = values.reduce(0, +)
        let same = fs.allSatisfy { $0.unit == target.unit }
        let d = same ? (fs.map(\.decimals) + [target.decimals]).max()! : max(2, target.decimals)
        let terms = zip(fs, values).map { f, v in same ? f.literal : NumberText.fixed(v, d) }
        r = judge(r, c, stated: target, computed: total, slack: slack)
        r.arithmetic = terms.joined(separator: " + ") + " = " + NumberText.fixed(total, d) + " "
            + relation(r, computedText: NumberText.fixed(total, d), stated: target)
            + " (\(NumberText.signed(total - target.value, d)), \(NumberText.signed(100 * (r.relative ?? 0), 2)) %)"
        return r
    }
}
