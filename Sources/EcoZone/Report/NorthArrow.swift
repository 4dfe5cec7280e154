/// A north arrow: a split arrowhead under "北", rotated by the meridian convergence so that it
/// points to true north.
enum NorthArrow {
    /// SVG centred at (cx, cy), and the box it occupies.
    static func svg(cx: Double, cy: Double, rotation: Double, north: String = "北") -> (svg: String, box: PixelRect) {
        let r = Markup.decimal(rotation, digits: 2)
        var s = "<g class=\"north-arrow\" data-rotation=\"\(r)\" transform=\"rotate(\(r) \(Markup.pixel(cx)) \(Markup.pixel(cy)))\">"
        s += "<circle cx=\"\(Markup.pixel(cx))\" cy=\"\(Markup.pixel(cy))\" r=\"20\" fill=\"#ffffff\" fill-opacity=\"0.8\" stroke=\"#adb5bd\" stroke-width=\"0.8\"/>"
        let top = cy - 14, bottom = cy + 12
        s += "<path d=\"M\(Markup.pixel(cx)) \(Markup.pixel(top))L\(Markup.pixel(cx - 7)) \(Markup.pixel(bottom))L\(Markup.pixel(cx)) \(Markup.pixel(bottom - 5))Z\" fill=\"#212529\"/>"
        s += "<path d=\"M\(Markup.pixel(cx)) \(Markup.pixel(top))L\(Markup.pixel(cx + 7)) \(Markup.pixel(bottom))L\(Markup.pixel(cx)) \(Markup.pixel(bottom - 5))Z\" fill=\"#ffffff\" stroke=\"#212529\" stroke-width=\"0.8\"/>"
        s += "<text x=\"\(Markup.pixel(cx))\" y=\"\(Markup.pixel(cy - 24))\" font-size=\"13\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#212529\">\(Markup.escape(north))</text>"
        s += "</g>"
        return (s, PixelRect(x: cx - 22, y: cy - 38, width: 44, height: 60))
    }
}
