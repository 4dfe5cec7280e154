import Foundation

/// The order of an ordinal layer's classes: soil erosion grades by intensity, rocky
/// desertification grades by severity, or the order a project gives a layer (`order: […]`).
///
/// Tables, legends, colour ramps, CSV and JSON list a graded layer's classes in this order rather
/// than in text order (中度, 剧烈, 强烈 … sorts by code point). A value matches a class when it is the
/// class, or the class followed by the grade's noun ("强烈侵蚀", "轻度石漠化"); values that match no
/// class ("unknown grades") come after the known ones, in text order, and are warned about.
public struct ClassOrder: Sendable, Equatable {
    public enum Origin: String, Sendable, Codable {
        /// A national classification EcoZone knows (``soilErosion``, ``rockyDesertification``).
        case national
        /// The project file's `order:` for the layer.
        case project
    }

    /// The classes, lowest first.
    public var classes: [String]
    public var origin: Origin
    /// The standard a national order follows ("SL 190-2007", "karst": the national monitoring of karst
    /// rocky desertification); nil for a project's order. ``ReportText`` names it.
    public var standard: String?

    public init(classes: [String], origin: Origin = .project, standard: String? = nil) {
        self.classes = classes
        self.origin = origin
        self.standard = standard
    }

    /// Soil erosion intensity (水土流失强度分级, SL 190-2007): 微度 (below the tolerable loss) → 轻度 →
    /// 中度 → 强烈 → 极强烈 → 剧烈.
    public static let soilErosion = ClassOrder(classes: ["微度", "轻度", "中度", "强烈", "极强烈", "剧烈"], origin: .national,
                                               standard: "SL 190-2007")
    /// Karst rocky desertification (岩溶地区石漠化监测): 非石漠化 → 潜在 → 轻度 → 中度 → 重度 → 极重度.
    public static let rockyDesertification = ClassOrder(classes: ["非石漠化", "潜在", "轻度", "中度", "重度", "极重度"], origin: .national,
                                                        standard: "karst")

    /// The national order of a graded role; nil for every other role.
    public static func national(for role: Role) -> ClassOrder? {
        switch role {
        case .soilErosion: return .soilErosion
        case .rockyDesertification: return .rockyDesertification
        default: return nil
        }
    }

    /// Nouns a grade may carry after its class: 强烈侵蚀, 轻度石漠化, 中度水土流失.
    static let gradeNouns = ["", "侵蚀", "水土流失", "流失", "石漠化"]

    /// The place of `value` in the order (0 for the first class), or nil for a value of no class.
    public func rank(of value: String) -> Int? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if let i = classes.firstIndex(of: v) { return i }
        // The longest class the value starts with, followed by a grade noun only (极强烈侵蚀 is 极强烈, not 强烈).
        var best: (index: Int, length: Int)?
        for (i, c) in classes.enumerated() where !c.isEmpty && v.hasPrefix(c) {
            let rest = String(v.dropFirst(c.count))
            guard Self.gradeNouns.contains(rest) else { continue }
            if best == nil || c.count > best!.length { best = (i, c.count) }
        }
        return best?.index
    }

    /// Whether `a` comes before `b`: known classes by rank, then unknown values in text order;
    /// `last` (a cross-tabulation's "(outside)") after everything.
    public func precedes(_ a: String, _ b: String, last: String? = CrossTabulation.outsideKey) -> Bool {
        func key(_ s: String) -> (Int, Int, String) {
            if let last, s == last { return (2, 0, s) }
            if let r = rank(of: s) { return (0, r, s) }
            return (1, 0, s)
        }
        return key(a) < key(b)
    }

    /// The values sorted in this order (each once), and those of no class, in text order.
    public func arrange<S: Sequence>(_ values: S) -> (ordered: [String], unknown: [String]) where S.Element == String {
        let distinct = Array(Set(values))
        let sorted = distinct.sorted { precedes($0, $1) }
        return (sorted, sorted.filter { $0 != CrossTabulation.outsideKey && rank(of: $0) == nil })
    }

    /// One sentence for values of no class, nil when every value has one.
    public func warning(layer: String, field: String, unknown: [String]) -> String? {
        guard !unknown.isEmpty else { return nil }
        let shown = unknown.prefix(8).map { "'\($0)'" }.joined(separator: ", ") + (unknown.count > 8 ? " and \(unknown.count - 8) more" : "")
        let source = origin == .national ? "the national order \(standard.map { "(\($0)) " } ?? "")" : "the project's order "
        return "layer '\(layer)': \(field) value\(unknown.count == 1 ? "" : "s") \(shown) \(unknown.count == 1 ? "is" : "are") in no class of "
            + "\(source)\(classes.joined(separator: " → ")); listed after the known ones. Give the layer its order in the project file "
            + "(order: [\(classes.joined(separator: ", "))])"
    }

    // MARK: colour ramps

    /// Erosion: pale yellow to brown, one colour per national class.
    static let erosionRamp = ["#fff7bc", "#fee391", "#fec44f", "#fe9929", "#d95f0e", "#993404"]
    /// Rocky desertification: grey, then pale to deep purple-red.
    static let rockyRamp = ["#f1f3f5", "#f1eef6", "#d4b9da", "#c994c7", "#dd1c77", "#980043"]
    /// Any other ordered layer: yellow-green-blue (ColorBrewer YlGnBu).
    static let genericRamp = ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"]

    /// The colour of class `rank` of `count` classes on `ramp`, interpolated in RGB so that the first
    /// class takes the ramp's first colour and the last its last.
    static func colour(rank: Int, of count: Int, on ramp: [String]) -> String {
        guard count > 1, ramp.count > 1 else { return ramp.last ?? "#888888" }
        let t = Double(min(max(rank, 0), count - 1)) / Double(count - 1) * Double(ramp.count - 1)
        let i = min(Int(t), ramp.count - 2)
        let f = t - Double(i)
        let a = rgb(ramp[i]), b = rgb(ramp[i + 1])
        func mix(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    private static func rgb(_ hex: String) -> (Int, Int, Int) {
        let h = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        let v = Int(h, radix: 16) ?? 0
        return ((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff)
    }

    /// `base` coloured by this order for the values present: each known value takes its class's
    /// colour on `ramp`, the legend lists values in this order; unknown values take palette colours after.
    public func style(_ base: MapStyle, ramp: [String], values: some Sequence<String>) -> MapStyle {
        var style = base
        let (ordered, _) = arrange(values)
        var colours: [String: String] = [:]
        for v in ordered { if let r = rank(of: v) { colours[v] = Self.colour(rank: r, of: classes.count, on: ramp) } }
        style.categoryColours = colours
        style.categoryOrder = ordered
        style.categorical = true
        return style
    }
}

/// A layer's ordered field: the field whose values are classes (its grade field, else its class
/// field) and their order.
public struct OrderedField: Sendable, Equatable {
    /// The layer's name ("soil-erosion", "red-line-2020").
    public var layer: String
    /// The field as read ("GRADE").
    public var field: String
    /// The field role it plays (grade, class).
    public var role: Project.FieldRole
    public var order: ClassOrder

    public init(layer: String, field: String, role: Project.FieldRole, order: ClassOrder) {
        self.layer = layer
        self.field = field
        self.role = role
        self.order = order
    }

    /// Whether a cross-tabulation dimension ("soil-erosion:grade", "soil-erosion:GRADE") keys this field.
    public func keys(dimension text: String) -> Bool {
        guard let d = Project.Tabulation.Dimension(parsing: text), d.layer == layer, let f = d.field else { return false }
        return f == field || f == role.rawValue
    }
}
