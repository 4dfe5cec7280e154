internal import CLibYAML
import Foundation
import GeoKit

/// A YAML file read with bounded resources, every node knowing its line: the one front end of the
/// project and claims loaders.
///
/// The text goes through libyaml's event parser (`yaml_parser_parse`, Debian's libyaml-dev),
/// which keeps its own explicit stacks, and the tree is assembled here from the events without
/// recursion. Nothing recursive (a composer and constructor such as Yams') ever sees the text, so the limits
/// below hold before anything is built:
///
/// - **size**: at most ``Limits/bytes`` (16 MiB) of UTF-8 text; the file is refused before it is read.
/// - **depth**: at most ``Limits/depth`` (64) nested collections; a deeper `[[[…` stops at the first
///   collection past the limit. Project and claims files use 5 levels.
/// - **nodes**: at most ``Limits/nodes`` (1,000,000) nodes, each alias counted at the full size of the
///   node it repeats, and each `<<` merge at the size of what it merges. An alias "bomb" (anchors that
///   repeat each other nine times over, 10⁹ nodes once expanded) stops at the first alias that would
///   pass the limit, before anything is expanded: aliases share the node they name, so memory stays
///   proportional to the text, and a reader that walks the tree visits at most this many nodes.
/// - **keys**: a key written twice in one mapping is refused, with both lines; keys are scalars.
/// - **documents**: one per file.
///
/// Anchors and aliases are kept (with `<<` merge keys, as the earlier Yams-based loader read them) rather than refused:
/// a project may share settings between layers (`defaults: &gbk {encoding: CP936}` …
/// `towns: {<<: *gbk, source: towns.shp}`), and the node limit makes them as safe as plain text.
///
/// Scalars keep their text as written (`0.50` stays "0.50"); readers decide what a value means and,
/// through ``YAMLDocument/error(_:at:)``, say on which line it is wrong.
public struct YAMLDocument: Sendable {
    /// Bounds on what a file may make EcoZone read, nest and build.
    public struct Limits: Sendable, Equatable {
        /// Bytes of text.
        public var bytes: Int
        /// Nested collections (a top-level mapping is depth 1).
        public var depth: Int
        /// Nodes, aliases and merges counted at their full size.
        public var nodes: Int

        public init(bytes: Int = 16 << 20, depth: Int = 64, nodes: Int = 1_000_000) {
            self.bytes = bytes
            self.depth = depth
            self.nodes = nodes
        }

        public static let standard = Limits()
    }

    /// The file named in messages.
    public var path: String
    /// What the file is, for messages: "project file", "claims file".
    public var kind: String
    /// The root node; nil for an empty file.
    public var root: YAMLNode?

    /// Reads and parses `path`. Refuses (GeoKitError `.input`, naming the file) a missing or irregular
    /// file (a folder, a FIFO), one over `limits.bytes`, text that is not UTF-8, and anything
    /// ``parse(_:path:kind:limits:)`` refuses.
    public static func load(_ path: String, kind: String, limits: Limits = .standard) throws -> YAMLDocument {
        let data = try BoundedFileRead.data(path, kind: kind, limit: limits.bytes) { tooLarge($0, kind: kind, limits: limits) }
        guard String(data: data, encoding: .utf8) != nil else {
            throw GeoKitError(.input, "the \(kind) is not readable UTF-8 text", file: path)
        }
        return try parse(data, path: path, kind: kind, limits: limits)
    }

    /// Parses YAML text; `path` and `kind` are used in messages.
    public static func parse(_ text: String, path: String, kind: String, limits: Limits = .standard) throws -> YAMLDocument {
        try parse(Data(text.utf8), path: path, kind: kind, limits: limits)
    }

