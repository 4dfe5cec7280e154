/// Places labels greedily: a label whose box would overlap one placed earlier (or a reserved box:
/// scale bar, north arrow) or leave the viewport is skipped.
struct LabelPlacer {
    let bounds: PixelRect
    private(set) var placed: [PixelRect] = []

    init(bounds: PixelRect, reserved: [PixelRect]) {
        self.bounds = bounds
        placed = reserved
    }

    /// The box of `text` centred at `anchor` (or starting `beside` pixels to its right), or nil when
    /// it does not fit; remembers a placed box.
    mutating func place(_ text: String, at anchor: MapPoint, fontSize: Double, beside: Double? = nil) -> PixelRect? {
        let w = TextMetrics.width(text, fontSize: fontSize) + 4
        let h = fontSize + 4
        let x = beside.map { anchor.x + $0 - 2 } ?? anchor.x - w / 2
        let box = PixelRect(x: x, y: anchor.y - h / 2, width: w, height: h)
        guard bounds.contains(box) else { return nil }
        for p in placed where p.intersects(box) { return nil }
        placed.append(box)
        return box
    }
}
