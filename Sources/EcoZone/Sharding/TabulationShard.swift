// Which features of a cross-tabulation's first layer one shard of a split run owns (issue 20): a spatial
// partition by grid tile, so any scheduler (a process pool, a Slurm array, MPI ranks) can spread the work
// and `ecozone merge` adds the parts up to the unsplit table.

import GeoKit

/// Shard `index` of `count` (`--shard i/N`, 1-based on the command line): it owns the features whose
/// envelope centre, in the analysis CRS, falls in a grid tile assigned to it. Tiles are `tileSize`
/// analysis-CRS units square (degrees or metres) from the origin; tile (i, j) goes to shard
/// splitmix64(i, j) mod `count`, which spreads neighbouring tiles, and so dense areas, over the shards.
///
/// A feature is never split between shards (its pieces all go where its centre is), and each feature
/// belongs to exactly one shard for any `count`: the shards' parts add up to the whole layer.
public struct TabulationShard: Sendable, Equatable, Codable {
    /// 0-based.
    public var index: Int
    public var count: Int
    public var tileSize: Double

    /// The default tile: 0.1° in a geographic analysis CRS, 10 km in a projected one.
    public static func defaultTileSize(geographic: Bool) -> Double { geographic ? 0.1 : 10_000 }

    public init(index: Int, count: Int, tileSize: Double) throws {
        guard count >= 1, index >= 0, index < count else {
            throw GeoKitError(.input, "a shard is i/N with 1 ≤ i ≤ N, not \(index + 1)/\(count)")
        }
        guard tileSize.isFinite, tileSize > 0 else { throw GeoKitError(.input, "the shard tile size must be a positive number, not \(tileSize)") }
        self.index = index
        self.count = count
        self.tileSize = tileSize
    }

    /// Parses "i/N" (1-based i).
    public init(parsing text: String, tileSize: Double) throws {
        let parts = text.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let i = parts[0], let n = parts[1] else {
            throw GeoKitError(.input, "--shard takes i/N (e.g. 3/8), not \(text)")
        }
        try self.init(index: i - 1, count: n, tileSize: tileSize)
    }

    /// The shard that owns a feature with this envelope.
    public func owner(of envelope: Envelope) -> Int {
        let cx = (envelope.minX + envelope.maxX) / 2, cy = (envelope.minY + envelope.maxY) / 2
        let i = Int64(clamping: Int((cx / tileSize).rounded(.down).clamped(-1e15, 1e15)))
        let j = Int64(clamping: Int((cy / tileSize).rounded(.down).clamped(-1e15, 1e15)))
        return Int(Self.mix(UInt64(bitPattern: i) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: j)) % UInt64(count))
    }

    public func owns(_ envelope: Envelope) -> Bool { owner(of: envelope) == index }

    /// splitmix64's finaliser: a fixed bijection of 64-bit words (not Swift's Hasher, which is seeded per process).
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private extension Double {
    func clamped(_ lo: Double, _ hi: Double) -> Double { isNaN ? 0 : Swift.min(Swift.max(self, lo), hi) }
}
