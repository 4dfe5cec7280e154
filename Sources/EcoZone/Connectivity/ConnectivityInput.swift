import Foundation

/// Why a connectivity computation refused its input. Every case names the offending node or value.
public enum ConnectivityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The network has no nodes.
    case emptyNetwork
    /// Two nodes share an identifier.
    case duplicateID(String)
    /// `ids` and `attributes` differ in length.
    case attributeCountMismatch(ids: Int, attributes: Int)
    /// The flat distance matrix does not hold `n × n` values.
    case distanceCountMismatch(expected: Int, actual: Int)
    /// An attribute is negative, NaN or infinite.
    case invalidAttribute(id: String, value: Double)
    /// Every attribute is zero, so every index is 0 and dI is undefined.
    case zeroTotalAttribute
    /// A network of points has a different number of ids, x and y values.
    case coordinateCountMismatch(ids: Int, x: Int, y: Int)
    /// A node's coordinate is NaN or infinite (a network of points).
    case invalidCoordinate(id: String, x: Double, y: Double)
    /// A distance is negative or NaN (`+infinity` is allowed and means "no direct link").
    case invalidDistance(from: String, to: String, value: Double)
    /// A diagonal entry `d_ii` is not 0.
    case nonzeroDiagonal(id: String, value: Double)
    /// `d_ij != d_ji`.
    case asymmetricDistance(from: String, to: String, forward: Double, backward: Double)
    /// The dispersal distance `D` is not finite and positive.
    case invalidDistanceThreshold(Double)
    /// The probability `P` at distance `D` is not in the open interval (0, 1).
    case invalidProbability(Double)
    /// The pruning threshold `pijMin` is not in the open interval (0, 1).
    case invalidMinimumProbability(Double)
    /// The connector floor is not in the open interval (0, 1).
    case invalidConnectorFloor(Double)
    /// The tie tolerance is negative, NaN or not below 1e-3.
    case invalidTieTolerance(Double)
    /// The landscape attribute `A_L` does not exceed the sum of node attributes (as Makurhini's `LA`).
    case landscapeAttributeTooSmall(landscape: Double, totalAttribute: Double)

    public var description: String {
        switch self {
        case .emptyNetwork:
            return "The connectivity network has no nodes."
        case .duplicateID(let id):
            return "Node id '\(id)' occurs more than once."
        case .attributeCountMismatch(let ids, let attributes):
            return "There are \(ids) node ids but \(attributes) attributes."
        case .distanceCountMismatch(let expected, let actual):
            return "The distance matrix has \(actual) values; \(expected) (n × n) were expected."
        case .invalidAttribute(let id, let value):
            return "Node '\(id)' has attribute \(value); attributes must be finite and ≥ 0."
        case .zeroTotalAttribute:
            return "All node attributes are 0; IIC, PC and dI are undefined."
        case .coordinateCountMismatch(let ids, let x, let y):
            return "There are \(ids) node ids but \(x) x and \(y) y coordinates."
        case .invalidCoordinate(let id, let x, let y):
            return "Node '\(id)' is at (\(x), \(y)); coordinates must be finite."
        case .invalidDistance(let from, let to, let value):
            return "The distance from '\(from)' to '\(to)' is \(value); distances must be ≥ 0 (or +infinity for no link)."
        case .nonzeroDiagonal(let id, let value):
            return "The distance from node '\(id)' to itself is \(value); it must be 0."
        case .asymmetricDistance(let from, let to, let forward, let backward):
            return "The distance matrix is not symmetric: '\(from)'→'\(to)' is \(forward) but '\(to)'→'\(from)' is \(backward)."
        case .invalidDistanceThreshold(let value):
            return "The dispersal distance D is \(value); it must be finite and > 0."
        case .invalidProbability(let value):
            return "The dispersal probability P at distance D is \(value); it must be strictly between 0 and 1."
        case .invalidMinimumProbability(let value):
            return "The pruning threshold pijMin is \(value); it must be strictly between 0 and 1."
        case .invalidConnectorFloor(let value):
            return "The connector floor is \(value); it must be strictly between 0 and 1."
        case .invalidTieTolerance(let value):
            return "The tie tolerance is \(value); it must be in [0, 1e-3)."
        case .landscapeAttributeTooSmall(let landscape, let total):
            return "The landscape attribute A_L = \(landscape) does not exceed the total node attribute \(total); A_L must be larger than Σa."
        }
    }
}

/// The nodes of a habitat network and the pairwise distances between them.
///
/// - `attributes[i]` is the node attribute `a_i ≥ 0`, usually an area. Its unit is the unit of the
///   equivalent connectivity (EC); the EcoZone CLI passes hectares, and result JSON calls the field
///   `area_ha`. dI values are ratios and carry no unit.
/// - `distances` is the symmetric `n × n` matrix `d_ij` stored row-major (`d_ij` at `i * n + j`), in the
///   same unit as the dispersal distance `D` of ``ConnectivityParameters`` (metres in the CLI).
///   The diagonal is 0. `+infinity` means that `i` and `j` have no direct link (Conefor's `notall`);
///   they can still be connected through other nodes. Distances need not be a metric: edge-to-edge
///   distances break the triangle inequality, which is exactly when stepping stones matter.
/// - A network of *points* (``init(ids:attributes:x:y:)``) has the planar Euclidean distances between
///   them instead of a stored matrix. Those are a metric, so no path is shorter than a direct link:
///   PC's `p*_ij = p_ij`, no node lies on every optimal path of a pair, and every dPC connector is 0
///   (methods.md §1.3). Without pruning, PC then costs O(n²) and no matrix is stored.
public struct ConnectivityNetwork: Sendable {
    /// Node identifiers, unique.
    public let ids: [String]
    /// Node attributes `a_i` (finite, ≥ 0, not all 0).
    public let attributes: [Double]
    /// Where the distances come from.
    let storage: Storage

