// Work shared among cooperating processes: the ranks of an MPI job, when ecozone-mpi runs a
// pipeline of this library (issue 20). The library knows nothing of MPI: ecozone-mpi hands it an
// object with the four collectives below, and the pipelines split their independent pieces of
// work (a core's cost distance, a link's corridor or circuit) by rank and fold the results in the
// order a single process would, so every figure is the single process's, bit for bit.
//
// Failures are agreed: a rank whose share fails still joins the next collective and says so there,
// and every rank throws (rank 0 the failing rank's sentence, the others ``WorkSharingFailure``,
// which ecozone-mpi does not print again), so rank 0 can remove its partial output folder before
// the job ends instead of being killed in a collective.

import Foundation
import GeoKit

/// A group of processes that run the same pipeline together (an MPI communicator). Every call is
/// collective: each rank of the group makes it, in the same order.
public protocol WorkSharing: AnyObject {
    /// This process's rank, 0-based.
    var rank: Int { get }
    /// Number of ranks.
    var size: Int { get }
    /// Every rank's bytes on rank 0, in rank order; nil on the other ranks.
    func gather(_ bytes: [UInt8]) throws -> [[UInt8]]?
    /// Rank 0's bytes on every rank (the others' argument is ignored).
    func broadcast(_ bytes: [UInt8]) throws -> [UInt8]
    /// All-to-all: `parts[d]` goes to rank d; returns what each rank sent this one, in rank order.
    func exchange(_ parts: [[UInt8]]) throws -> [[UInt8]]
}

/// Thrown on the ranks other than 0 when a collective step failed: rank 0 throws the sentence.
public struct WorkSharingFailure: Error, CustomStringConvertible {
    public let rank: Int
    public let message: String
    public var description: String { "rank \(rank) failed: \(message)" }
}

extension WorkSharing {
    /// Every rank's bytes on every rank, in rank order.
    public func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] {
        let packed = try gather(bytes).map { parts -> [UInt8] in
            var w = ByteWriter()
            w.put(parts.count)
            for p in parts { w.put(p) }
            return w.bytes
        }
        var r = ByteReader(try broadcast(packed ?? []))
        return try (0..<r.int()).map { _ in try r.bytes() }
    }

    /// As ``gather(_:)`` of each rank's result, with the failure agreed: when some rank's `result`
    /// failed, every rank throws (see the file's header), else rank 0 gets the parts.
    public func gatherAgreed(_ result: Result<[UInt8], any Error>) throws -> [[UInt8]]? {
        let parts = try gather(Self.pack(result))
        var verdict = ByteWriter()
        var failure: (rank: Int, message: String)?
        if let parts {
            for (r, p) in parts.enumerated() where failure == nil {
                var reader = ByteReader(p)
                if try reader.int() != 0 { failure = (r, try reader.string()) }
            }
            verdict.put(failure == nil ? -1 : failure!.rank)
            verdict.put(failure?.message ?? "")
        }
        var reader = ByteReader(try broadcast(verdict.bytes))
        let failed = try reader.int(), message = try reader.string()
        if failed >= 0 { throw agreedError(failedRank: failed, message: message, own: result) }
        return try parts.map { try $0.map { var r = ByteReader($0); _ = try r.int(); return try r.bytes() } }
    }

    /// As ``allGather(_:)`` of each rank's result, with the failure agreed.
    public func allGatherAgreed(_ result: Result<[UInt8], any Error>) throws -> [[UInt8]] {
        let parts = try allGather(Self.pack(result))
        for (r, p) in parts.enumerated() {
            var reader = ByteReader(p)
            if try reader.int() != 0 { throw agreedError(failedRank: r, message: try reader.string(), own: result) }
        }
        return try parts.map { var r = ByteReader($0); _ = try r.int(); return try r.bytes() }
    }

    /// Agrees that every rank got through a step (`result` nil) or throws as ``gatherAgreed(_:)``.
    public func agree(_ error: (any Error)?) throws {
        _ = try gatherAgreed(error.map { .failure($0) } ?? .success([]))
    }

    /// Rank 0's `parts[d]` on rank d (the other ranks pass nil).
    public func scatter(_ parts: [[UInt8]]?) throws -> [UInt8] {
        let out = parts ?? []
        return try exchange((0..<size).map { rank == 0 && $0 < out.count ? out[$0] : [] })[0]
    }

    private static func pack(_ result: Result<[UInt8], any Error>) -> [UInt8] {
        var w = ByteWriter()
        switch result {
        case .success(let bytes): w.put(0); w.put(bytes)
        case .failure(let error): w.put(1); w.put(String(describing: error))
        }
        return w.bytes
    }

    private func agreedError(failedRank: Int, message: String, own: Result<[UInt8], any Error>) -> any Error {
        if case .failure(let error) = own, failedRank == rank { return error }
        if rank == 0 { return GeoKitError(.input, "rank \(failedRank): \(message)") }
        return WorkSharingFailure(rank: failedRank, message: message)
    }
}

