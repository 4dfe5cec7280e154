internal import CGDAL
import Foundation

/// One layer of a `VectorSource` (`OGRLayerH`, owned by the dataset, which this keeps alive).
public final class VectorLayer {
    public let source: VectorSource
    public let name: String
    let handle: UnsafeMutableRawPointer

    init(source: VectorSource, handle: UnsafeMutableRawPointer, name: String) {
        self.source = source
        self.handle = handle
        self.name = name
    }

    private func error(_ message: String, feature: Int64? = nil, hint: GeoKitError.Hint? = nil) -> GeoKitError {
        GeoKitError(.input, message, file: source.path, layer: name, feature: feature, hint: hint)
    }

    /// How text in this layer is decoded.
    public var encoding: TextEncoding { source.encoding(ofLayer: name) }

    /// The layer's geometry type name as OGR gives it ("Polygon", "Multi Line String" …).
    public var geometryTypeName: String {
        gdalString(OGRGeometryTypeToName(OGR_L_GetGeomType(handle))) ?? "Unknown"
    }

    /// The attribute fields in order.
    public var fields: [FieldDefinition] {
        let defn = OGR_L_GetLayerDefn(handle)
        return (0..<OGR_FD_GetFieldCount(defn)).map { i in
            let f = OGR_FD_GetFieldDefn(defn, i)
            let type: FieldType
            switch OGR_Fld_GetType(f) {
            case OFTInteger: type = .integer
            case OFTInteger64: type = .integer64
            case OFTReal: type = .real
            case OFTString: type = .string
            case OFTDate: type = .date
            case OFTTime: type = .time
            case OFTDateTime: type = .dateTime
            case OFTBinary: type = .binary
            default: type = .list
            }
            return FieldDefinition(name: gdalString(OGR_Fld_GetNameRef(f)) ?? "field\(i)", type: type,
                                   width: Int(OGR_Fld_GetWidth(f)), precision: Int(OGR_Fld_GetPrecision(f)))
        }
    }

    /// The layer's CRS, or nil when it declares none (a shapefile without .prj). Identified as an
    /// EPSG code where GDAL or PROJ can (`OSRAutoIdentifyEPSG`, `proj_identify`).
    public func crs() throws -> CRS? {
        guard let srs = OGR_L_GetSpatialRef(handle) else { return nil }
        guard let clone = OSRClone(srs) else { return nil }
        defer { OSRRelease(clone) }
        _ = OSRAutoIdentifyEPSG(clone)
        if let auth = gdalString(OSRGetAuthorityName(clone, nil)), auth == "EPSG",
           let code = gdalString(OSRGetAuthorityCode(clone, nil)) {
            return try CRS("EPSG:\(code)")
        }
        var wkt: UnsafeMutablePointer<CChar>?
        let options = StringList(values: ["FORMAT=WKT2_2019"])
        guard OSRExportToWktEx(clone, &wkt, options.constPointer) == OGRERR_NONE, let wkt else {
            throw error("its CRS cannot be exported as WKT")
        }
        defer { VSIFree(wkt) }
        do { return try CRS(String(cString: wkt)) } catch let e as GeoKitError {
            throw e.located(file: source.path, layer: name)
        }
    }

    /// Number of features (after any attribute filter), counted if the driver cannot say quickly.
    public var featureCount: Int { Int(OGR_L_GetFeatureCount(handle, 1)) }

    /// The extent in layer coordinates, or nil for an empty layer.
    public var extent: Envelope? {
        var e = OGREnvelope()
        guard OGR_L_GetExtent(handle, &e, 1) == OGRERR_NONE else { return nil }
        return Envelope(minX: e.MinX, minY: e.MinY, maxX: e.MaxX, maxY: e.MaxY)
    }

    /// Restricts reading to features matching an OGR SQL `WHERE` clause (`OGR_L_SetAttributeFilter`);
    /// nil clears it.
    public func setAttributeFilter(_ whereClause: String?) throws {
        try withGDALMessages { messages in
            guard OGR_L_SetAttributeFilter(handle, whereClause) == OGRERR_NONE else {
                let why = messages.lastFailure ?? "invalid expression"
                throw error("the filter '\(whereClause ?? "")' is not valid OGR SQL: \(why)")
            }
        }
    }

    /// Reads every feature (after the attribute filter) in the layer's order. Any failure GDAL
    /// reports while reading (a truncated .shp, a damaged .dbf) stops the read with an error naming
    /// the feature.
    public func readFeatures(geometry: Bool = true) throws -> [Feature] {
        var out: [Feature] = []
        try forEachFeature(geometry: geometry) { out.append($0) }
        return out
    }

