/// The type of an attribute field, as OGR reports it.
public enum FieldType: String, Sendable, Codable {
    case integer, integer64, real, string, date, time, dateTime, binary, list
}

/// One attribute field of a layer.
public struct FieldDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var type: FieldType
    public var width: Int
    public var precision: Int

    public init(name: String, type: FieldType, width: Int = 0, precision: Int = 0) {
        self.name = name; self.type = type; self.width = width; self.precision = precision
    }
}

/// An attribute value. Dates and times are kept as the text OGR gives for them.
public enum FieldValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case string(String)

    public var description: String {
        switch self {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .string(let s): return s
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .string(let s): return Double(s)
        case .null: return nil
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let i = try? c.decode(Int64.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .real(d) }
        else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .integer(let i): try c.encode(i)
        case .real(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        }
    }
}

/// A feature read from a layer, as a `Sendable` value: its id, its attribute values in field order
/// and its geometry as little-endian WKB (nil when the feature has none).
public struct Feature: Sendable {
    public var fid: Int64
    public var values: [FieldValue]
    public var wkb: [UInt8]?

    public init(fid: Int64, values: [FieldValue], wkb: [UInt8]?) {
        self.fid = fid; self.values = values; self.wkb = wkb
    }
}

extension Array where Element == FieldDefinition {
    /// The index of the field named `name`: an exact match first, then one ignoring case (shapefile
    /// field names are often upper case where users type lower case).
    public func index(named name: String) -> Int? {
        firstIndex { $0.name == name } ?? firstIndex { $0.name.lowercased() == name.lowercased() }
    }
}
