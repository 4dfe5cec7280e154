import Foundation

/// The report's indicator table (``ReportBlock/indicators(_:)``): one row per indicator with its
/// attribute, baseline, targets, a status badge and a small progress bar, and under it every check
/// with its arithmetic. Plain HTML and CSS (no script), like the rest of the report.
///
/// The bar fills to the share of the way from the baseline to the target that a later-dated layer
/// measures (clamped to 0–100 %); a tick marks the share of the time gone between the two years. It is
/// orange when the way lags the time and the target is not met.
enum IndicatorTableHTML {
    static let css = """
    .badge-warning{background:#fff3bf;color:#8a5a00}
    .badge-unchecked{background:#e9ecef;color:#495057}
    tbody tr.status-warning td:first-child{box-shadow:inset 4px 0 #f08c00}
    table.indicators td.ind-name .ind-id{color:var(--muted);font-size:.74rem;font-family:ui-monospace,Menlo,Consolas,monospace}
    table.indicators td.ind-binding{font-weight:700;color:var(--accent-dark)}
    table.indicators tr.ind-checks td{padding-top:0;border-top:none;font-size:.8rem;line-height:1.55;color:#3d4a42}
    table.indicators tr.ind-checks ul{list-style:none;margin:0;padding:0 0 4px 4px}
    table.indicators tr.ind-checks li{margin:2px 0;display:flex;align-items:baseline;gap:6px}
    table.indicators tr.ind-checks li>.badge,table.indicators tr.ind-checks li>.kind{flex:none}
    table.indicators tr.ind-checks .badge{min-width:4.6em;font-size:.68rem}
    table.indicators tr.ind-checks .kind{display:inline-block;min-width:6.5em;color:var(--muted)}
    .ind-bar{position:relative;width:120px;height:9px;margin-top:6px;background:#e6ebe8;border-radius:5px}
    .ind-bar>span{position:absolute;left:0;top:0;bottom:0;background:var(--pass);border-radius:5px}
    .ind-bar.behind>span{background:#f08c00}
    .ind-bar>i{position:absolute;top:-3px;width:2px;height:15px;margin-left:-1px;background:var(--ink)}
    .ind-bar-label{font-size:.74rem;color:var(--muted);font-variant-numeric:tabular-nums}
    """

    static func badge(_ status: String, _ t: ReportText) -> String {
        "<span class=\"badge badge-\(status)\">\(Markup.escape(t.claimStatus(status)))</span>"
    }

    /// "57.3" for a width in percent, clamped to 0…100.
    static func percentWidth(_ fraction: Double) -> String {
        let x = fraction.isFinite ? min(max(fraction, 0), 1) * 100 : 0
        return NumberText.fixed(x, 1, minus: "-")
    }

    static func progress(_ r: IndicatorResult, _ t: ReportText) -> String {
        guard let p = r.progress else { return "<span class=\"ind-bar-label\">—</span>" }
        let fill = p.met ? 1 : (p.share ?? 0)
        let behind = !p.met && (p.share ?? 0) < (p.timeShare ?? 0)
        let label: String
        if let s = p.share {
            label = t(.indWay, NumberText.fixed(100 * s, 0), p.year)
        } else {
            label = t(p.met ? .indMet : .indNotYet, p.year)
        }
        let title = t(.indMeasuredTitle, NumberText.fixed(p.measured, 2), p.year, NumberText.plain(p.target), p.targetYear)
            + (p.timeShare.map { t(.indTimeGone, NumberText.fixed(100 * $0, 0)) } ?? "")
        var h = "<div class=\"ind-bar\(behind ? " behind" : "")\" role=\"img\" aria-label=\"\(Markup.escape(label))\" title=\"\(Markup.escape(title))\">"
        h += "<span style=\"width:\(percentWidth(fill))%\"></span>"
        if let t = p.timeShare { h += "<i style=\"left:\(percentWidth(t))%\"></i>" }
        h += "</div><div class=\"ind-bar-label\">\(Markup.escape(label))</div>"
        return h
    }

    /// The table as a numbered, captioned figure.
    static func render(_ rows: [IndicatorResult], caption: String, number: Int, text t: ReportText) -> String {
        var h = "<figure class=\"table\">\n<figcaption class=\"caption\"><span class=\"fig-num\">\(Markup.escape(t(.tableLabel, number)))</span>\(Markup.escape(caption))</figcaption>\n"
        h += "<div class=\"scroll\"><table class=\"indicators\">\n<thead><tr>"
        for (title, numeric) in [(t[.indColIndicator], false), (t[.indColAttribute], false), (t[.indColUnit], false), (t[.indColBaseline], true),
                                 (t[.indColTargets], true), (t[.indColStatus], false), (t[.indColProgress], false)] {
            h += "<th\(numeric ? " class=\"num\"" : "") scope=\"col\">\(Markup.escape(title))</th>"
        }
        h += "</tr></thead>\n<tbody>\n"
        if rows.isEmpty { h += "<tr><td class=\"empty\" colspan=\"7\">\(Markup.escape(t[.emptyTable]))</td></tr>\n" }
        for r in rows {
            let status = r.status.rawValue
            h += "<tr class=\"status-\(status)\">"
            h += "<td class=\"ind-name\">\(Markup.escape(r.name))<div class=\"ind-id\">\(Markup.escape(r.id))</div></td>"
            h += "<td\(r.isBinding ? " class=\"ind-binding\"" : "")>\(Markup.escape(r.attributeText))</td>"
            h += "<td>\(Markup.escape(r.unit))</td>"
            h += "<td class=\"num\">\(Markup.escape(r.baseline.map { "\($0) (\(r.baselineYear.map(String.init) ?? ""))" } ?? "—"))</td>"
            h += "<td class=\"num\">\(r.targets.map { Markup.escape("\($0.value) (\($0.year))") }.joined(separator: "<br>"))</td>"
            h += "<td>\(badge(status, t))</td>"
            h += "<td>\(progress(r, t))</td>"
            h += "</tr>\n"
            if !r.checks.isEmpty {
                h += "<tr class=\"ind-checks status-\(status)\"><td colspan=\"7\"><ul>"
                for c in r.checks {
                    let body = [c.arithmetic, c.message ?? ""].filter { !$0.isEmpty }.joined(separator: ": ")
                    h += "<li>\(badge(c.status.rawValue, t))<span class=\"kind\">\(Markup.escape(t.indicatorCheck(c.kind)))</span>\(Markup.escape(body))</li>"
                }
                h += "</ul></td></tr>\n"
            }
        }
        h += "</tbody>\n</table></div>\n</figure>\n"
        return h
    }
}
