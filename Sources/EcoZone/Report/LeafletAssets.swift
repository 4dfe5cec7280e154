import Foundation

/// Leaflet's script and style sheet, to be inlined into a report so that its interactive map works
/// offline: read from Debian's `libjs-leaflet` package (`/usr/share/javascript/leaflet`), with the
/// style sheet's images (the layer-switcher icon, the default marker) turned into `data:` URIs and
/// the source-map comments dropped, so the page asks for no file at all.
public struct LeafletAssets: Sendable, Equatable {
    public var javaScript: String
    public var css: String
    /// Leaflet's version as the script states it ("1.6.0"), or "unknown".
    public var version: String

    public init(javaScript: String, css: String, version: String = "unknown") {
        self.javaScript = Self.safeInScript(javaScript)
        self.css = Self.safeInStyle(css)
        self.version = version
    }

    /// Where Debian's `libjs-leaflet` installs Leaflet.
    public static let debianDirectory = "/usr/share/javascript/leaflet"

    /// Leaflet from `directory` (by default `ECOZONE_LEAFLET_DIR`, else Debian's), or nil when it is
    /// not there (the report then says how to install it and keeps its static maps).
    public static func system(directory: String? = nil) -> LeafletAssets? {
        let dir = directory ?? ProcessInfo.processInfo.environment["ECOZONE_LEAFLET_DIR"] ?? debianDirectory
        let base = URL(fileURLWithPath: dir)
        let js = ["leaflet.min.js", "leaflet.js"].lazy.compactMap { try? String(contentsOf: base.appendingPathComponent($0), encoding: .utf8) }.first
        guard let js, let css = try? String(contentsOf: base.appendingPathComponent("leaflet.css"), encoding: .utf8) else { return nil }
        return LeafletAssets(javaScript: withoutSourceMaps(js), css: inlined(withoutSourceMaps(css), images: base.appendingPathComponent("images")),
                             version: version(of: js))
    }

    /// The style sheet with every `url(images/NAME.png)` replaced by the image as a `data:` URI; a
    /// missing image becomes an empty transparent image rather than a request for a file.
    static func inlined(_ css: String, images: URL) -> String {
        var out = css
        let pattern = try! NSRegularExpression(pattern: "url\\(\\s*['\"]?images/([A-Za-z0-9_.-]+)['\"]?\\s*\\)")
        let matches = pattern.matches(in: css, range: NSRange(css.startIndex..., in: css))
        for m in matches.reversed() {
            guard let whole = Range(m.range, in: out), let nameRange = Range(m.range(at: 1), in: css) else { continue }
            let name = String(css[nameRange])
            let data = (try? Data(contentsOf: images.appendingPathComponent(name))) ?? Data(base64Encoded: transparentPNG)!
            let mime = name.hasSuffix(".svg") ? "image/svg+xml" : "image/png"
            out.replaceSubrange(whole, with: "url(data:\(mime);base64,\(data.base64EncodedString()))")
        }
        return out
    }

    /// A 1 × 1 transparent PNG.
    static let transparentPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

    static func withoutSourceMaps(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> Substring in
                if let r = line.range(of: "//# sourceMappingURL=") { return line[..<r.lowerBound] }
                if let r = line.range(of: "/*# sourceMappingURL=") { return line[..<r.lowerBound] }
                return line
            }
            .joined(separator: "\n")
    }

    static func version(of js: String) -> String {
        guard let r = js.range(of: #"version\s*[=:]\s*"([0-9][0-9A-Za-z.+~-]*)""#, options: .regularExpression) else { return "unknown" }
        let match = js[r]
        guard let q1 = match.firstIndex(of: "\"") else { return "unknown" }
        return String(match[match.index(after: q1)...].dropLast())
    }

    /// Script text that cannot end its `<script>` element early.
    static func safeInScript(_ js: String) -> String {
        js.replacingOccurrences(of: "</script", with: "<\\/script", options: .caseInsensitive)
            .replacingOccurrences(of: "<!--", with: "<\\!--")
    }

    static func safeInStyle(_ css: String) -> String {
        css.replacingOccurrences(of: "</style", with: "<\\/style", options: .caseInsensitive)
    }
}
