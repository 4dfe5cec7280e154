internal import CPROJ

/// Receives PROJ's log messages (`proj_log_func`): the only place PROJ says *why* it failed.
final class PROJLogSink {
    var last: String?
}

/// A PROJ context (`proj_context_create` … `proj_context_destroy`), one per thread; not `Sendable`.
final class PROJContext {
    let handle: OpaquePointer
    let sink = PROJLogSink()

    init() {
        guard let h = proj_context_create() else { fatalError("proj_context_create returned NULL") }
        handle = h
        proj_log_level(h, PJ_LOG_ERROR)
        proj_log_func(h, Unmanaged.passUnretained(sink).toOpaque()) { userdata, _, message in
            guard let userdata, let message else { return }
            Unmanaged<PROJLogSink>.fromOpaque(userdata).takeUnretainedValue().last = String(cString: message)
        }
    }

    deinit { proj_context_destroy(handle) }

    /// The best message PROJ has for the last failure.
    func failure(_ what: String) -> GeoKitError {
        let code = proj_context_errno(handle)
        var detail = sink.last ?? (code != 0 ? String(cString: proj_context_errno_string(handle, code)) : "unknown error")
        if detail.hasPrefix("proj_create: ") { detail.removeFirst("proj_create: ".count) }
        sink.last = nil
        return GeoKitError(.projection, "\(what): \(detail)")
    }

    /// Creates a PJ from any definition PROJ accepts; the caller owns it.
    func create(_ definition: String) throws -> OpaquePointer {
        guard let pj = proj_create(handle, definition) else { throw failure("unknown CRS '\(CRS.abbreviated(definition))'") }
        return pj
    }
}

/// Owns a `PJ*` and destroys it before its context (`proj_destroy`).
final class PJObject {
    let handle: OpaquePointer
    let context: PROJContext
    init(_ handle: OpaquePointer, _ context: PROJContext) { self.handle = handle; self.context = context }
    deinit { proj_destroy(handle) }
}
