import Foundation
import GeoKit

/// Where one role's elements came from.
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

/// The pattern's elements read from the project's `pattern:` layers, merged by name, measured on the
/// ellipsoid and projected to one Gauss–Krüger zone for metric work.
public struct PatternElements: Sendable {
    public var elements: [PatternElement]
    public var layers: [PatternLayerInfo]
    /// The zone in which buffers and distances are computed.
    public var zone: GaussKrugerZone

    public func elements(_ role: PatternRole) -> [PatternElement] { elements.filter { $0.role == role } }

    /// Reads every role the pattern section names.
    public static func load(_ pattern: Project.Pattern, settings: PatternSettings) throws -> PatternElements {
        let context = GeometryContext()
        let cgcs = try CRS.cgcs2000()
        struct Raw { var role: PatternRole; var name: String; var fids: [Int64]; var geographic: Geometry }
        var raws: [Raw] = []
        var infos: [PatternLayerInfo] = []
        for spec in pattern.elements {
            guard let role = PatternRole(rawValue: spec.role) else { continue }
            let layer = try LoadedLayer.load(spec.request)
            let nameIndex = try spec.field("name").map { try layer.fieldIndex($0) }
            let toGeographic = try Transformer(from: layer.crs, to: cgcs)
            var groups: [(String, [Int64], [Geometry])] = []
            var groupIndex: [String: Int] = [:]
            var repaired = 0
            for f in layer.features {
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
                        name = "\(role.rawValue) #\(f.fid)"
                    }
                    if let i = groupIndex[name] {
                        groups[i].1.append(f.fid); groups[i].2.append(g)
                    } else {
                        groupIndex[name] = groups.count
                        groups.append((name, [f.fid], [g]))
                    }
                } catch {
                    throw layer.locate(error, feature: f.fid)
                }
            }
            for (name, fids, parts) in groups {
                let merged = parts.count == 1 ? parts[0] : try context.collection(parts).unaryUnion()
                raws.append(Raw(role: role, name: name, fids: fids, geographic: merged))
            }
            infos.append(PatternLayerInfo(role: role, source: spec.source, layer: layer.layerName, geometryType: layer.geometryType,
                                          features: layer.features.count, sourceCRS: layer.crs.description, repaired: repaired))
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
            let shape: ElementShape = g.kind.isPolygonal ? .polygon : g.kind.isLineal ? .line : .point
            let projected = try toZone.transform(g)
            var width = 0.0
            if shape == .line {
                if r.role == .belts { width = settings.beltWidth }
                if r.role == .corridors { width = settings.corridorWidth }
            }
            let footprint = width > 0 ? try projected.buffer(width, segments: 16) : projected
            let area = shape == .polygon ? try measurer.ellipsoidalArea(g) : nil
            let footprintArea = width > 0 ? try measurer.ellipsoidalArea(try fromZone.transform(footprint)) : (area ?? 0)
            let p = try fromZone.transform(try projected.pointOnSurface())
            guard let pe = p.envelope else { throw GeoKitError(.geometry, "element '\(r.name)' has no point on its surface") }
            elements.append(PatternElement(id: "\(r.role.rawValue):\(r.name)", role: r.role, name: r.name, fids: r.fids, shape: shape,
                                           area: area, length: shape == .line ? try g.geodesicLength(on: .cgcs2000) : nil,
                                           bufferWidth: width, footprintArea: footprintArea,
                                           geographic: g.wkb, projected: projected.wkb, footprint: footprint.wkb,
                                           point: LonLat(lon: pe.minX, lat: pe.minY)))
        }
        return PatternElements(elements: elements, layers: infos, zone: zone)
    }
}