    static func parse(_ data: Data, path: String, kind: String, limits: Limits) throws -> YAMLDocument {
        guard data.count <= limits.bytes else {
            throw GeoKitError(.input, tooLarge(data.count, kind: kind, limits: limits), file: path)
        }
        var builder = YAMLTreeBuilder(path: path, kind: kind, limits: limits)
        let bytes = [UInt8](data)
        try bytes.withUnsafeBufferPointer { buffer in
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
            defer { parser.deallocate(); event.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else {
                throw GeoKitError(.input, "the \(kind) cannot be parsed: libyaml could not start", file: path)
            }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            while true {
                guard yaml_parser_parse(parser, event) == 1 else { throw builder.syntaxError(parser.pointee) }
                defer { yaml_event_delete(event) }
                if event.pointee.type == YAML_STREAM_END_EVENT { break }
                try builder.consume(event.pointee)
            }
        }
        return YAMLDocument(path: path, kind: kind, root: builder.root)
    }

    static func tooLarge(_ size: Int, kind: String, limits: Limits) -> String {
        "the \(kind) holds \(size) bytes; EcoZone reads \(kind)s of at most \(limits.bytes) bytes (\(limits.bytes >> 20) MiB)"
    }

    /// An input error about `node`: "FILE: line N: message".
    public func error(_ message: String, at node: YAMLNode?) -> GeoKitError {
        guard let node else { return GeoKitError(.input, message, file: path) }
        return GeoKitError(.input, "line \(node.line): \(message)", file: path)
    }
}

/// One node of a ``YAMLDocument``: a scalar's text, a sequence or a mapping, where it starts, and its
/// explicit tag if it has one.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        /// Pairs in file order; `<<` merges already applied (merged pairs after the mapping's own).
        case mapping([YAMLPair])
    }

    public var content: Content
    /// The explicit tag, expanded ("tag:yaml.org,2002:str" for `!!str`); nil when none is written.
    public var tag: String?
    /// 1-based line and column where the node starts.
    public var line: Int
    public var column: Int
    /// Nodes in this subtree, aliases and merges counted at their full size.
    public var size: Int

    /// A scalar's text (nil for a collection, and for a null: `~`, `null`, an empty value).
    public var text: String? {
        guard case .scalar(let s, _) = content, !isNull else { return nil }
        return s
    }

    /// A scalar written as null: plain `~`, `null`, `Null`, `NULL`, nothing, or tagged `!!null`.
    public var isNull: Bool {
        guard case .scalar(let s, let plain) = content else { return false }
        if tag == "tag:yaml.org,2002:null" { return true }
        return plain && tag == nil && ["", "~", "null", "Null", "NULL"].contains(s)
    }

    public var isScalar: Bool {
        if case .scalar = content { return true }
        return false
    }

    /// A sequence's items; nil for anything else.
    public var items: [YAMLNode]? {
        if case .sequence(let xs) = content { return xs }
        return nil
    }

    /// A mapping's pairs in file order; nil for anything else.
    public var pairs: [YAMLPair]? {
        if case .mapping(let ps) = content { return ps }
        return nil
    }

    /// The value of `key` in a mapping (nil when absent, or when this is not a mapping).
    public subscript(_ key: String) -> YAMLNode? {
        pairs?.first { $0.name == key }?.value
    }

    /// The node as one line of text, collections in flow style: "8", "[长江, 花溪河]", "{a: 1}".
    /// For settings kept as text. Walks at most ``size`` nodes; a node deeper than ``YAMLDocument``
    /// allows cannot exist.
    public var flowText: String {
        switch content {
        case .scalar(let s, _): return isNull ? "" : s
        case .sequence(let xs): return "[" + xs.map(\.flowText).joined(separator: ", ") + "]"
        case .mapping(let ps): return "{" + ps.map { "\($0.name): \($0.value.flowText)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A key and its value; keys are scalars (``YAMLDocument`` refuses any other).
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
    /// The key's text ("" for a null key).
    public var name: String {
        if case .scalar(let s, _) = key.content { return key.isNull ? "" : s }
        return ""
    }
}

/// Assembles nodes from libyaml's events with an explicit stack, enforcing ``YAMLDocument/Limits``.
private struct YAMLTreeBuilder {
    let path: String
    let kind: String
    let limits: YAMLDocument.Limits

    struct Open {
        var isMapping: Bool
        var anchor: String?
        var tag: String?
        var line: Int
        var column: Int
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        /// Key text → line of its first occurrence.
        var keys: [String: Int] = [:]
        var size = 1
    }

    var stack: [Open] = []
    var anchors: [String: YAMLNode] = [:]
    var root: YAMLNode?
    var documents = 0
    /// Nodes built so far, aliases counted at their full size.
    var total = 0

    init(path: String, kind: String, limits: YAMLDocument.Limits) {
        self.path = path
        self.kind = kind
        self.limits = limits
    }

    func fail(_ line: Int, _ message: String) -> GeoKitError {
        GeoKitError(.input, "line \(line): \(message)", file: path)
    }

    func syntaxError(_ p: yaml_parser_t) -> GeoKitError {
        let problem = p.problem.map { String(cString: $0) } ?? "unreadable YAML"
        var message = "the \(kind) is not valid YAML: line \(p.problem_mark.line + 1), column \(p.problem_mark.column + 1): \(problem)"
        if let context = p.context.map({ String(cString: $0) }) {
            message += " (\(context) at line \(p.context_mark.line + 1))"
        }
        return GeoKitError(.input, message, file: path)
    }

    static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    mutating func count(_ n: Int, line: Int) throws {
        total += n
        guard total <= limits.nodes else {
            throw fail(line, "the \(kind) expands to more than \(limits.nodes) YAML nodes (aliases counted at the size of what they repeat); EcoZone reads at most that many")
        }
    }

    mutating func consume(_ e: yaml_event_t) throws {
        let line = Int(e.start_mark.line) + 1, column = Int(e.start_mark.column) + 1
        switch e.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 { throw fail(line, "the \(kind) holds more than one YAML document (a second '---')") }
        case YAML_SCALAR_EVENT:
            let s = e.data.scalar
            let text = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
            let tag = Self.string(s.tag)
            try count(1, line: line)
            let node = YAMLNode(content: .scalar(text, plain: s.style == YAML_PLAIN_SCALAR_STYLE), tag: tag,
                                line: line, column: column, size: 1)
            if let anchor = Self.string(s.anchor) { anchors[anchor] = node }
            try add(node)
        case YAML_ALIAS_EVENT:
            let name = Self.string(e.data.alias.anchor) ?? ""
            guard var node = anchors[name] else {
                throw fail(line, "alias '*\(name)' names no anchor '&\(name)' written (and closed) before it")
            }
            try count(node.size, line: line)
            node.line = line
            node.column = column
            try add(node)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard stack.count < limits.depth else {
                throw fail(line, "the \(kind) nests collections more than \(limits.depth) deep; EcoZone reads at most \(limits.depth) levels")
            }
            try count(1, line: line)
            let isMapping = e.type == YAML_MAPPING_START_EVENT
            let anchor = Self.string(isMapping ? e.data.mapping_start.anchor : e.data.sequence_start.anchor)
            let tag = Self.string(isMapping ? e.data.mapping_start.tag : e.data.sequence_start.tag)
            stack.append(Open(isMapping: isMapping, anchor: anchor, tag: tag, line: line, column: column))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let open = stack.removeLast()
            let node: YAMLNode
            if open.isMapping {
                node = YAMLNode(content: .mapping(try merged(open)), tag: open.tag, line: open.line, column: open.column, size: open.size)
            } else {
                node = YAMLNode(content: .sequence(open.items), tag: open.tag, line: open.line, column: open.column, size: open.size)
            }
            if let anchor = open.anchor { anchors[anchor] = node }
            try add(node)
        default:
            break  // stream and document boundaries
        }
    }

    /// Appends a finished node to the open collection, or makes it the root.
    mutating func add(_ node: YAMLNode) throws {
        guard !stack.isEmpty else {
            root = node
            return
        }
        stack[stack.count - 1].size += node.size
        if !stack[stack.count - 1].isMapping {
            stack[stack.count - 1].items.append(node)
            return
        }
        if let key = stack[stack.count - 1].pendingKey {
            stack[stack.count - 1].pairs.append(YAMLPair(key: key, value: node))
            stack[stack.count - 1].pendingKey = nil
            return
        }
        guard node.isScalar else {
            throw fail(node.line, "a key must be a single value, not a list or a mapping")
        }
        let name = YAMLPair(key: node, value: node).name
        if !isMergeKey(node) {
            if let first = stack[stack.count - 1].keys[name] {
                throw fail(node.line, "the key '\(name)' is written twice in the same mapping (lines \(first) and \(node.line)); remove one")
            }
            stack[stack.count - 1].keys[name] = node.line
        }
        stack[stack.count - 1].pendingKey = node
    }

    func isMergeKey(_ key: YAMLNode) -> Bool {
        guard case .scalar(let s, let plain) = key.content, s == "<<" else { return false }
        return (plain && key.tag == nil) || key.tag == "tag:yaml.org,2002:merge"
    }

    /// The mapping's pairs with `<<` merges applied: the mapping's own keys first, in file order, then
    /// the merged keys it does not set itself (from a list of mappings, the first that sets a key wins).
    func merged(_ open: Open) throws -> [YAMLPair] {
        guard open.pairs.contains(where: { isMergeKey($0.key) }) else { return open.pairs }
        var own: [YAMLPair] = [], sources: [YAMLNode] = []
        for pair in open.pairs {
            guard isMergeKey(pair.key) else { own.append(pair); continue }
            switch pair.value.content {
            case .mapping: sources.append(pair.value)
            case .sequence(let xs) where xs.allSatisfy({ $0.pairs != nil }): sources += xs
            default: throw fail(pair.key.line, "'<<' merges a mapping or a list of mappings into this one")
            }
        }
        var seen = Set(own.map(\.name))
        var out = own
        for source in sources {
            for pair in source.pairs ?? [] where seen.insert(pair.name).inserted { out.append(pair) }
        }
        return out
    }
}
