import Foundation

/// The working grid of one MSPA run: two bytes of flags per cell over the image and GTB's frame
/// around it (``MSPAParameters/frame`` cells on each side), row-major.
///
/// Memory: 2 bytes per framed cell for the flags, plus for a while 1 byte (column distances of the
/// distance tests) or 4 bytes (core labels of the bridge/loop flooding), never both: at most 6
/// bytes per cell at the peak. The queues of the searches hold the cells of a front, not the grid.
final class MSPAPlanes {
    /// Framed size.
    let width: Int
    let height: Int
    let count: Int
    /// The two flag bytes of each cell (allocated here, freed in `deinit`).
    let a: UnsafeMutablePointer<UInt8>
    let b: UnsafeMutablePointer<UInt8>

    // Flags in `a`.
    /// Foreground as MSPA sees it: the foreground and missing cells within t of it.
    static let x: UInt8 = 1
    /// The input's own foreground.
    static let fg: UInt8 = 2
    /// Missing data (NoData), and GTB's frame before it is filled.
    static let missing: UInt8 = 4
    static let core: UInt8 = 8
    static let islet: UInt8 = 16
    static let edge: UInt8 = 32
    static let perforation: UInt8 = 64
    /// The set being thinned, then the connectors.
    static let skeleton: UInt8 = 128

    // Flags in `b`.
    /// Cells within t of a core, outside it (edge and perforation together).
    static let ring: UInt8 = 1
    /// Background holes of the foreground (GTB's allHoles), later those not inside a core's hole.
    static let holes: UInt8 = 2
    static let bridge: UInt8 = 4
    static let loop: UInt8 = 8
    /// Inside a core's hole (IntExt's +100).
    static let inner: UInt8 = 16
    static let t1: UInt8 = 32
    static let t2: UInt8 = 64
    static let t3: UInt8 = 128

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        count = width * height
        a = .allocate(capacity: count)
        a.initialize(repeating: 0, count: count)
        b = .allocate(capacity: count)
        b.initialize(repeating: 0, count: count)
    }

    deinit {
        a.deallocate()
        b.deallocate()
    }

    /// Clears `bits` of `b` in every cell.
    func clearB(_ bits: UInt8) {
        let keep = ~bits
        for i in 0..<count { b[i] &= keep }
    }

    /// Neighbour offsets (dx, dy) in the order GTB's flooding visits them (`set_shift`): N, W, S, E,
    /// then NW, NE, SW, SE for 8-connectivity.
    static func neighbours(_ connectivity: Int) -> [(Int, Int)] {
        let four = [(0, -1), (-1, 0), (0, 1), (1, 0)]
        return connectivity == 8 ? four + [(-1, -1), (1, -1), (-1, 1), (1, 1)] : four
    }
}

/// A first-in first-out queue of cell indices that grows as needed and reuses its space.
struct CellQueue {
    private var items: [Int] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func push(_ i: Int) { items.append(i) }

    mutating func pop() -> Int {
        let i = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1 << 16 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return i
    }
}
