import GeoKit

/// A run's results as the report presents them: the words of its language, each layer's display
/// name and map style (graded layers coloured along their class order), and the class order of a
/// layer's field or of a cross-tabulation's dimension.
struct RunReportView {
    let results: RunResults
    let text: ReportText

    /// The area of the latest version of a role, km².
    /// The latest layer of `role`'s area in km² (geodesic edges, `AreaReport`).
    func area(_ role: Role) -> Double? { results.layers.first { $0.role == role.rawValue }?.area?.squareKilometres }

    /// The class order of `layer`'s `field` (any field when nil), if it has one.
    func order(layer: String, field: String?) -> ClassOrder? {
        guard let o = results.classOrders[layer] else { return nil }
        return field == nil || field == o.field || field == o.role.rawValue ? o.order : nil
    }

    /// The class order of a cross-tabulation dimension ("soil-erosion:grade"), if it keys an ordered field.
    func order(dimension: String) -> ClassOrder? {
        results.classOrders.values.first { $0.keys(dimension: dimension) }?.order
    }

    /// The base style of a layer by its role (or result name).
    static func style(for name: String, baseRole: Role?) -> MapStyle {
        switch baseRole ?? Role(name) {
        case .boundary: return .boundary
        case .towns: return .towns
        case .redLine: return .redLine
        case .protectedAreas: return .protectedAreas
        case .soilErosion: return .soilErosion
        case .rockyDesertification: return .rockyDesertification
        case .restorationZones: return .restorationZones
        case .projects: return .projects
        default: break
        }
        switch name {
        case "conflicts": return .pinchPoints
        case "pattern_links": return .patternLinks
        case "corridor_paths": return .corridorPaths
        case "corridor_polygons": return .generic("#ffd8a8")
        case "pinch_points": return .pinchPoints
        case "barrier_patches": return .barrierPatches
        default: return .generic(MapStyle.palette[abs(name.unicodeScalars.reduce(0) { $0 &* 31 &+ Int($1.value) }) % MapStyle.palette.count])
        }
    }

    /// The colour ramp of an ordered layer.
    static func ramp(for role: Role?) -> [String] {
        switch role {
        case .soilErosion?: return ClassOrder.erosionRamp
        case .rockyDesertification?: return ClassOrder.rockyRamp
        default: return ClassOrder.genericRamp
        }
    }

    /// The style a layer is drawn with: its role's, coloured along its class order when it has one
    /// (its features' categories are then its ordered field's values).
    func style(layer name: String, features: [MapFeature]) -> MapStyle {
        let summary = results.layers.first { $0.role == name }
        let base = Self.style(for: name, baseRole: summary?.baseRole)
        guard let ordered = results.classOrders[name] else { return base }
        return ordered.order.style(base, ramp: Self.ramp(for: summary?.baseRole ?? Role(name)), values: features.compactMap(\.category))
    }

    /// A map layer of the run (a role's layer, or a result such as "pinch_points"), titled in the
    /// report's language; nil when the run has no feature of it.
    func layer(_ name: String, style: MapStyle? = nil) -> MapLayer? {
        guard let features = results.map[name], !features.isEmpty else { return nil }
        return MapLayer(title: text.layerName(name), style: style ?? self.style(layer: name, features: features), features: features)
    }

    func layer(_ role: Role) -> MapLayer? { layer(role.rawValue) }
}
