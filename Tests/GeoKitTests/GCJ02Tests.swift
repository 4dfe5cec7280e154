import Testing
@testable import GeoKit

@Suite struct GCJ02Tests {
    @Test func inverseUndoesTheShiftEverywhereInChina() {
        for lon in stride(from: 74.0, through: 134.0, by: 7.5) {
            for lat in stride(from: 18.0, through: 53.0, by: 5.0) {
                let g = GCJ02.fromWGS84(lon: lon, lat: lat)
                let w = GCJ02.toWGS84(lon: g.lon, lat: g.lat)
                #expect(abs(w.lon - lon) < 1e-9 && abs(w.lat - lat) < 1e-9)
            }
        }
    }

    @Test func shiftIsHundredsOfMetresInsideChinaAndNoneOutside() {
        // Chongqing: the shift is a few hundred metres (the real data's README: A→B ≈ 500 m).
        let g = GCJ02.fromWGS84(lon: 106.8, lat: 29.4)
        let metres = geodesicDistance(lon1: 106.8, lat1: 29.4, lon2: g.lon, lat2: g.lat)
        #expect(metres > 100 && metres < 800)
        #expect(GCJ02.fromWGS84(lon: 2.35, lat: 48.85) == (2.35, 48.85))   // Paris: untouched
    }
}
