import Foundation
import Testing
@testable import EcoZone

/// `Area`'s conversions, each worked by hand from the definitions: 1 km² = 1 000 000 m²,
/// 1 ha = 10 000 m², 1 亩 = 10 000 / 15 m² (so 15 亩 = 1 ha and 1 km² = 1 500 亩).
@Suite struct AreaTests {
    @Test func conversionsByHand() {
        let km2 = Area(squareKilometres: 1)
        #expect(km2.squareMetres == 1_000_000)
        #expect(km2.hectares == 100)
        #expect(km2.mu == 1_500)
        #expect(Area(hectares: 1).mu == 15)
        #expect(Area(hectares: 1).squareMetres == 10_000)
        #expect(Area(mu: 15).hectares == 1)
        #expect(abs(Area(mu: 1).squareMetres - 666.666_666_666_666_7) < 1e-12)
        // 535.52 km² (Banan's stated erosion) = 53 552 ha = 803 280 亩.
        let erosion = Area(squareMetres: 535_520_000)
        #expect(erosion.squareKilometres == 535.52)
        #expect(erosion.hectares == 53_552)
        #expect(erosion.mu == 803_280)
        #expect(erosion.value(in: .squareMetres) == 535_520_000)
    }

    /// A number read back in the unit it was made in is the same number, bit for bit — so a table
    /// written from an `Area` made from km² holds what it held when it was a bare double.
    @Test func itsOwnUnitRoundTripsExactly() {
        let awkward = 0.1 + 0.2                                   // 0.30000000000000004
        #expect(Area(squareKilometres: awkward).squareKilometres == awkward)
        #expect(Area(squareMetres: 123_456.789).squareMetres == 123_456.789)
        // Made from m², read in km²: the one division tables used to do.
        let m2 = 987_654_321.123
        #expect(Area(squareMetres: m2).squareKilometres == m2 / 1e6)
        #expect(Area(squareMetres: m2).converted(to: .squareKilometres).value == m2 / 1e6)
    }

    @Test func arithmeticKeepsOneUnitAndMixesInSquareMetres() {
        // Same unit: added in that unit, as sums of km² rows were.
        let parts = [Area(squareKilometres: 0.1), Area(squareKilometres: 0.2)]
        #expect(parts.sum().unit == .squareKilometres)
        #expect(parts.sum().value == 0.1 + 0.2)
        // Different units: 1 km² + 1 ha = 1 010 000 m².
        let mixed = Area(squareKilometres: 1) + Area(hectares: 1)
        #expect(mixed.unit == .squareMetres && mixed.squareMetres == 1_010_000)
        #expect((Area(squareKilometres: 2) - Area(hectares: 50)).squareKilometres == 1.5)
        #expect([Area]().sum() == .zero)
        #expect((Area(hectares: 3) * 2).hectares == 6)
    }

    @Test func comparisonsAndSharesAcrossUnits() {
        #expect(Area(squareKilometres: 1) == Area(hectares: 100))
        #expect(Area(squareKilometres: 1) == Area(mu: 1_500))
        #expect(Area(hectares: 99) < Area(squareKilometres: 1))
        #expect(Set([Area(squareKilometres: 1), Area(hectares: 100), Area(squareMetres: 1_000_000)]).count == 1)
        // 1 km² of 400 ha is a quarter; a share of nothing is undefined.
        #expect(Area(squareKilometres: 1).fraction(of: Area(hectares: 400)) == 0.25)
        #expect(Area(squareKilometres: 1).fraction(of: .zero) == nil)
    }

    /// JSON holds km², the unit of every EcoZone table: 2.5 × 10⁶ m² is written 2.5.
    @Test func codableAsKilometres() throws {
        let data = try JSONEncoder().encode([Area(squareMetres: 2_500_000), Area(hectares: 50)])
        #expect(String(decoding: data, as: UTF8.self) == "[2.5,0.5]")
        let back = try JSONDecoder().decode([Area].self, from: Data("[535.52]".utf8))
        #expect(back[0].unit == .squareKilometres && back[0].squareMetres == 535.52 * 1e6)
    }
}
