import Foundation
import GeoKit

/// The parameters of Morphological Spatial Pattern Analysis (Soille & Vogt 2009), named and
/// defaulted as GuidosToolbox / GWB `mspa` v2.3 names them (`ec-jrc/GWB:input/mspa-parameters.txt`;
/// the GTB command line `mspa -graphfg 8 -eew 1 -transition 1 -internal 1`):
///
/// - `connectivity` (GTB *Foreground connectivity*, `-graphfg`): 8 (default) or 4; the background
///   is taken with the other one (4 or 8), so that foreground and background never cross.
/// - `edgeWidth` (GTB *EdgeWidth*, `-eew`): the width of edges and perforations in cells, 1 (default)
///   to 100. Every distance test uses the threshold t = W + 0.98 cells, computed as GTB does in
///   single precision: size = (W + 0.98)/√2 rounded to Float, times √2 as a Float (t = 1.98 for W = 1).
/// - `transition` (GTB *Transition*): 1 (default) counts the cells where a bridge or loop crosses an
///   edge or perforation (codes 35, 37, 67, 69 and +100) as bridge or loop; 0 counts them as the
///   edge or perforation they lie in. The codes written are the same either way (GTB changes only
///   its colour table).
/// - `intext` (GTB *IntExt*): 1 (default) adds 100 to every cell inside a hole of a core (so a
///   perforation is 105, a core inside another core's hole 117, background there 100) and writes
///   background holes of the foreground that are not inside a core's hole as 220; 0 writes no +100
///   and all background as 0.
public struct MSPAParameters: Sendable, Hashable, Codable {
    public var connectivity: Int
    public var edgeWidth: Int
    public var transition: Bool
    public var intext: Bool

    public init(connectivity: Int = 8, edgeWidth: Int = 1, transition: Bool = true, intext: Bool = true) {
        self.connectivity = connectivity
        self.edgeWidth = edgeWidth
        self.transition = transition
        self.intext = intext
    }

    enum CodingKeys: String, CodingKey { case connectivity, edgeWidth = "edge_width", transition, intext }

    /// The widest edge GWB accepts.
    public static let maximumEdgeWidth = 100

    public func check() throws {
        guard connectivity == 8 || connectivity == 4 else {
            throw GeoKitError(.input, "MSPA foreground connectivity is 8 or 4, not \(connectivity)")
        }
        guard (1...Self.maximumEdgeWidth).contains(edgeWidth) else {
            throw GeoKitError(.input, "MSPA edge width is 1 to \(Self.maximumEdgeWidth) cells, not \(edgeWidth)")
        }
    }

    /// GTB's distance threshold t = W + 0.98 in cells, in GTB's single-precision arithmetic.
    public var threshold: Float { Self.size(edgeWidth) * Self.edu }

    /// The largest squared distance (an integer, centres of cells) within `threshold`:
    /// √d² ≤ t in single precision, as GTB thresholds its EDT (`sqrtf` of the squared distance).
    public var thresholdSquared: Int { Self.largestSquared(within: threshold) }

    /// GTB's `getconnector2core` widens connectors geodesically by (size − 1)·√2 = t − √2 cells
    /// (nothing for W = 1).
    public var connectorWidening: Float { (Self.size(edgeWidth) - 1) * Self.edu }

    /// The frame GTB adds around the image: bufsize = ⌊1.5·size + 0.5⌋, frame = bufsize + 1 cells
    /// (3 for W = 1), filled by repeating the image's border cells outward.
    public var frame: Int {
        let bufsize = Int(Double(Self.size(edgeWidth)) * 1.5 + 0.5)
        return bufsize + 1
    }

    static let edu = Float(2.0.squareRoot())

    static func size(_ w: Int) -> Float { Float((Double(w) + 0.98) / 2.0.squareRoot()) }

    static func largestSquared(within t: Float) -> Int {
        var d = 0
        while Float(d + 1).squareRoot() <= t { d += 1 }
        return d
    }
}

/// The seven MSPA classes and GTB's byte codes for them (`ec-jrc/GWB:tools/GWB_MSPA.pro`; the bits
/// are OR-ed as in `mspa.c`: foreground 1, edge 2, perforation 4, islet 8, core 16, bridge 32, loop 64).
public enum MSPAClass: String, Sendable, Codable, CaseIterable {
    case core, islet, perforation, edge, loop, bridge, branch

    /// The external code (inside a core's hole, with IntExt, 100 more; perforation is always 105
    /// with IntExt).
    public var code: UInt8 {
        switch self {
        case .core: 17
        case .islet: 9
        case .perforation: 5
        case .edge: 3
        case .loop: 65
        case .bridge: 33
        case .branch: 1
        }
    }

    /// 中文 class names as Chinese MSPA studies write them.
    public var chineseName: String {
        switch self {
        case .core: "核心区"
        case .islet: "孤岛"
        case .perforation: "孔隙"
        case .edge: "边缘区"
        case .loop: "环道区"
        case .bridge: "桥接区"
        case .branch: "支线"
        }
    }

    /// The class of a foreground code (nil for background 0/100/220 and missing 129). Transition
    /// codes count as bridge or loop when `transition`, else as the edge or perforation they cross.
    public static func of(code raw: UInt8, transition: Bool) -> MSPAClass? {
        if raw == MSPACode.missing || raw == MSPACode.borderOpening { return nil }
        let c = raw >= 100 ? raw - 100 : raw
        guard c & 1 == 1 else { return nil }
        if c & 16 != 0 { return .core }
        if c & 8 != 0 { return .islet }
        if c & 32 != 0 { return transition ? .bridge : (c & 4 != 0 ? .perforation : (c & 2 != 0 ? .edge : .bridge)) }
        if c & 64 != 0 { return transition ? .loop : (c & 4 != 0 ? .perforation : (c & 2 != 0 ? .edge : .loop)) }
        if c & 4 != 0 { return .perforation }
        if c & 2 != 0 { return .edge }
        return .branch
    }
}

/// GTB's codes for what is not foreground.
public enum MSPACode {
    public static let background: UInt8 = 0
    /// Background inside a core's hole (IntExt).
    public static let coreOpening: UInt8 = 100
    /// Background holes of the foreground not inside a core's hole (IntExt).
    public static let borderOpening: UInt8 = 220
    public static let missing: UInt8 = 129
}
