/// Area units analysts use. 1 亩 (mu) = 10 000 / 15 m² exactly (市制).
public enum AreaUnit: String, Sendable, Codable, CaseIterable {
    case squareKilometres = "km2"
    case hectares = "ha"
    case squareMetres = "m2"
    case mu = "mu"

    /// Square metres in one unit.
    public var squareMetres: Double {
        switch self {
        case .squareKilometres: return 1e6
        case .hectares: return 1e4
        case .squareMetres: return 1
        case .mu: return 10_000.0 / 15.0
        }
    }

    /// Converts m² to this unit.
    public func fromSquareMetres(_ m2: Double) -> Double { m2 / squareMetres }

    /// The symbol for tables: km², ha, m², 亩.
    public var symbol: String {
        switch self {
        case .squareKilometres: return "km²"
        case .hectares: return "ha"
        case .squareMetres: return "m²"
        case .mu: return "亩"
        }
    }
}

/// How an area is measured.
public enum AreaMethod: String, Sendable, Codable, CaseIterable {
    /// Geodesic area on the CGCS2000 ellipsoid (the national rule).
    case ellipsoidal
    /// Planar area in the CGCS2000 3° Gauss–Krüger zone of the layer's central longitude.
    case projected
    /// Both, side by side.
    case both
}
