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
