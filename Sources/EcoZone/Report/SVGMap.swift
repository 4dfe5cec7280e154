import GeoKit

/// Static SVG maps of a plan's layers, for the HTML report.
public enum SVGMap {
    /// CJK-capable system fonts, no web fonts: the SVG must work offline.
    static let fontStack = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', sans-serif"
    static let labelSize = 12.0

    /// An SVG map of the layers (first drawn first), framed on `extent` (lon/lat) or on all features: projected with the
    /// CGCS2000 Gauss–Krüger zone of the frame's centre (metres, so the scale bar is true), with a legend (one entry per layer,
    /// and per category for categorical styles), a scale bar with a round length, a north arrow, a title, and Chinese labels at
    /// each labelled feature's point on surface (collision-avoided cheaply: skip a label overlapping an earlier one).
    /// The legend's title, notes and projection are written in `language`.
    public static func render(title: String, layers: [MapLayer], extent: Envelope? = nil, width: Int = 960, height: Int = 720,
                              language: ReportLanguage = .zh) throws -> String {
        let text = ReportText(language)
        let context = GeometryContext()
        // Read every feature once; frame on the extent or on everything.
        var geometries: [[Geometry]] = []
        var lonlatFrame: Envelope?
        for layer in layers {
            var gs: [Geometry] = []
            for (i, f) in layer.features.enumerated() {
                let g = try MapGeometry.read(f, index: i, layer: layer.title, context: context)
                if let e = g.envelope { lonlatFrame = lonlatFrame.map { $0.union(e) } ?? e }
                gs.append(g)
            }
            geometries.append(gs)
        }
        if let extent { lonlatFrame = extent }
        guard let lonlat = lonlatFrame else {
            throw GeoKitError(.input, "map '\(title)' has no feature with geometry and no extent to frame")
        }
        let projection = try MapProjection(centreLongitude: lonlat.centerX, text: text)

        // Layout: title band on top, map viewport on the left, legend panel on the right.
        let w = Double(max(width, 320)), h = Double(max(height, 240))
        let margin = 14.0, titleBand = 46.0, gap = 12.0
        let legendWidth = w >= 720 ? 220.0 : max(140, w * 0.3)
        let viewport = PixelRect(x: margin, y: titleBand, width: w - legendWidth - 2 * margin - gap, height: h - titleBand - margin)
        let panel = PixelRect(x: viewport.maxX + gap, y: titleBand, width: legendWidth, height: viewport.height)

        // Project.
        var projected: [[ProjectedFeature]] = []
        var metricFrame: Envelope?
        for (l, layer) in layers.enumerated() {
            var fs: [ProjectedFeature] = []
            for (i, g) in geometries[l].enumerated() {
                if let extent, let e = g.envelope, !e.intersects(extent) { continue }
                let p = try MapGeometry.project(g, feature: layer.features[i], wantsAnchor: layer.style.labelled, projection: projection)
                if extent == nil {
                    for pts in p.polygons.flatMap({ $0 }) + p.lines + [p.points] {
                        for q in pts {
                            let e = Envelope(minX: q.x, minY: q.y, maxX: q.x, maxY: q.y)
                            metricFrame = metricFrame.map { $0.union(e) } ?? e
                        }
                    }
                }
                fs.append(p)
            }
            projected.append(fs)
        }
        if let extent { metricFrame = try projection.projectedEnvelope(ofLonLat: extent) }
        let frame = try metricFrame ?? projection.projectedEnvelope(ofLonLat: lonlat)
        projection.fit(frame: frame, into: viewport)

        // Legend entries, and category colours fixed in legend order.
        var legend = MapLegend(entries: [], note: text[.projectionPrefix] + projection.description, title: text[.mapLegend])
        var colours: [[String: String]] = []
        for (l, layer) in layers.enumerated() {
            let kinds = projected[l].compactMap(\.symbol)
            let symbol: MapSymbol = kinds.contains(.polygon) ? .polygon : kinds.contains(.line) ? .line : kinds.contains(.point) ? .point
                : (layer.style.fill == nil ? .line : .polygon)
            var assigned: [String: String] = [:]
            var categories: [(name: String, colour: String)] = []
            if layer.style.categorical {
                var present: [String] = []
                var seen = Set<String>()
                for f in layer.features { if let c = f.category, seen.insert(c).inserted { present.append(c) } }
                let ordered = layer.style.categoryOrder.filter { seen.contains($0) } + present.filter { !layer.style.categoryOrder.contains($0) }
                for c in ordered {
                    if let colour = layer.style.colour(for: c, assigned: &assigned) { categories.append((c, colour)) }
                }
                for (name, colour) in categories { assigned[name] = colour }
                if layer.features.contains(where: { $0.category == nil }) {
                    categories.append((text[.unclassified], layer.style.fill ?? layer.style.stroke ?? "#adb5bd"))
                }
            }
            colours.append(assigned)
            legend.entries.append(.init(layer: layer.title, symbol: symbol, style: layer.style, categories: categories))
        }

        // Furniture, reserved against labels.
        var scaleBar = ScaleBar(pixelsPerMetre: projection.scale, maxPixels: viewport.width / 4)
        scaleBar.units = (text[.unitKm], text[.unitM])
        let bar = scaleBar.svg(x: viewport.x + 16, y: viewport.maxY - 20)
        let rotation = try projection.trueNorthRotation(longitude: lonlat.centerX, latitude: lonlat.centerY)
        let arrow = NorthArrow.svg(cx: viewport.maxX - 34, cy: viewport.y + 50, rotation: rotation, north: text[.north])

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ecozone-map\" width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" font-family=\"\(fontStack)\" role=\"img\" aria-label=\"\(Markup.escape(title))\">"
        svg += "<title>\(Markup.escape(title))</title>"
        svg += "<rect width=\"\(Int(w))\" height=\"\(Int(h))\" fill=\"#ffffff\"/>"
        svg += "<text class=\"map-title\" x=\"\(Markup.pixel(margin))\" y=\"30\" font-size=\"19\" font-weight=\"700\" fill=\"#212529\">\(Markup.escape(TextMetrics.truncated(title, fontSize: 19, maxWidth: w - 2 * margin)))</text>"
        let vp = "\(Markup.pixel(viewport.x)) \(Markup.pixel(viewport.y)) \(Markup.pixel(viewport.width)) \(Markup.pixel(viewport.height))"
        svg += "<rect x=\"\(Markup.pixel(viewport.x))\" y=\"\(Markup.pixel(viewport.y))\" width=\"\(Markup.pixel(viewport.width))\" height=\"\(Markup.pixel(viewport.height))\" fill=\"#f4f6f4\" stroke=\"#ced4da\"/>"
        // A nested viewport clips the drawing to the frame without any id (several maps share one page).
        svg += "<svg x=\"\(Markup.pixel(viewport.x))\" y=\"\(Markup.pixel(viewport.y))\" width=\"\(Markup.pixel(viewport.width))\" height=\"\(Markup.pixel(viewport.height))\" viewBox=\"\(vp)\" overflow=\"hidden\">"

        var labelCandidates: [(text: String, anchor: MapPoint, size: Double, beside: Double?)] = []
        for (l, layer) in layers.enumerated() {
            svg += layerGroup(layer, features: projected[l], colours: colours[l], projection: projection)
            if layer.style.labelled {
                // Larger features first; a point or a feature under 16 px is labelled beside it, not over it.
                var seen = Set<String>()
                let ranked = projected[l].filter { $0.anchor != nil && !($0.label ?? "").isEmpty }
                    .map { f -> (ProjectedFeature, Double) in (f, f.extent.map { max($0.width, $0.height) * projection.scale } ?? 0) }
                    .sorted { $0.1 > $1.1 }
                for (f, size) in ranked where seen.insert(f.label!).inserted {
                    let a = f.anchor!
                    let beside: Double? = f.symbol == .point ? layer.style.pointRadius + 3 : size < 16 ? size / 2 + 3 : nil
                    labelCandidates.append((f.label!, projection.pixel(a.x, a.y), labelSize, beside))
                }
            }
        }
        var placer = LabelPlacer(bounds: viewport, reserved: [bar.box, arrow.box])
        svg += "<g class=\"labels\" font-size=\"\(Markup.decimal(labelSize, digits: 1))\" fill=\"#1b1f23\" text-anchor=\"middle\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" stroke-opacity=\"0.9\" paint-order=\"stroke\">"
        for c in labelCandidates {
            guard placer.place(c.text, at: c.anchor, fontSize: c.size, beside: c.beside) != nil else { continue }
            let x = c.beside.map { c.anchor.x + $0 } ?? c.anchor.x
            let start = c.beside == nil ? "" : " text-anchor=\"start\""
            svg += "<text class=\"label\" x=\"\(Markup.pixel(x))\" y=\"\(Markup.pixel(c.anchor.y + c.size * 0.36))\"\(start)>\(Markup.escape(c.text))</text>"
        }
        svg += "</g></svg>"
        svg += bar.svg + arrow.svg
        svg += legend.svg(in: panel)
        svg += "</svg>"
        return svg
    }

