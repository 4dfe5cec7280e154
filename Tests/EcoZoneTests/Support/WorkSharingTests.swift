import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The packing the ranks exchange, the row bands, and the agreement on failures, on a group of one
/// process (the MPI groups themselves are tested in mpi/, under mpirun).
@Suite struct WorkSharingTests {
    /// One process: every collective hands back what it was given.
    final class Alone: WorkSharing {
        let rank = 0, size = 1
        func gather(_ bytes: [UInt8]) throws -> [[UInt8]]? { [bytes] }
        func broadcast(_ bytes: [UInt8]) throws -> [UInt8] { bytes }
        func exchange(_ parts: [[UInt8]]) throws -> [[UInt8]] { parts }
    }

    /// A group seen from rank `rank` of `size`, only for the arithmetic of bands and ownership.
    final class Seat: WorkSharing {
        let rank: Int, size: Int
        init(_ rank: Int, of size: Int) { self.rank = rank; self.size = size }
        func gather(_ bytes: [UInt8]) throws -> [[UInt8]]? { nil }
        func broadcast(_ bytes: [UInt8]) throws -> [UInt8] { bytes }
        func exchange(_ parts: [[UInt8]]) throws -> [[UInt8]] { parts }
    }

    @Test func packingRoundTripsEveryBit() throws {
        var w = ByteWriter()
        let doubles = [0.1, -0.0, .infinity, -.infinity, .nan, Double(bitPattern: 0x7FF8_0000_0000_0001), .leastNonzeroMagnitude]
        w.put(-42); w.put(Int32(-7)); w.put(true); w.put("红线 ok"); w.put(doubles); w.put([Int32]()); w.put([Int32.min, 5])
        w.put(CellWindow(column: 3, row: 4, width: 5, height: 6)); w.put(nil as CellWindow?); w.put([Float(1.5), -9999])
        var r = ByteReader(w.bytes)
        #expect(try r.int() == -42 && r.int32() == -7 && r.bool() && r.string() == "红线 ok")
        #expect(try r.doubles().map(\.bitPattern) == doubles.map(\.bitPattern))
        #expect(try r.int32s() == [] && r.int32s() == [Int32.min, 5])
        #expect(try r.window() == CellWindow(column: 3, row: 4, width: 5, height: 6) && r.window() == nil)
        #expect(try r.floats() == [1.5, -9999])
        #expect(r.atEnd)
        // A truncated message is an error, not a crash.
        var short = ByteReader(Array(w.bytes.prefix(20)))
        _ = try short.int()
        #expect(throws: GeoKitError.self) { _ = try short.string() }
    }

    @Test func bandsSplitRowsContiguouslyInRankOrder() {
        // 10 rows over 3 ranks: 4, 3, 3 (the first 10 mod 3 = 1 one taller); 2 rows over 3: 1, 1, 0.
        #expect((0..<3).map { Seat($0, of: 3).band(of: $0, height: 10) } == [0..<4, 4..<7, 7..<10])
        #expect((0..<3).map { Seat(0, of: 3).band(of: $0, height: 2) } == [0..<1, 1..<2, 2..<2])
        #expect((0..<7).filter { Seat(1, of: 3).owns($0) } == [1, 4])
    }

    @Test func bandsOfEqualWorkFollowTheWeights() {
        // Work 4 in the first four rows, 20 in the last two: half of 24 is reached after row 4 (14),
        // closer than after row 3 (4).
        #expect(Seat(0, of: 2).bands(weights: [1, 1, 1, 1, 10, 10]) == [0..<5, 5..<6])
        // Even work: the even split.
        #expect(Seat(1, of: 3).bands(weights: [Double](repeating: 2, count: 9)) == [0..<3, 3..<6, 6..<9])
        // Empty rows at the top (NoData) go with the first band; a rank may get no rows.
        #expect(Seat(0, of: 3).bands(weights: [0, 0, 0, 0, 5, 5, 5]) == [0..<5, 5..<6, 6..<7])
        #expect(Seat(0, of: 3).bands(weights: [9, 0, 0]) == [0..<0, 0..<1, 1..<3])   // 3 is nearer 0 than 9
        // No work at all: rows split as band(of:height:).
        #expect(Seat(0, of: 3).bands(weights: [0, 0, 0, 0]) == [0..<2, 2..<3, 3..<4])
        // Every row in exactly one band, in order.
        let w = (0..<50).map { Double(($0 * 37) % 11) }
        let b = Seat(0, of: 4).bands(weights: w)
        #expect(b.first?.lowerBound == 0 && b.last?.upperBound == 50)
        #expect(zip(b, b.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }

    @Test func aFailureIsRethrownAsItWasOnTheRankThatFailed() throws {
        struct Boom: Error {}
        let alone = Alone()
        #expect(throws: Boom.self) { _ = try alone.gatherAgreed(.failure(Boom())) }
        #expect(throws: Boom.self) { _ = try alone.allGatherAgreed(.failure(Boom())) }
        #expect(try alone.gatherAgreed(.success([1, 2])) == [[1, 2]])
        #expect(try alone.allGather([9]) == [[9]])
        #expect(try alone.scatter([[7, 8]]) == [7, 8])
        try alone.agree(nil)
    }
}