extension Result {
    /// The failure, if any.
    var error: Failure? { if case .failure(let e) = self { return e } else { return nil } }
}

extension WorkSharing {
    /// Whether this rank takes piece `k` of work shared round-robin.
    @inline(__always)
    public func owns(_ k: Int) -> Bool { k % size == rank }

    /// Rows `start ..< end` of a `height`-row grid that rank `r` holds when the rows are split into
    /// `size` contiguous bands, the first `height mod size` one row taller (a band may be empty).
    public func band(of r: Int, height: Int) -> Range<Int> {
        let base = height / size, extra = height % size
        let start = r * base + min(r, extra)
        return start..<(start + base + (r < extra ? 1 : 0))
    }

    /// Every rank's rows when rows of the given work (`weights[row]` ≥ 0) are split into `size`
    /// contiguous bands of about equal work, in rank order: band r ends where the running sum of the
    /// weights comes closest to (r + 1)/size of the total (a band may be empty). Without any work (all
    /// zero) the rows are split evenly, as ``band(of:height:)``. Local arithmetic, the same on every rank.
    public func bands(weights: [Double]) -> [Range<Int>] {
        let total = weights.reduce(0, +)
        guard total > 0, total.isFinite else { return (0..<size).map { band(of: $0, height: weights.count) } }
        var prefix = [0.0]
        prefix.reserveCapacity(weights.count + 1)
        for w in weights { prefix.append(prefix.last! + w) }
        var cuts = [0]
        for r in 1..<size {
            let goal = total * Double(r) / Double(size)
            // The first boundary at or past the goal, or the one before it if that is closer.
            var k = prefix.firstIndex { $0 >= goal } ?? weights.count
            if k > 0, goal - prefix[k - 1] < prefix[k] - goal { k -= 1 }
            cuts.append(max(cuts.last!, k))
        }
        cuts.append(weights.count)
        return (0..<size).map { cuts[$0]..<cuts[$0 + 1] }
    }
}

/// Little-endian packing of the few value types the shared pipelines exchange.
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []
    public init() {}

    public mutating func put(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func put(_ v: Int32) { put(Int(v)) }
    public mutating func put(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func put(_ v: Bool) { bytes.append(v ? 1 : 0) }
    public mutating func put(_ v: String) { put(Array(v.utf8)) }
    public mutating func put(_ v: [UInt8]) { put(v.count); bytes.append(contentsOf: v) }
    /// Arrays go as their memory: every host Swift and MPI run on here is little-endian.
    public mutating func put(_ v: [Double]) { put(v.count); v.withUnsafeBytes { bytes.append(contentsOf: $0) } }
    public mutating func put(_ v: [Int32]) { put(v.count); v.withUnsafeBytes { bytes.append(contentsOf: $0) } }
    public mutating func put(_ v: [Float]) { put(v.count); v.withUnsafeBytes { bytes.append(contentsOf: $0) } }
    public mutating func put(_ w: CellWindow?) {
        put(w != nil)
        if let w { put(w.column); put(w.row); put(w.width); put(w.height) }
    }
}

/// Reads what ``ByteWriter`` wrote, in the same order; a short or malformed buffer throws.
public struct ByteReader {
    private let data: [UInt8]
    private var offset = 0
    public init(_ bytes: [UInt8]) { data = bytes }

    /// Whether everything has been read.
    public var atEnd: Bool { offset == data.count }

    private mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= data.count else {
            throw GeoKitError(.input, "internal error: a message between ranks is truncated (\(data.count) bytes, wanted \(offset + n))")
        }
        defer { offset += n }
        return data[offset..<(offset + n)]
    }

    public mutating func int() throws -> Int {
        Int(Int64(littleEndian: try take(8).withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }))
    }
    public mutating func int32() throws -> Int32 { Int32(try int()) }
    public mutating func double() throws -> Double {
        Double(bitPattern: UInt64(littleEndian: try take(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
    }
    public mutating func bool() throws -> Bool { try take(1).first! != 0 }
    public mutating func string() throws -> String { String(decoding: try bytes(), as: UTF8.self) }
    public mutating func bytes() throws -> [UInt8] { Array(try take(try int())) }
    public mutating func doubles() throws -> [Double] { try array(of: Double.self) }
    public mutating func int32s() throws -> [Int32] { try array(of: Int32.self) }
    public mutating func floats() throws -> [Float] { try array(of: Float.self) }

    private mutating func array<T>(of type: T.Type) throws -> [T] {
        let n = try int()
        let raw = try take(n * MemoryLayout<T>.stride)
        return [T](unsafeUninitializedCapacity: n) { buffer, count in
            raw.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
            count = n
        }
    }
    public mutating func window() throws -> CellWindow? {
        guard try bool() else { return nil }
        let c = try int(), r = try int(), w = try int(), h = try int()
        guard w > 0, h > 0 else { throw GeoKitError(.input, "internal error: an empty window in a message between ranks") }
        return CellWindow(column: c, row: r, width: w, height: h)
    }
}
