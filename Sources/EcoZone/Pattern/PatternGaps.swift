import GeoKit

/// Where a belt or corridor is cut by a break (built-up land, a road).
public struct PatternGap: Sendable, Encodable {
    /// The element cut.
    public var element: String
    public var role: PatternRole
    /// The names of the break features at the cut (empty when the break layer names none).
    public var breaks: [String]
    /// A point on the cut.
    public var location: LonLat
    /// How long a stretch of the element the break covers, m: geodesic length of the line inside the
    /// break (lines); nil for polygon elements, whose cut is given by its area.
    public var width: Double?
    /// Ellipsoidal area of the cut, m² (polygon elements; nil for lines).
    public var area: Double?
    /// The cut's geometry, WKB in CGCS2000 lon/lat.
    public var geographic: [UInt8]

    enum CodingKeys: String, CodingKey {
        case element, role, breaks, location
        case width = "width_m", area = "area_m2"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(element, forKey: .element); try c.encode(role, forKey: .role); try c.encode(breaks, forKey: .breaks)
        try c.encode(location, forKey: .location); try c.encode(width, forKey: .width); try c.encode(area, forKey: .area)
    }

    init(element: String, role: PatternRole, breaks: [String], location: LonLat, width: Double?, area: Double?, geographic: [UInt8]) {
        self.element = element; self.role = role; self.breaks = breaks; self.location = location
        self.width = width; self.area = area; self.geographic = geographic
    }
}

/// Cuts belts, corridors and axes (every group of a linear ``ElementKind``) with the break layer.
public enum PatternGaps {
    /// Every stretch of a belt, corridor or axis (as drawn) lying inside a break, one gap per connected stretch.
    public static func find(_ elements: [PatternElement], breaks spec: BreakLayerSpec, zone: GaussKrugerZone) throws -> [PatternGap] {
        let context = GeometryContext()
        let layer = try LoadedLayer.load(spec.request)
        let zoneCRS = try zone.crs()
        let cgcs = try CRS.cgcs2000()
        let toZone = try Transformer(from: layer.crs, to: zoneCRS)
        let fromZone = try Transformer(from: zoneCRS, to: cgcs)
        let measurer = try AreaMeasurer(layerCRS: cgcs, zone: nil, context: context)
        let nameIndex = try spec.nameField.map { try layer.fieldIndex($0) }
        var pieces: [(name: String?, geometry: Geometry)] = []
        for f in layer.features {
            guard let wkb = f.wkb else { continue }
            do {
                var g = try toZone.transform(try Geometry(wkb: wkb, context: context))
                if g.kind.isPolygonal || g.kind == .collection {
                    g = try g.makeValid().geometry.polygonalParts()
                } else {
                    g = try g.buffer(spec.lineWidth / 2, segments: 8)
                }
                if g.isEmpty { continue }
                let name = nameIndex.map { f.values[$0] }.flatMap { $0 == .null ? nil : $0.description }
                pieces.append((name, g))
            } catch {
                throw layer.locate(error, feature: f.fid)
            }
        }
        guard !pieces.isEmpty else { return [] }
        let all = try context.collection(pieces.map(\.geometry)).unaryUnion()
        let prepared = try PreparedGeometry(all)
        var gaps: [PatternGap] = []
        for e in elements where e.role.kind.isLinear {
            guard e.shape != .point else { continue }
            let drawn = try Geometry(wkb: e.projected, context: context)
            guard try prepared.intersects(drawn) else { continue }
            var cut = try drawn.intersection(all)
            if e.shape == .line || e.shape == .mixed {
                cut = try lineal(cut, in: context)
                if cut.isEmpty { continue }
                cut = try cut.lineMerged()
            } else {
                cut = try cut.polygonalParts()
            }
            for i in 0..<cut.partCount {
                let part = try cut.part(i)
                if part.isEmpty { continue }
                let geographic = try fromZone.transform(part)
                let width = e.shape != .polygon ? try geographic.geodesicLength(on: .cgcs2000) : nil
                let area = e.shape == .polygon ? try measurer.ellipsoidalArea(geographic) : nil
                if (width ?? area ?? 0) <= 0 { continue }
                let names = try pieces.filter { p in try p.geometry.intersects(part) }.compactMap(\.name)
                var seen = Set<String>()
                guard let pe = try fromZone.transform(try part.pointOnSurface()).envelope else { continue }
                gaps.append(PatternGap(element: e.id, role: e.role, breaks: names.filter { seen.insert($0).inserted },
                                       location: LonLat(lon: pe.minX, lat: pe.minY), width: width, area: area,
                                       geographic: geographic.wkb))
            }
        }
        return gaps
    }

    /// The lineal parts of an intersection result (points where a line only grazes a break are dropped).
    static func lineal(_ g: Geometry, in context: GeometryContext) throws -> Geometry {
        if g.kind.isLineal { return g }
        var lines: [Geometry] = []
        if g.kind == .collection {
            for i in 0..<g.partCount {
                let p = try g.part(i)
                if p.kind.isLineal { lines.append(try lineal(p, in: context)) }
            }
        }
        if lines.isEmpty { return try context.collection([], kind: .multiLineString) }
        return lines.count == 1 ? lines[0] : try context.collection(lines).unaryUnion()
    }
}
