import Foundation
import GeoKit

/// Where one group's elements came from: one entry per source.
public struct PatternLayerInfo: Sendable, Codable {
    public var role: PatternRole
    public var source: String
    public var layer: String
    public var geometryType: String
    public var features: Int
    public var sourceCRS: String
    /// Features that were repaired (invalid polygons) before use.
    public var repaired: Int

    enum CodingKeys: String, CodingKey {
        case role, source, layer, features, repaired
        case geometryType = "geometry_type", sourceCRS = "source_crs"
    }
}

/// The pattern's elements read from every group's sources, merged by name within a group, measured
/// on the ellipsoid and projected to one Gauss–Krüger zone for metric work.
public struct PatternElements: Sendable {
    public var elements: [PatternElement]
    public var layers: [PatternLayerInfo]
    /// The zone in which buffers and distances are computed.
    public var zone: GaussKrugerZone

    public func elements(_ role: PatternRole) -> [PatternElement] { elements.filter { $0.role == role } }

    /// Reads every group the pattern section gives data for. A group may take several sources, of
    /// mixed geometry and in different CRSs: each is read, transformed to CGCS2000 lon/lat and named by
    /// its own name field; features of one name are one element. Line and point parts are buffered by
    /// the group's width (``Project/Element/width``, else ``PatternSettings/width(for:)``) into the
    /// footprint, so every element has an area to rank by.
    public static func load(_ pattern: Project.Pattern, settings: PatternSettings) throws -> PatternElements {
        let context = GeometryContext()
        let cgcs = try CRS.cgcs2000()
        struct Raw { var role: PatternRole; var name: String; var fids: [Int64]; var geographic: Geometry; var width: Double }
        var raws: [Raw] = []
        var infos: [PatternLayerInfo] = []
        for element in pattern.elements {
            guard let layer = element.layer else { continue }
            let role = element.role
            var groups: [(String, [Int64], [Geometry])] = []
            var groupIndex: [String: Int] = [:]
            for (k, source) in layer.sources.enumerated() {
                let loaded = try LoadedLayer.load(source.request)
                let nameIndex = try source.field(.name).map { try loaded.fieldIndex($0) }
                let toGeographic = try Transformer(from: loaded.crs, to: cgcs)
                var repaired = 0
                for f in loaded.features {
                    guard let wkb = f.wkb else { continue }
                    do {
                        var g = try toGeographic.transform(try Geometry(wkb: wkb, context: context))
                        if g.isEmpty { continue }
                        if g.kind.isPolygonal || g.kind == .collection {
                            let (valid, repair) = try g.makeValid()
                            if repair != nil { repaired += 1 }
                            g = valid.kind.isPolygonal || valid.kind.isLineal ? valid : try valid.polygonalParts()
                            if g.isEmpty { continue }
                        }
                        let name: String
                        if let ni = nameIndex, case let v = f.values[ni], v != .null, !v.description.isEmpty {
                            name = v.description
                        } else {
                            // Unnamed features stay apart; with several sources, "#source.fid".
                            name = layer.sources.count == 1 ? "\(role.rawValue) #\(f.fid)" : "\(role.rawValue) #\(k + 1).\(f.fid)"
                        }
                        if let i = groupIndex[name] {
                            groups[i].1.append(f.fid); groups[i].2.append(g)
                        } else {
                            groupIndex[name] = groups.count
                            groups.append((name, [f.fid], [g]))
                        }
                    } catch {
                        throw loaded.locate(error, feature: f.fid)
                    }
                }
                infos.append(PatternLayerInfo(role: role, source: source.path, layer: loaded.layerName, geometryType: loaded.geometryType,
                                              features: loaded.features.count, sourceCRS: loaded.crs.description, repaired: repaired))
            }
            let width = element.width ?? settings.width(for: role.kind)
            for (name, fids, parts) in groups {
                let merged = parts.count == 1 ? parts[0] : try context.collection(parts).unaryUnion()
                raws.append(Raw(role: role, name: name, fids: fids, geographic: merged, width: width))
            }
        }

        let zone: GaussKrugerZone
        if let z = settings.zone {
            zone = z
        } else {
            var envelope: Envelope?
            for r in raws { if let e = r.geographic.envelope { envelope = envelope?.union(e) ?? e } }
            guard let e = envelope, let z = GaussKrugerZone(longitude: e.centerX) else {
                throw GeoKitError(.input, "the pattern layers lie outside the CGCS2000 Gauss–Krüger zones (73.5–136.5°E), or hold no geometry; buffers and distances in metres need one (set pattern 'zone')")
            }
            zone = z
        }
        let toZone = try Transformer(from: cgcs, to: try zone.crs())
        let fromZone = try Transformer(from: try zone.crs(), to: cgcs)
        let measurer = try AreaMeasurer(layerCRS: cgcs, zone: nil, context: context)

        var elements: [PatternElement] = []
        for r in raws {
            let g = r.geographic
            let split = try Self.split(g, in: context)
            let shape: ElementShape
            switch (split.polygons != nil, split.lines != nil, split.points != nil) {
            case (true, false, false): shape = .polygon
            case (false, true, false): shape = .line
            case (false, false, true): shape = .point
            default: shape = .mixed
            }
            let projected = try toZone.transform(g)
            // Lines and points (not polygons) are buffered: the footprint is the polygons plus the buffered rest.
            let width = split.lines != nil || split.points != nil ? r.width : 0
            var footprint = projected
            if width > 0 {
                let rest = split.polygons == nil ? projected
                    : try toZone.transform(try context.collection([split.lines, split.points].compactMap { $0 }))
                let buffered = try rest.buffer(width, segments: 16)
                footprint = try split.polygons.map { try toZone.transform($0).union(buffered) } ?? buffered
            }
            let area = try split.polygons.map { try measurer.ellipsoidalArea($0) }
            let footprintArea = width > 0 ? try measurer.ellipsoidalArea(try fromZone.transform(footprint)) : (area ?? 0)
            let p = try fromZone.transform(try projected.pointOnSurface())
            guard let pe = p.envelope else { throw GeoKitError(.geometry, "element '\(r.name)' has no point on its surface") }
            elements.append(PatternElement(id: "\(r.role.rawValue):\(r.name)", role: r.role, name: r.name, fids: r.fids, shape: shape,
                                           area: area, length: try split.lines.map { try $0.geodesicLength(on: .cgcs2000) },
                                           bufferWidth: width, footprintArea: footprintArea,
                                           geographic: g.wkb, projected: projected.wkb, footprint: footprint.wkb,
                                           point: LonLat(lon: pe.minX, lat: pe.minY)))
        }
        return PatternElements(elements: elements, layers: infos, zone: zone)
    }

    /// The polygonal, lineal and puntal parts of a geometry, each as one multi-geometry (nil when none).
    static func split(_ g: Geometry, in context: GeometryContext) throws -> (polygons: Geometry?, lines: Geometry?, points: Geometry?) {
        switch g.kind {
        case .polygon, .multiPolygon: return (g, nil, nil)
        case .lineString, .linearRing, .multiLineString: return (nil, g, nil)
        case .point, .multiPoint: return (nil, nil, g)
        case .collection: break
        }
        var polygons: [Geometry] = [], lines: [Geometry] = [], points: [Geometry] = []
        var stack = [g]
        while let x = stack.popLast() {
            switch x.kind {
            case .polygon: polygons.append(x)
            case .lineString, .linearRing: lines.append(x)
            case .point: points.append(x)
            default: for i in 0..<x.partCount { stack.append(try x.part(i)) }
            }
        }
        func make(_ parts: [Geometry], _ kind: GeometryKind) throws -> Geometry? {
            parts.isEmpty ? nil : try context.collection(parts.filter { !$0.isEmpty }, kind: kind)
        }
        return (try make(polygons, .multiPolygon), try make(lines, .multiLineString), try make(points, .multiPoint))
    }
}