    /// Calls `body` for each feature in order (streaming; nothing is kept). `body` runs synchronously
    /// on this thread while GDAL's message handler is pushed.
    public func forEachFeature(geometry: Bool = true, _ body: (Feature) throws -> Void) throws {
        let defs = fields
        let recodeFallback = encoding.basis == .inferred && source.driver != "ESRI Shapefile"
        try withGDALMessages { messages in
            if !geometry {
                let ignored = StringList(values: ["OGR_GEOMETRY"])
                OGR_L_SetIgnoredFields(handle, ignored.mutableConstPointer)
            }
            defer { if !geometry { OGR_L_SetIgnoredFields(handle, nil) } }
            OGR_L_ResetReading(handle)
            var lastFID: Int64?
            while true {
                let before = messages.failures.count
                let f = OGR_L_GetNextFeature(handle)
                if messages.failures.count > before {
                    if let f { OGR_F_Destroy(f) }
                    let place = lastFID.map { "after feature \($0)" } ?? "at its first feature"
                    throw error("GDAL cannot read the layer \(place): \(GeoKitError.trimmed(messages.failures.last!.text))")
                }
                guard let f else { break }
                defer { OGR_F_Destroy(f) }
                let fid = OGR_F_GetFID(f)
                var values: [FieldValue] = []
                values.reserveCapacity(defs.count)
                for (i, def) in defs.enumerated() {
                    let fi = Int32(i)
                    guard OGR_F_IsFieldSetAndNotNull(f, fi) != 0 else { values.append(.null); continue }
                    switch def.type {
                    case .integer, .integer64: values.append(.integer(OGR_F_GetFieldAsInteger64(f, fi)))
                    case .real: values.append(.real(OGR_F_GetFieldAsDouble(f, fi)))
                    default:
                        guard let raw = OGR_F_GetFieldAsString(f, fi) else { values.append(.null); continue }
                        if let s = decodeUTF8(raw) {
                            values.append(.string(s))
                        } else if recodeFallback {
                            let recoded = CPLRecode(raw, "GB18030", CPL_ENC_UTF8)
                            defer { VSIFree(recoded) }
                            values.append(.string(String(cString: recoded)))
                        } else {
                            throw error("the text of field \(def.name) is not valid \(encoding.name)", feature: fid, hint: .stateEncoding)
                        }
                    }
                }
                var wkb: [UInt8]?
                if geometry, let g = OGR_F_GetGeometryRef(f) {
                    guard let bytes = Self.wkb(of: g) else {
                        throw error("its geometry cannot be converted to WKB", feature: fid)
                    }
                    wkb = bytes
                }
                try body(Feature(fid: fid, values: values, wkb: wkb))
                lastFID = fid
            }
        }
    }

    /// Linear, 2-D, little-endian WKB of an OGR geometry: curves linearised
    /// (`OGR_G_GetLinearGeometry`), Z and M dropped (`OGR_G_Set3D`, `OGR_G_SetMeasured` on a copy).
    static func wkb(of g: UnsafeMutableRawPointer) -> [UInt8]? {
        var geometry = g
        var owned: UnsafeMutableRawPointer?
        defer { if let owned { OGR_G_DestroyGeometry(owned) } }
        if OGR_G_HasCurveGeometry(g, 1) != 0 {
            guard let lin = OGR_G_GetLinearGeometry(g, 0, nil) else { return nil }
            owned = lin
            geometry = lin
        }
        if OGR_G_Is3D(geometry) != 0 || OGR_G_IsMeasured(geometry) != 0 {
            if owned == nil {
                guard let c = OGR_G_Clone(geometry) else { return nil }
                owned = c
                geometry = c
            }
            OGR_G_Set3D(geometry, 0)
            OGR_G_SetMeasured(geometry, 0)
        }
        let size = Int(OGR_G_WkbSizeEx(geometry))
        var bytes = [UInt8](repeating: 0, count: size)
        let err = bytes.withUnsafeMutableBufferPointer { OGR_G_ExportToWkb(geometry, wkbNDR, $0.baseAddress) }
        return err == OGRERR_NONE ? bytes : nil
    }

    /// True when every string value in the layer is valid UTF-8 (geometry not read).
    func allTextIsValidUTF8() -> Bool {
        let stringFields = fields.enumerated().filter { $0.element.type == .string }.map { Int32($0.offset) }
        if stringFields.isEmpty { return true }
        return withGDALMessages { _ in
            let ignored = StringList(values: ["OGR_GEOMETRY"])
            OGR_L_SetIgnoredFields(handle, ignored.mutableConstPointer)
            defer { OGR_L_SetIgnoredFields(handle, nil); OGR_L_ResetReading(handle) }
            OGR_L_ResetReading(handle)
            while let f = OGR_L_GetNextFeature(handle) {
                defer { OGR_F_Destroy(f) }
                for i in stringFields where OGR_F_IsFieldSetAndNotNull(f, i) != 0 {
                    if let raw = OGR_F_GetFieldAsString(f, i), decodeUTF8(raw) == nil { return false }
                }
            }
            return true
        }
    }
}
