@testable import EcoZone
import GeoKit
import Testing

@Suite struct TabulationShardTests {
    @Test("Every envelope has exactly one owner for any N; the owner depends only on the tile of its centre")
    func partition() throws {
        for n in [1, 2, 3, 8] {
            let shards = try (0..<n).map { try TabulationShard(index: $0, count: n, tileSize: 0.05) }
            for k in 0..<500 {
                let x = 106.3 + Double(k % 25) * 0.013, y = 29.1 + Double(k / 25) * 0.011
                let e = Envelope(minX: x - 0.004, minY: y - 0.002, maxX: x + 0.004, maxY: y + 0.002)
                #expect(shards.filter { $0.owns(e) }.count == 1)
                // Another envelope with its centre in the same 0.05° tile has the same owner.
                let cx = (x / 0.05).rounded(.down) * 0.05 + 0.025, cy = (y / 0.05).rounded(.down) * 0.05 + 0.025
                #expect(shards[0].owner(of: e) == shards[0].owner(of: Envelope(minX: cx, minY: cy, maxX: cx, maxY: cy)))
            }
        }
        #expect(throws: GeoKitError.self) { try TabulationShard(parsing: "0/3", tileSize: 1) }
        #expect(try TabulationShard(parsing: "3/3", tileSize: 1).index == 2)
    }
}
