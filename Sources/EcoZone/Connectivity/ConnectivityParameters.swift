import Foundation

/// The dispersal model shared by IIC and PC.
///
/// - IIC links `i ≠ j` when `d_ij < D` (strict, as Makurhini's `get_sdist`); a pair at exactly `D` is
///   not linked.
/// - PC uses `p_ij = exp(−k · d_ij)` with `k = −ln P / D`, so that `p = P` at `d = D`.
///
/// `D` is in the unit of the network's distances (metres in the CLI).
public struct ConnectivityParameters: Sendable, Codable, Equatable {
    /// Makurhini's default `pij_min` (0.01). Pass it as ``minimumProbability`` to reproduce Makurhini.
    public static let makurhiniMinimumProbability = 0.01

    /// The dispersal distance `D` (> 0), in distance units.
    public var distanceThreshold: Double
    /// The direct dispersal probability `P` at distance `D`, in (0, 1). Default 0.5 (Makurhini's
    /// `MK_dPCIIC` default).
    public var probabilityAtThreshold: Double
    /// The landscape attribute `A_L` (Conefor `-landArea`, Makurhini `LA`), in attribute units. When
    /// given, IIC = IICnum / A_L² and PC = PCnum / A_L²; it must exceed `Σ a_i`. It never affects EC or dI.
    public var landscapeAttribute: Double?
    /// Probability pruning `pijMin`: direct PC links with `p_ij < pijMin` are removed before maximum-product
    /// paths are computed (Makurhini's default is 0.01). `nil` (the default) keeps every link, as Conefor
    /// and the papers do. Pruning changes the model, and results flag it.
    public var minimumProbability: Double?
    /// Connector floor (an approximation, off by default): pairs `(i, j)` whose maximum-product probability
    /// `p*_ij` is below the floor are left out of the dPC connector search, and replacement paths are
    /// sought only through nodes at least that probable from the source. PC, EC and every dPC intra and
    /// flux stay exact; each node's dPC connector (hence its dPC) may be off by at most
    /// ``ConnectivityReport/dPCErrorBound`` percentage points, which the report computes as
    /// `100 · Σ_{i≠j} a_i a_j min(floor, p*_ij) / PCnum` (a pair loses at most `a_i a_j p*_ij` by being left
    /// out, and a kept pair's replacement paths through nodes below the floor are worth less than the
    /// floor). dIIC is always exact.
    public var connectorFloor: Double?
    /// Relative tolerance for deciding that two PC paths tie: a path of length `L` is optimal for a pair
    /// with shortest-path length `δ` when `L ≤ δ + tieTolerance · δ`. IIC ties use exact hop counts.
    public var tieTolerance: Double

    /// Creates dispersal parameters; see the properties for units and defaults.
    public init(
        distanceThreshold: Double,
        probabilityAtThreshold: Double = 0.5,
        landscapeAttribute: Double? = nil,
        minimumProbability: Double? = nil,
        connectorFloor: Double? = nil,
        tieTolerance: Double = 1e-12
    ) {
        self.distanceThreshold = distanceThreshold
        self.probabilityAtThreshold = probabilityAtThreshold
        self.landscapeAttribute = landscapeAttribute
        self.minimumProbability = minimumProbability
        self.connectorFloor = connectorFloor
        self.tieTolerance = tieTolerance
    }

    /// The decay rate `k = −ln P / D`, per distance unit.
    public var decayRate: Double { -log(probabilityAtThreshold) / distanceThreshold }

    /// The direct dispersal probability `exp(−k d)` for a distance `d`.
    public func directProbability(atDistance d: Double) -> Double { exp(-decayRate * d) }

    enum CodingKeys: String, CodingKey {
        case distanceThreshold = "distance"
        case probabilityAtThreshold = "probability"
        case landscapeAttribute = "landscape_area"
        case minimumProbability = "pij_min"
        case connectorFloor = "connector_floor"
        case tieTolerance = "tie_tolerance"
    }

    /// Checks the parameters against a network.
    func validate(for network: ConnectivityNetwork) throws(ConnectivityError) {
        guard distanceThreshold.isFinite, distanceThreshold > 0 else {
            throw .invalidDistanceThreshold(distanceThreshold)
        }
        guard probabilityAtThreshold > 0, probabilityAtThreshold < 1 else {
            throw .invalidProbability(probabilityAtThreshold)
        }
        if let pMin = minimumProbability, !(pMin > 0 && pMin < 1) {
            throw .invalidMinimumProbability(pMin)
        }
        if let floor = connectorFloor, !(floor > 0 && floor < 1) {
            throw .invalidConnectorFloor(floor)
        }
        guard tieTolerance >= 0, tieTolerance < 1e-3 else { throw .invalidTieTolerance(tieTolerance) }
        if let landscape = landscapeAttribute {
            let total = network.totalAttribute
            guard landscape > total else {
                throw .landscapeAttributeTooSmall(landscape: landscape, totalAttribute: total)
            }
        }
    }
}
