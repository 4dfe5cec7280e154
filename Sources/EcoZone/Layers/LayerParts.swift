import GeoKit

extension LoadedLayer {
    /// One source of a layer read from several (``LayerRequest/parts``): where its features came from.
    public struct Part: Sendable {
        /// The part's own request (its filter ANDed with the layer's).
        public var request: LayerRequest
        public var layerName: String
        /// The CRS the source's features were read in (before any transformation to ``LoadedLayer/crs``).
        public var crs: CRS
        public var encoding: TextEncoding
        public var geometryType: String
        /// Features read from this source.
        public var features: Int
        /// Added to the source's feature ids so that ids are unique in the layer: the layer's feature
        /// `fid` is this source's feature `fid − fidOffset`, for fid in `fidOffset..<fidEnd`.
        public var fidOffset: Int64
        public var fidEnd: Int64
    }

    /// Reads every part of `request` and concatenates them into one layer.
    ///
    /// - Fields: the union of the parts' fields by name, in order of first appearance; a part's field
    ///   is renamed to the layer's name given in its `fieldNames`. A part without a field has null
    ///   there; a field typed differently by two parts is text. A field `source` (the part's file,
    ///   and its layer where it has several) is added unless a part has one.
    /// - CRS: the parts' CRS when they share one; otherwise every part is transformed to
    ///   `request.commonCRS` (PROJ, `Transformer`), or to the first part's CRS when none is given.
    /// - Feature ids: the first part's as they are, each later part's offset past the previous
    ///   part's largest id (``Part/fidOffset``); errors about a feature name its own source and id.
    static func loadParts(_ request: LayerRequest) throws -> LoadedLayer {
        var layers: [LoadedLayer] = []
        for var part in request.parts {
            if let layerWide = request.whereClause, !layerWide.isEmpty {
                // Written in the layer's field names: each part reads it in its own.
                let w = renamingFields(in: layerWide, part.fieldNames)
                part.whereClause = part.whereClause.map { $0.isEmpty ? w : "(\($0)) AND (\(w))" } ?? w
            }
            layers.append(try load(part))
        }
        guard let first = layers.first else {
            throw GeoKitError(.input, "the layer names no source", file: request.source)
        }
        // The CRS every part ends up in.
        let sameCRS = layers.allSatisfy { $0.crs.definition == first.crs.definition }
        let crs: CRS
        if sameCRS { crs = first.crs } else if let common = request.commonCRS { crs = try CRS(common) } else { crs = first.crs }

        // The union of the fields, each part's renamed to the layer's names.
        var fields: [FieldDefinition] = []
        var columns: [[Int?]] = []   // per part: layer field index → the part's field index
        var mapped: [[(layerIndex: Int, partIndex: Int)]] = []
        for (part, layer) in zip(request.parts, layers) {
            var pairs: [(Int, Int)] = []
            let renamed = Dictionary(part.fieldNames.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
            for name in part.fieldNames.values where layer.fields.index(named: name) == nil {
                _ = try layer.fieldIndex(name)   // the part maps a field it does not have: named, with its fields
            }
            for (i, f) in layer.fields.enumerated() {
                let own = renamed.first { $0.key.lowercased() == f.name.lowercased() }?.value ?? f.name
                if let j = fields.index(named: own) {
                    if fields[j].type != f.type { fields[j] = FieldDefinition(name: fields[j].name, type: .string) }
                    pairs.append((j, i))
                } else {
                    fields.append(FieldDefinition(name: own, type: f.type, width: f.width, precision: f.precision))
                    pairs.append((fields.count - 1, i))
                }
            }
            mapped.append(pairs)
        }
        let sourceField = fields.index(named: "source") == nil ? fields.count : nil
        if sourceField != nil { fields.append(FieldDefinition(name: "source", type: .string)) }
        for pairs in mapped {
            var column = [Int?](repeating: nil, count: fields.count)
            for (l, p) in pairs { column[l] = p }
            columns.append(column)
        }

        let context = GeometryContext()
        var features: [Feature] = []
        var parts: [Part] = []
        var extent: Envelope?
        var offset: Int64 = 0
        let severalLayers = Set(layers.map(\.request.source)).count < layers.count
        for (k, layer) in layers.enumerated() {
            let transform = layer.crs.definition == crs.definition ? nil : try Transformer(from: layer.crs, to: crs)
            let label = layer.request.source.split(separator: "/").last.map(String.init) ?? layer.request.source
            let sourceText = severalLayers || layer.request.layer != nil ? "\(label), layer \(layer.layerName)" : label
            var largest = offset - 1
            for f in layer.features {
                var values = columns[k].map { index -> FieldValue in
                    guard let index else { return .null }
                    return f.values[index]
                }
                for (j, def) in fields.enumerated() where def.type == .string {
                    switch values[j] {
                    case .integer, .real: values[j] = .string(values[j].description)
                    default: break
                    }
                }
                if let s = sourceField { values[s] = .string(sourceText) }
                var wkb = f.wkb
                if let transform, let w = wkb {
                    // The extent below is taken from the transformed features.
                    do { wkb = try transform.transform(try Geometry(wkb: w, context: context)).wkb } catch {
                        throw layer.locate(error, feature: f.fid)
                    }
                }
                features.append(Feature(fid: offset + f.fid, values: values, wkb: wkb))
                largest = max(largest, offset + f.fid)
            }
            var partExtent = transform == nil ? layer.extent : nil
            if transform != nil {
                for f in features[(features.count - layer.features.count)...] {
                    guard let w = f.wkb, let e = try Geometry(wkb: w, context: context).envelope else { continue }
                    partExtent = partExtent.map { $0.union(e) } ?? e
                }
            }
            if let e = partExtent { extent = extent.map { $0.union(e) } ?? e }
            parts.append(Part(request: layer.request, layerName: layer.layerName, crs: layer.crs, encoding: layer.encoding,
                              geometryType: layer.geometryType, features: layer.features.count, fidOffset: offset, fidEnd: largest + 1))
            offset = largest + 1
        }
        let types = layers.map(\.geometryType).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var out = LoadedLayer(request: request, layerName: layers.map(\.layerName).joined(separator: " + "), driver: first.driver, crs: crs,
                              crsAssumed: layers.contains { $0.crsAssumed }, declaredCRSSetAside: first.declaredCRSSetAside,
                              encoding: first.encoding, geometryType: types.joined(separator: " + "), fields: fields, features: features,
                              extent: extent)
        out.parts = parts
        return out
    }

    /// An OGR SQL filter with the identifiers that name a layer field (bare or in double quotes,
    /// matched ignoring case) replaced by `names[field]`; text in single quotes is left as written.
    static func renamingFields(in filter: String, _ names: [String: String]) -> String {
        guard !names.isEmpty else { return filter }
        let lower = Dictionary(names.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        func isStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
        func isPart(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }
        var out = "", i = filter.startIndex
        while i < filter.endIndex {
            let c = filter[i]
            if c == "'" || c == "\"" {
                // A quoted literal ('…', '' inside) or identifier ("…"), to its closing quote.
                var j = filter.index(after: i)
                var text = ""
                while j < filter.endIndex {
                    if filter[j] == c {
                        let next = filter.index(after: j)
                        if next < filter.endIndex, filter[next] == c { text.append(c); text.append(c); j = filter.index(after: next); continue }
                        break
                    }
                    text.append(filter[j])
                    j = filter.index(after: j)
                }
                if c == "\"", let own = lower[text.lowercased()] { text = own }
                out += String(c) + text + (j < filter.endIndex ? String(c) : "")
                i = j < filter.endIndex ? filter.index(after: j) : j
            } else if isStart(c) {
                var j = i
                while j < filter.endIndex, isPart(filter[j]) { j = filter.index(after: j) }
                let word = String(filter[i..<j])
                out += lower[word.lowercased()].map { "\"\($0)\"" } ?? word
                i = j
            } else {
                out.append(c)
                i = filter.index(after: i)
            }
        }
        return out
    }

    /// The part a feature id of this layer came from, and its id there; nil for a one-source layer.
    public func part(of fid: Int64) -> (part: Part, fid: Int64)? {
        guard let p = parts.first(where: { fid >= $0.fidOffset && fid < $0.fidEnd }) else { return nil }
        return (p, fid - p.fidOffset)
    }
}
