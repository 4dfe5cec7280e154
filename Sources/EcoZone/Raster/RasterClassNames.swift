import Foundation
import GeoKit

/// Names of a categorical raster's classes (value → name), e.g. 1 → 林地.
public enum RasterClassNames {
    /// Reads a class table: a CSV (UTF-8, a BOM allowed) of `value,name` lines; a first line whose
    /// value is not a number is a header. Quoted names may hold commas. A value given twice, or a
    /// line without a name, is an error naming the line.
    public static func read(csv path: String) throws -> [Int: String] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw GeoKitError(.input, "cannot read the class table", file: path)
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw GeoKitError(.input, "the class table is not UTF-8 text", file: path)
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var table: [Int: String] = [:]
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let fields = splitCSV(trimmed)
            let valueText = fields[0].trimmingCharacters(in: .whitespaces)
            guard let value = Int(valueText) ?? Double(valueText).flatMap({ $0 == $0.rounded() ? Int(exactly: $0) : nil }) else {
                if table.isEmpty && number == 0 { continue }   // header
                throw GeoKitError(.input, "line \(number + 1): '\(valueText)' is not an integer class value", file: path)
            }
            guard fields.count >= 2, !fields[1].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw GeoKitError(.input, "line \(number + 1): class \(value) has no name (expected value,name)", file: path)
            }
            guard table[value] == nil else {
                throw GeoKitError(.input, "line \(number + 1): class \(value) is named twice", file: path)
            }
            table[value] = fields[1].trimmingCharacters(in: .whitespaces)
        }
        if table.isEmpty { throw GeoKitError(.input, "the class table names no class", file: path) }
        return table
    }

    /// The names a raster carries itself: GDAL category names (`GDALGetRasterCategoryNames`, a
    /// colour table's or attribute table's names), else band metadata items `CLASS_<value>=name`.
    public static func read(from reader: RasterReader) -> [Int: String] {
        let categories = reader.categoryNames()
        if !categories.isEmpty { return categories }
        var out: [Int: String] = [:]
        for (key, value) in reader.metadata() where key.uppercased().hasPrefix("CLASS_") {
            if let v = Int(key.dropFirst("CLASS_".count)), !value.isEmpty { out[v] = value }
        }
        return out
    }

    private static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { current.append("\"") } else { quoted = false; if n == "," { fields.append(current); current = "" } else { current.append(n) } }
                    } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current); current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}
