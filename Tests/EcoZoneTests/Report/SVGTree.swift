import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML element tree parsed with Foundation's XMLParser, for asserting on SVG output.
final class XMLElementNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLElementNode] = []
    var text = ""
    weak var parent: XMLElementNode?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// Every element below (and including) this one, depth first.
    var all: [XMLElementNode] { [self] + children.flatMap(\.all) }

    /// The element's text including its descendants'.
    var fullText: String { text + children.map(\.fullText).joined() }

    func elements(named name: String) -> [XMLElementNode] { all.filter { $0.name == name } }
    func elements(class cls: String) -> [XMLElementNode] {
        all.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(cls)) }
    }
    func double(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
}

/// Parses XML text; nil when it is not well-formed.
final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLElementNode] = []
    private(set) var root: XMLElementNode?
    private(set) var error: Error?

    static func parse(_ text: String) -> XMLElementNode? {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = XMLTreeBuilder()
        parser.delegate = builder
        guard parser.parse(), builder.error == nil else { return nil }
        return builder.root
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let node = XMLElementNode(name: elementName, attributes: attributeDict)
        if let parent = stack.last { parent.children.append(node); node.parent = parent } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        error = parseError
    }
}

/// Pixel coordinates of an SVG path made of M…Z subpaths with implicit line-tos ("M1 2 3 4 5 6Z").
func pathRings(_ d: String) -> [[(x: Double, y: Double)]] {
    d.split(separator: "M").map { sub in
        let numbers = sub.replacingOccurrences(of: "Z", with: "").split(separator: " ").compactMap { Double($0) }
        return stride(from: 0, to: numbers.count - 1, by: 2).map { (x: numbers[$0], y: numbers[$0 + 1]) }
    }
}