    /// One layer as a group carrying the shared style; polygons as even-odd paths, lines as
    /// polylines, points as circles; categorical fills per feature.
    static func layerGroup(_ layer: MapLayer, features: [ProjectedFeature], colours: [String: String], projection: MapProjection) -> String {
        let style = layer.style
        var attrs = "class=\"layer\" data-layer=\"\(Markup.escape(layer.title))\""
        attrs += " fill=\"\(Markup.escape(style.fill ?? "none"))\""
        if style.fill != nil { attrs += " fill-opacity=\"\(Markup.decimal(style.fillOpacity, digits: 3))\"" }
        attrs += " stroke=\"\(Markup.escape(style.stroke ?? "none"))\""
        if style.stroke != nil { attrs += " stroke-width=\"\(Markup.decimal(style.strokeWidth, digits: 2))\"" }
        if let dash = style.dash { attrs += " stroke-dasharray=\"\(Markup.escape(dash))\"" }
        attrs += " fill-rule=\"evenodd\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
        var s = "<g \(attrs)>"
        let frame = projection.viewport
        let cull = PixelRect(x: frame.x - 50, y: frame.y - 50, width: frame.width + 100, height: frame.height + 100)
        for f in features {
            let colour = style.categorical ? f.category.flatMap { colours[$0] } : nil
            if !f.polygons.isEmpty {
                var d = ""
                for polygon in f.polygons {
                    for ring in polygon {
                        let px = PixelSimplifier.ring(ring.map { projection.pixel($0.x, $0.y) })
                        guard px.count >= 3, bounds(px).intersects(cull) else { continue }
                        d += "M"
                        for (i, p) in px.enumerated() {
                            if i > 0 { d += " " }
                            d += Markup.pixel(p.x) + " " + Markup.pixel(p.y)
                        }
                        d += "Z"
                    }
                }
                if !d.isEmpty {
                    s += "<path d=\"\(d)\"\(colour.map { " fill=\"\(Markup.escape($0))\"" } ?? "")/>"
                }
            }
            for line in f.lines {
                let px = PixelSimplifier.line(line.map { projection.pixel($0.x, $0.y) })
                guard px.count >= 2, bounds(px).intersects(cull) else { continue }
                let pts = px.map { Markup.pixel($0.x) + "," + Markup.pixel($0.y) }.joined(separator: " ")
                let stroke = colour ?? (style.stroke == nil ? style.fill : nil)
                s += "<polyline points=\"\(pts)\" fill=\"none\"\(stroke.map { " stroke=\"\(Markup.escape($0))\"" } ?? "")/>"
            }
            for p in f.points {
                let q = projection.pixel(p.x, p.y)
                guard cull.contains(PixelRect(x: q.x, y: q.y, width: 0, height: 0)) else { continue }
                s += "<circle cx=\"\(Markup.pixel(q.x))\" cy=\"\(Markup.pixel(q.y))\" r=\"\(Markup.decimal(style.pointRadius, digits: 1))\"\(colour.map { " fill=\"\(Markup.escape($0))\"" } ?? "")/>"
            }
        }
        s += "</g>"
        return s
    }

    private static func bounds(_ pts: [MapPoint]) -> PixelRect {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for p in pts {
            minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        return PixelRect(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
    }
}