    enum Storage: Sendable {
        /// A row-major `n × n` matrix.
        case matrix([Double])
        /// Planar points; `d_ij = sqrt(dx² + dy²)`.
        case points(x: [Double], y: [Double])
    }

    /// The row-major `n × n` distance matrix. For a network of points it is computed on each access
    /// (`n²` values).
    public var distances: [Double] {
        switch storage {
        case .matrix(let d): return d
        case .points:
            let n = count
            var d = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n where j != i { d[i * n + j] = distance(i, j) }
            }
            return d
        }
    }

    /// Whether the distances are planar Euclidean distances between points (a metric).
    public var isEuclidean: Bool {
        if case .points = storage { return true }
        return false
    }

    /// The number of nodes `n`.
    public var count: Int { ids.count }

    /// `Σ a_i`.
    public var totalAttribute: Double { attributes.reduce(0, +) }

    /// Creates a network, checking the inputs.
    ///
    /// - Throws: ``ConnectivityError`` if counts disagree, ids repeat, an attribute is negative or not
    ///   finite, all attributes are 0, a distance is negative or NaN, the diagonal is not 0, or the matrix
    ///   is not exactly symmetric.
    public init(ids: [String], attributes: [Double], distances: [Double]) throws(ConnectivityError) {
        try Self.check(ids: ids, attributes: attributes)
        let n = ids.count
        guard distances.count == n * n else {
            throw .distanceCountMismatch(expected: n * n, actual: distances.count)
        }
        for i in 0..<n {
            let diagonal = distances[i * n + i]
            guard diagonal == 0 else { throw .nonzeroDiagonal(id: ids[i], value: diagonal) }
            for j in (i + 1)..<max(i + 1, n) {
                let forward = distances[i * n + j]
                guard !forward.isNaN, forward >= 0 else {
                    throw .invalidDistance(from: ids[i], to: ids[j], value: forward)
                }
                let backward = distances[j * n + i]
                guard backward == forward else {
                    throw .asymmetricDistance(from: ids[i], to: ids[j], forward: forward, backward: backward)
                }
            }
        }
        self.ids = ids
        self.attributes = attributes
        self.storage = .matrix(distances)
    }

    /// Creates a network of points whose distances are planar Euclidean, `d_ij = sqrt(dx² + dy²)` in
    /// the unit of the coordinates (metres in the CLI), without storing an `n × n` matrix.
    ///
    /// - Throws: ``ConnectivityError`` if counts disagree, ids repeat, an attribute is negative or not
    ///   finite, all attributes are 0, or a coordinate is not finite.
    public init(ids: [String], attributes: [Double], x: [Double], y: [Double]) throws(ConnectivityError) {
        try Self.check(ids: ids, attributes: attributes)
        let n = ids.count
        guard x.count == n, y.count == n else {
            throw .coordinateCountMismatch(ids: n, x: x.count, y: y.count)
        }
        for i in 0..<n where !(x[i].isFinite && y[i].isFinite) {
            throw .invalidCoordinate(id: ids[i], x: x[i], y: y[i])
        }
        self.ids = ids
        self.attributes = attributes
        self.storage = .points(x: x, y: y)
    }

    /// Checks ids and attributes (shared by every initializer).
    private static func check(ids: [String], attributes: [Double]) throws(ConnectivityError) {
        let n = ids.count
        guard n > 0 else { throw .emptyNetwork }
        guard attributes.count == n else {
            throw .attributeCountMismatch(ids: n, attributes: attributes.count)
        }
        var seen = Set<String>(minimumCapacity: n)
        for id in ids where !seen.insert(id).inserted {
            throw .duplicateID(id)
        }
        for (i, value) in attributes.enumerated() where !(value.isFinite && value >= 0) {
            throw .invalidAttribute(id: ids[i], value: value)
        }
        guard attributes.contains(where: { $0 > 0 }) else { throw .zeroTotalAttribute }
    }

    /// Creates a network whose distance `d_ij` is given by `distance(i, j)`, evaluated once for each
    /// unordered pair `i < j` and mirrored, so the matrix is exactly symmetric.
    public init(
        ids: [String],
        attributes: [Double],
        distance: (_ i: Int, _ j: Int) -> Double
    ) throws(ConnectivityError) {
        let n = ids.count
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let value = distance(i, j)
                matrix[i * n + j] = value
                matrix[j * n + i] = value
            }
        }
        try self.init(ids: ids, attributes: attributes, distances: matrix)
    }

    /// The distance `d_ij` between nodes at indices `i` and `j`.
    public func distance(_ i: Int, _ j: Int) -> Double {
        switch storage {
        case .matrix(let d):
            return d[i * count + j]
        case .points(let x, let y):
            let dx = x[i] - x[j], dy = y[i] - y[j]
            return (dx * dx + dy * dy).squareRoot()
        }
    }
}
