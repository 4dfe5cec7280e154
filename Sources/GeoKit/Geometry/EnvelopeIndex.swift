/// A static R-tree over envelopes, packed with Sort-Tile-Recursive (Leutenegger et al. 1997).
///
/// Unlike GEOS's STRtree it is a plain Swift value: built once, then shared read-only by every
/// worker (`Sendable`), which each query it for candidate pairs before any GEOS work. It answers
/// "which items' envelopes intersect this envelope?" and nothing more.
public struct EnvelopeIndex: Sendable {
    private struct Node: Sendable {
        var envelope: Envelope
        /// Children: node indices (inner) or item indices (leaf), as a range into `children`.
        var start: Int32
        var count: Int32
        var isLeaf: Bool
    }

    private var nodes: [Node] = []
    private var children: [Int32] = []
    private var root: Int = -1
    private let items: [Envelope?]
    public let count: Int

    /// - Parameter envelopes: one per item; nil for items without geometry (never returned).
    public init(_ envelopes: [Envelope?], nodeCapacity: Int = 16) {
        count = envelopes.count
        items = envelopes
        var level: [(Envelope, Int32)] = envelopes.enumerated().compactMap { i, e in e.map { ($0, Int32(i)) } }
        if level.isEmpty { return }
        var isLeafLevel = true
        while true {
            let groups = Self.tile(level, capacity: nodeCapacity)
            var next: [(Envelope, Int32)] = []
            for g in groups {
                var env = g[0].0
                for (e, _) in g.dropFirst() { env = env.union(e) }
                let start = Int32(children.count)
                children.append(contentsOf: g.map(\.1))
                nodes.append(Node(envelope: env, start: start, count: Int32(g.count), isLeaf: isLeafLevel))
                next.append((env, Int32(nodes.count - 1)))
            }
            isLeafLevel = false
            if next.count == 1 { root = Int(next[0].1); break }
            level = next
        }
    }

    /// Sort-Tile-Recursive grouping: slices by x-centre, then runs by y-centre within each slice.
    private static func tile(_ items: [(Envelope, Int32)], capacity: Int) -> [[(Envelope, Int32)]] {
        let n = items.count
        let leaves = (n + capacity - 1) / capacity
        let slices = Int(Double(leaves).squareRoot().rounded(.up))
        let perSlice = slices * capacity
        let byX = items.sorted { ($0.0.centerX, $0.1) < ($1.0.centerX, $1.1) }
        var groups: [[(Envelope, Int32)]] = []
        var i = 0
        while i < n {
            let slice = byX[i..<min(i + perSlice, n)].sorted { ($0.0.centerY, $0.1) < ($1.0.centerY, $1.1) }
            var j = slice.startIndex
            while j < slice.endIndex {
                groups.append(Array(slice[j..<min(j + capacity, slice.endIndex)]))
                j += capacity
            }
            i += perSlice
        }
        return groups
    }

    /// Items whose envelope intersects `query`, in ascending item order.
    public func query(_ query: Envelope) -> [Int] {
        guard root >= 0 else { return [] }
        var out: [Int] = []
        var stack = [root]
        while let n = stack.popLast() {
            let node = nodes[n]
            guard node.envelope.intersects(query) else { continue }
            let range = Int(node.start)..<Int(node.start + node.count)
            if node.isLeaf {
                for c in range {
                    let item = Int(children[c])
                    if items[item]!.intersects(query) { out.append(item) }
                }
            } else {
                for c in range where nodes[Int(children[c])].envelope.intersects(query) { stack.append(Int(children[c])) }
            }
        }
        return out.sorted()
    }
}
