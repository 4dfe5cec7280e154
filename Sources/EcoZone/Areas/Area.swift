/// An area with its unit: what analyses hand each other instead of bare numbers of km² or m².
///
/// The value is kept in the unit it was measured or stated in (`Area(squareMetres:)` from a
/// geodesic measure, `Area(squareKilometres:)` from a table), and converted on demand with the
/// factors of ``AreaUnit`` (1 km² = 10⁶ m², 1 ha = 10⁴ m², 1 亩 = 10 000 / 15 m² exactly): reading
/// it back in its own unit returns the number it was made from, bit for bit, so tables and JSON
/// written from an `Area` hold exactly the figures they held when areas were bare doubles.
///
/// Sums of areas in one unit are taken in that unit (the same floating-point additions as before);
/// areas in different units are added in m². Comparisons and equality are in m².
///
/// Encoded (`Codable`) as a number of km², the unit of every EcoZone table and JSON document with
/// an area (`area_km2`, `"unit": "km2"`).
public struct Area: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The number, in ``unit``.
    public let value: Double
    public let unit: AreaUnit

    /// `value` in `unit` (e.g. `Area(535.52, .squareKilometres)`).
    public init(_ value: Double, _ unit: AreaUnit) {
        self.value = value
        self.unit = unit
    }

    public init(squareMetres: Double) { self.init(squareMetres, .squareMetres) }
    public init(squareKilometres: Double) { self.init(squareKilometres, .squareKilometres) }
    public init(hectares: Double) { self.init(hectares, .hectares) }
    public init(mu: Double) { self.init(mu, .mu) }

    public static let zero = Area(squareMetres: 0)

    /// The area in `target`: the stored number when `target` is its unit, else via m² (`AreaUnit.squareMetres`).
    public func value(in target: AreaUnit) -> Double {
        target == unit ? value : target.fromSquareMetres(squareMetres)
    }

    public var squareMetres: Double { unit == .squareMetres ? value : value * unit.squareMetres }
    public var squareKilometres: Double { value(in: .squareKilometres) }
    public var hectares: Double { value(in: .hectares) }
    /// 亩 (市亩): 10 000 / 15 m².
    public var mu: Double { value(in: .mu) }

    /// The same area expressed in `target` (the number converted once).
    public func converted(to target: AreaUnit) -> Area { Area(value(in: target), target) }

    public var isZero: Bool { value == 0 }

    /// This area as a share of `whole` (0…1 for a part), m² over m²; nil when `whole` is zero.
    public func fraction(of whole: Area) -> Double? {
        if unit == whole.unit { return whole.value != 0 ? value / whole.value : nil }
        let w = whole.squareMetres
        return w != 0 ? squareMetres / w : nil
    }

    // MARK: arithmetic

    public static func + (a: Area, b: Area) -> Area {
        a.unit == b.unit ? Area(a.value + b.value, a.unit) : Area(squareMetres: a.squareMetres + b.squareMetres)
    }

    public static func - (a: Area, b: Area) -> Area {
        a.unit == b.unit ? Area(a.value - b.value, a.unit) : Area(squareMetres: a.squareMetres - b.squareMetres)
    }

    public static func += (a: inout Area, b: Area) { a = a + b }
    public static func -= (a: inout Area, b: Area) { a = a - b }

    public static func * (a: Area, k: Double) -> Area { Area(a.value * k, a.unit) }

    // MARK: comparing (in m²)

    public static func == (a: Area, b: Area) -> Bool {
        a.unit == b.unit ? a.value == b.value : a.squareMetres == b.squareMetres
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(squareMetres) }

    public static func < (a: Area, b: Area) -> Bool {
        a.unit == b.unit ? a.value < b.value : a.squareMetres < b.squareMetres
    }

    // MARK: Codable: a number of km²

    public init(from decoder: Decoder) throws {
        self.init(squareKilometres: try decoder.singleValueContainer().decode(Double.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(squareKilometres)
    }

    /// "535.52 km²".
    public var description: String { "\(value) \(unit.symbol)" }
}

extension Sequence where Element == Area {
    /// The sum, added in order (in the elements' unit where they share one).
    public func sum() -> Area { reduce(into: Area?.none) { acc, a in acc = acc.map { $0 + a } ?? a } ?? .zero }
}
