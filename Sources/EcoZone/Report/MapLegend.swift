/// The legend panel: one entry per layer (its symbol and title), and for categorical styles one
/// entry per category under the layer's title; the projection is noted at the bottom.
struct MapLegend {
    struct Entry {
        var layer: String
        var symbol: MapSymbol
        var style: MapStyle
        /// Categories with their colours, in legend order; empty for a single-symbol layer.
        var categories: [(name: String, colour: String)]
    }

    var entries: [Entry]
    var note: String
    /// The panel's heading ("图例", "Legend").
    var title: String = "图例"

    func svg(in panel: PixelRect) -> String {
        let pad = 12.0
        let textX = panel.x + pad + 30
        let maxText = panel.maxX - pad - textX
        var s = "<g class=\"legend\">"
        s += "<rect x=\"\(Markup.pixel(panel.x))\" y=\"\(Markup.pixel(panel.y))\" width=\"\(Markup.pixel(panel.width))\" height=\"\(Markup.pixel(panel.height))\" rx=\"4\" fill=\"#ffffff\" stroke=\"#dee2e6\"/>"
        s += "<text x=\"\(Markup.pixel(panel.x + pad))\" y=\"\(Markup.pixel(panel.y + pad + 13))\" font-size=\"14\" font-weight=\"700\" fill=\"#212529\">\(Markup.escape(title))</text>"

        let noteLines = TextMetrics.wrapped(note, fontSize: 10, maxWidth: panel.width - 2 * pad)
        let noteHeight = Double(noteLines.count) * 13 + 8
        let top = panel.y + pad + 26
        let bottom = panel.maxY - pad - noteHeight
        let rows = entries.reduce(0) { $0 + 1 + $1.categories.count }
        let rowHeight = rows == 0 ? 20 : max(11, min(20, (bottom - top) / Double(rows)))
        let fontSize = min(12, rowHeight - 3)
        var y = top
        for entry in entries {
            s += "<g class=\"legend-entry\" data-layer=\"\(Markup.escape(entry.layer))\">"
            if entry.categories.isEmpty {
                s += symbol(entry.symbol, style: entry.style, colour: nil, x: panel.x + pad, y: y, h: rowHeight)
                s += text(TextMetrics.truncated(entry.layer, fontSize: fontSize, maxWidth: maxText), x: textX, y: y, h: rowHeight, size: fontSize, bold: false)
                y += rowHeight
            } else {
                s += text(TextMetrics.truncated(entry.layer, fontSize: fontSize, maxWidth: panel.maxX - pad - panel.x - pad),
                          x: panel.x + pad, y: y, h: rowHeight, size: fontSize, bold: true)
                y += rowHeight
                for (name, colour) in entry.categories {
                    s += "<g class=\"legend-category\" data-category=\"\(Markup.escape(name))\">"
                    s += symbol(entry.symbol, style: entry.style, colour: colour, x: panel.x + pad + 8, y: y, h: rowHeight)
                    s += text(TextMetrics.truncated(name, fontSize: fontSize, maxWidth: maxText - 8), x: textX + 8, y: y, h: rowHeight, size: fontSize, bold: false)
                    s += "</g>"
                    y += rowHeight
                }
            }
            s += "</g>"
        }
        var ny = panel.maxY - pad - noteHeight + 14
        s += "<line x1=\"\(Markup.pixel(panel.x + pad))\" y1=\"\(Markup.pixel(ny - 14))\" x2=\"\(Markup.pixel(panel.maxX - pad))\" y2=\"\(Markup.pixel(ny - 14))\" stroke=\"#e9ecef\"/>"
        s += "<g class=\"projection-note\" font-size=\"10\" fill=\"#6c757d\">"
        for line in noteLines {
            s += "<text x=\"\(Markup.pixel(panel.x + pad))\" y=\"\(Markup.pixel(ny))\">\(Markup.escape(line))</text>"
            ny += 13
        }
        s += "</g></g>"
        return s
    }

    private func text(_ t: String, x: Double, y: Double, h: Double, size: Double, bold: Bool) -> String {
        "<text x=\"\(Markup.pixel(x))\" y=\"\(Markup.pixel(y + h / 2 + size * 0.36))\" font-size=\"\(Markup.decimal(size, digits: 1))\"\(bold ? " font-weight=\"700\"" : "") fill=\"#343a40\">\(Markup.escape(t))</text>"
    }

    private func symbol(_ kind: MapSymbol, style: MapStyle, colour: String?, x: Double, y: Double, h: Double) -> String {
        let midY = y + h / 2
        let dash = style.dash.map { " stroke-dasharray=\"\(Markup.escape($0))\"" } ?? ""
        switch kind {
        case .polygon:
            let fill = colour ?? style.fill
            let fillAttr = fill.map { "fill=\"\(Markup.escape($0))\" fill-opacity=\"\(Markup.decimal(min(1, style.fillOpacity + 0.1), digits: 2))\"" } ?? "fill=\"none\""
            let stroke = style.stroke.map { "stroke=\"\(Markup.escape($0))\" stroke-width=\"\(Markup.decimal(min(style.strokeWidth, 2.5), digits: 2))\"" } ?? "stroke=\"none\""
            let sh = min(13, h - 4)
            return "<rect class=\"legend-symbol\" x=\"\(Markup.pixel(x))\" y=\"\(Markup.pixel(midY - sh / 2))\" width=\"22\" height=\"\(Markup.pixel(sh))\" rx=\"1.5\" \(fillAttr) \(stroke)\(dash)/>"
        case .line:
            let stroke = colour ?? style.stroke ?? style.fill ?? "#343a40"
            return "<line class=\"legend-symbol\" x1=\"\(Markup.pixel(x))\" y1=\"\(Markup.pixel(midY))\" x2=\"\(Markup.pixel(x + 22))\" y2=\"\(Markup.pixel(midY))\" stroke=\"\(Markup.escape(stroke))\" stroke-width=\"\(Markup.decimal(min(max(style.strokeWidth, 1), 4), digits: 2))\" stroke-linecap=\"round\"\(dash)/>"
        case .point:
            let fill = colour ?? style.fill ?? style.stroke ?? "#343a40"
            let stroke = style.stroke.map { " stroke=\"\(Markup.escape($0))\" stroke-width=\"\(Markup.decimal(min(style.strokeWidth, 2), digits: 2))\"" } ?? ""
            return "<circle class=\"legend-symbol\" cx=\"\(Markup.pixel(x + 11))\" cy=\"\(Markup.pixel(midY))\" r=\"\(Markup.decimal(min(style.pointRadius, 6), digits: 1))\" fill=\"\(Markup.escape(fill))\" fill-opacity=\"\(Markup.decimal(max(style.fillOpacity, 0.6), digits: 2))\"\(stroke)/>"
        }
    }
}
