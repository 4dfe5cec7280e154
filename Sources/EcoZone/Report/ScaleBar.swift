/// The map's scale bar: a round length (1, 2 or 5 × 10ⁿ metres) no longer than a fifth of the
/// viewport, drawn as two alternating segments, labelled in 米 or 千米 (m or km in English).
struct ScaleBar {
    /// The unit words (``ReportText``): kilometres, metres.
    var units = (km: "千米", m: "米")

    /// Length in metres.
    let metres: Double
    /// Length in pixels (metres × pixels per metre).
    let pixels: Double

    /// The longest round length whose bar fits in `maxPixels` at `pixelsPerMetre`.
    init(pixelsPerMetre: Double, maxPixels: Double) {
        let target = maxPixels / pixelsPerMetre
        metres = Self.roundLength(atMost: target)
        pixels = metres * pixelsPerMetre
    }

    /// The largest 1, 2 or 5 × 10ⁿ not above `value` (value > 0).
    static func roundLength(atMost value: Double) -> Double {
        var power = 1.0
        while power * 10 <= value { power *= 10 }
        while power > value { power /= 10 }
        for m in [5.0, 2.0, 1.0] where m * power <= value * (1 + 1e-12) { return m * power }
        return power
    }

    /// The unit the bar is labelled in: 千米 from 1 km up, 米 below.
    var unit: String { metres >= 1000 ? units.km : units.m }

    /// A length in the bar's unit, without the unit ("2", "0.5", "500").
    func number(_ length: Double) -> String {
        Markup.decimal(metres >= 1000 ? length / 1000 : length, digits: 3)
    }

    /// SVG for the bar with its left end at (x, y) (y the bar's top), and the box it occupies.
    func svg(x: Double, y: Double) -> (svg: String, box: PixelRect) {
        let h = 6.0
        let half = pixels / 2
        var s = "<g class=\"scale\" data-metres=\"\(Markup.decimal(metres, digits: 3))\">"
        s += "<rect x=\"\(Markup.pixel(x - 6))\" y=\"\(Markup.pixel(y - 18))\" width=\"\(Markup.pixel(pixels + 12 + 40))\" height=\"\(Markup.pixel(h + 24))\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.8\"/>"
        s += "<rect x=\"\(Markup.pixel(x))\" y=\"\(Markup.pixel(y))\" width=\"\(Markup.pixel(half))\" height=\"\(Markup.pixel(h))\" fill=\"#212529\"/>"
        s += "<rect x=\"\(Markup.pixel(x + half))\" y=\"\(Markup.pixel(y))\" width=\"\(Markup.pixel(half))\" height=\"\(Markup.pixel(h))\" fill=\"#ffffff\"/>"
        s += "<rect class=\"scale-bar\" x=\"\(Markup.pixel(x))\" y=\"\(Markup.pixel(y))\" width=\"\(Markup.pixel(pixels))\" height=\"\(Markup.pixel(h))\" fill=\"none\" stroke=\"#212529\" stroke-width=\"1\"/>"
        s += "<g font-size=\"11\" fill=\"#212529\" text-anchor=\"middle\">"
        s += "<text x=\"\(Markup.pixel(x))\" y=\"\(Markup.pixel(y - 4))\">0</text>"
        s += "<text x=\"\(Markup.pixel(x + half))\" y=\"\(Markup.pixel(y - 4))\">\(number(metres / 2))</text>"
        s += "<text class=\"scale-end\" x=\"\(Markup.pixel(x + pixels))\" y=\"\(Markup.pixel(y - 4))\">\(number(metres))</text>"
        s += "<text class=\"scale-unit\" x=\"\(Markup.pixel(x + pixels + 8))\" y=\"\(Markup.pixel(y + h))\" text-anchor=\"start\">\(unit)</text>"
        s += "</g></g>"
        return (s, PixelRect(x: x - 6, y: y - 18, width: pixels + 52, height: h + 24))
    }
}
