internal import CGEOS

/// Receives GEOS's error and notice messages for one context (`GEOSContext_setErrorMessageHandler_r`).
final class GEOSMessageSink {
    var lastError: String?
    var lastNotice: String?
}

/// A GEOS context: one per thread or task (`GEOS_init_r` … `GEOS_finish_r`).
///
/// GEOS handles are not thread-safe; this class is deliberately not `Sendable`, so the compiler keeps
/// each context, and every geometry made in it, on the worker that created it. Workers exchange
/// geometries as WKB bytes (`[UInt8]`), which are `Sendable`.
public final class GeometryContext {
    let handle: OpaquePointer
    let sink = GEOSMessageSink()
    private var wkbReaderHandle: OpaquePointer?
    private var wkbWriterHandle: OpaquePointer?

    public init() {
        guard let h = GEOS_init_r() else { fatalError("GEOS_init_r returned NULL: out of memory") }
        handle = h
        let userdata = Unmanaged.passUnretained(sink).toOpaque()
        GEOSContext_setErrorMessageHandler_r(h, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<GEOSMessageSink>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
        }, userdata)
        GEOSContext_setNoticeMessageHandler_r(h, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<GEOSMessageSink>.fromOpaque(userdata).takeUnretainedValue().lastNotice = String(cString: message)
        }, userdata)
    }

    deinit {
        if let r = wkbReaderHandle { GEOSWKBReader_destroy_r(handle, r) }
        if let w = wkbWriterHandle { GEOSWKBWriter_destroy_r(handle, w) }
        GEOS_finish_r(handle)
    }

    var wkbReader: OpaquePointer {
        if let r = wkbReaderHandle { return r }
        let r = GEOSWKBReader_create_r(handle)!
        wkbReaderHandle = r
        return r
    }

    var wkbWriter: OpaquePointer {
        if let w = wkbWriterHandle { return w }
        let w = GEOSWKBWriter_create_r(handle)!
        // Little-endian ISO/extended WKB with Z where present (GDAL and GEOS both read it).
        GEOSWKBWriter_setByteOrder_r(handle, w, 1)
        GEOSWKBWriter_setOutputDimension_r(handle, w, 2)
        wkbWriterHandle = w
        return w
    }

    /// The error GEOS last reported, as a `GeoKitError`, clearing it.
    func error(_ operation: String) -> GeoKitError {
        let text = sink.lastError ?? "\(operation) failed"
        sink.lastError = nil
        return GeoKitError(.geometry, "\(operation): \(text)")
    }

    /// Makes a `Geometry` that owns `pointer`, or throws GEOS's message when it is NULL.
    func wrap(_ pointer: OpaquePointer?, _ operation: String) throws -> Geometry {
        guard let pointer else { throw error(operation) }
        return Geometry(owning: pointer, in: self)
    }
}
