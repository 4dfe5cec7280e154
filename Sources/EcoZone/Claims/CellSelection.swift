import Foundation

/// The cells of a raster layer a claim measures (``Claim/cells``):
///
/// | key | raster | cells |
/// |---|---|---|
/// | `classes: [1, 2]` | categorical | of those class values (forest and grass: 林草) |
/// | `slope: [25, 90]` | elevation | whose Horn slope lies in [from, to) degrees (`[25, ~]`, "≥25", "15-25") |
/// | `elevation: [1000, ~]` | elevation | whose elevation lies in [from, to) metres |
/// | `values: [0.5, ~]` | continuous | whose value lies in [from, to) |
///
/// A range is `[FROM, TO]` with `~` (null) for an open end, or text: "≥25", ">=25", "<175", "15-25", "15–25".
public enum CellSelection: Sendable, Hashable {
    case classes([Int])
    case slope(from: Double?, to: Double?)
    case elevation(from: Double?, to: Double?)
    case values(from: Double?, to: Double?)

    /// The claims-file key it was written under.
    public var key: String {
        switch self {
        case .classes: return "classes"
        case .slope: return "slope"
        case .elevation: return "elevation"
        case .values: return "values"
        }
    }

    /// The bounds of a range selection (nil for classes).
    public var range: (from: Double?, to: Double?)? {
        switch self {
        case .classes: return nil
        case .slope(let a, let b), .elevation(let a, let b), .values(let a, let b): return (a, b)
        }
    }

    /// "classes 1, 2", "slope 25–90°", "elevation ≥1000 m": what the report shows beside the layer.
    public var description: String {
        func bound(_ x: Double?) -> String { x.map(NumberText.plain) ?? "" }
        func range(_ a: Double?, _ b: Double?, _ unit: String) -> String {
            switch (a, b) {
            case let (a?, b?): return "\(bound(a))–\(bound(b))\(unit)"
            case let (a?, nil): return "≥\(bound(a))\(unit)"
            case let (nil, b?): return "<\(bound(b))\(unit)"
            default: return "all"
            }
        }
        switch self {
        case .classes(let v): return "classes " + v.map(String.init).joined(separator: ", ")
        case .slope(let a, let b): return "slope " + range(a, b, "°")
        case .elevation(let a, let b): return "elevation " + range(a, b, " m")
        case .values(let a, let b): return "values " + range(a, b, "")
        }
    }

    struct ParseError: Error { var message: String }

    /// Reads the value of `key` (one of classes, slope, elevation, values).
    static func parse(_ key: String, _ node: YAMLNode) -> Result<CellSelection, ParseError> {
        if key == "classes" {
            let items = node.items ?? [node]
            var values: [Int] = []
            for item in items {
                guard let t = item.text, let v = DecimalText.integer(t), v >= Int(Int32.min), v <= Int(Int32.max) else {
                    return .failure(ParseError(message: "'classes' must list integer class values, e.g. classes: [1, 2]; got '\(node.flowText)'"))
                }
                values.append(v)
            }
            guard !values.isEmpty, values.count <= 65_536 else { return .failure(ParseError(message: "'classes' lists no class value")) }
            return .success(.classes(Array(Set(values)).sorted()))
        }
        guard let (a, b) = range(node) else {
            return .failure(ParseError(message: "'\(key)' must be a range [FROM, TO] (~ for an open end) or text such as ≥25 or 15-25; got '\(node.flowText)'"))
        }
        if let a, let b, !(a < b) { return .failure(ParseError(message: "'\(key)' runs from \(NumberText.plain(a)) to \(NumberText.plain(b)): FROM must be below TO")) }
        if a == nil && b == nil { return .failure(ParseError(message: "'\(key)' has two open ends; give at least one bound")) }
        switch key {
        case "slope":
            guard (a ?? 0) >= 0, (b ?? 90) <= 90 else { return .failure(ParseError(message: "'slope' is in degrees from 0 to 90")) }
            return .success(.slope(from: a, to: b))
        case "elevation": return .success(.elevation(from: a, to: b))
        default: return .success(.values(from: a, to: b))
        }
    }

    /// `[a, b]` (null or ~ open), "≥a", ">=a", ">a", "<b", "≤b", "a-b", "a–b"; numbers finite.
    static func range(_ node: YAMLNode) -> (Double?, Double?)? {
        func number(_ t: String) -> Double?? {
            let s = t.trimmingCharacters(in: .whitespaces)
            if s.isEmpty || s == "~" || s.lowercased() == "null" { return .some(nil) }
            guard let v = DecimalText.value(s), v.isFinite else { return nil }
            return .some(v)
        }
        if let items = node.items {
            guard items.count == 2 else { return nil }
            let ends = items.map { $0.isNull ? .some(nil) : $0.text.flatMap(number) }
            guard let a = ends[0], let b = ends[1] else { return nil }
            return (a, b)
        }
        guard let raw = node.text?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        for (prefix, lower) in [("≥", true), (">=", true), (">", true), ("≤", false), ("<=", false), ("<", false)] where raw.hasPrefix(prefix) {
            guard let v = number(String(raw.dropFirst(prefix.count))), let x = v else { return nil }
            return lower ? (x, nil) : (nil, x)
        }
        for separator in ["–", "—", "~", "-"] {
            // A leading minus is a sign, not a separator.
            let body = raw.hasPrefix("-") ? String(raw.dropFirst()) : raw
            guard let r = body.range(of: separator) else { continue }
            let left = (raw.hasPrefix("-") ? "-" : "") + body[..<r.lowerBound]
            guard let a = number(String(left)), let b = number(String(body[r.upperBound...])), let x = a, let y = b else { return nil }
            return (x, y)
        }
        return nil
    }
}
