import Foundation
import GeoKit

/// Reading what a project says about its report: `lang: zh|en`, `basemap:` (tiles under the
/// interactive map) and a layer's `order:` (the order of its grades or classes).
///
/// ```yaml
/// lang: en
/// basemap: { url: "https://wprd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=7", datum: gcj02 }
/// layers:
///   soil-erosion: { source: erosion.shp, grade: GRADE, order: [轻度, 中度, 强烈, 极强烈, 剧烈] }
/// ```
extension ProjectReader {
    static let basemapKeys = ["url", "attribution", "datum", "max-zoom"]
    /// At most this many classes in one `order:`.
    static let maximumClasses = 1_000

    func language(_ node: YAMLNode) throws -> ReportLanguage? {
        guard let t = try text(node, "'lang'") else { return nil }
        guard let l = ReportLanguage(parsing: t) else { throw fail("'lang' must be zh (Chinese) or en (English), got '\(t)'", node) }
        return l
    }

    /// `basemap: URL` or `basemap: { url, attribution, datum: gcj02|wgs84, max-zoom }`: an XYZ tile URL
    /// with {z}, {x} and {y}, over http or https.
    mutating func basemap(_ node: YAMLNode) throws -> Basemap {
        let urlNode = node.pairs != nil ? node["url"] : node
        if node.pairs != nil { _ = pairs(node, "'basemap'", known: Self.basemapKeys) }
        guard let urlNode, let url = try text(urlNode, "'basemap': 'url'") else { throw fail("'basemap' needs a 'url' (an XYZ tile URL with {z}, {x} and {y})", node) }
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), ["{z}", "{x}", "{y}"].allSatisfy({ url.contains($0) }) else {
            throw fail("'basemap': 'url' must be an http(s) tile URL with {z}, {x} and {y}, got '\(url)'", urlNode)
        }
        var map = Basemap(url: url)
        if node.pairs != nil {
            map.attribution = try text(node["attribution"], "'basemap': 'attribution'") ?? ""
            if let d = node["datum"], let t = try text(d, "'basemap': 'datum'") {
                switch t.lowercased().replacingOccurrences(of: "-", with: "") {
                case "gcj02": map.gcj02 = true
                case "wgs84", "cgcs2000": map.gcj02 = false
                default: throw fail("'basemap': 'datum' must be gcj02 (Amap, Tencent tiles) or wgs84, got '\(t)'", d)
                }
            }
            if let z = node["max-zoom"], let t = try text(z, "'basemap': 'max-zoom'") {
                guard let n = DecimalText.integer(t), (0...22).contains(n) else { throw fail("'basemap': 'max-zoom' must be a zoom from 0 to 22, got '\(t)'", z) }
                map.maxZoom = n
            }
        }
        return map
    }

    /// A layer's `order:` — a list, or one text with its classes separated by →, >, 、 or commas — nil when absent.
    func classOrder(_ node: YAMLNode, _ context: String) throws -> [String]? {
        guard node.pairs != nil, let o = node["order"], !o.isNull else { return nil }
        let what = "\(context): 'order'"
        var classes: [String]
        if let items = o.items {
            classes = try items.map { try text($0, "a class in \(what)") ?? "" }
        } else if let t = try text(o, what) {
            classes = t.replacingOccurrences(of: "→", with: ",").replacingOccurrences(of: "->", with: ",")
                .components(separatedBy: CharacterSet(charactersIn: ">,，、;；"))
        } else {
            classes = []
        }
        classes = classes.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !classes.isEmpty, !classes.contains(where: \.isEmpty) else {
            throw fail("\(what) must list the layer's classes, lowest first, e.g. order: [轻度, 中度, 强烈]", o)
        }
        guard classes.count <= Self.maximumClasses else {
            throw fail("\(what) lists \(classes.count) classes; at most \(Self.maximumClasses)", o)
        }
        var seen = Set<String>()
        for c in classes where !seen.insert(c).inserted {
            throw fail("\(what) lists '\(c)' twice", o)
        }
        return classes
    }
}
