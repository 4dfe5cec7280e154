internal import CGDAL
import Foundation

/// GDAL set-up done once per process: register the drivers, silence the default stderr handler.
enum GDALRuntime {
    private static let registered: Bool = {
        GDALAllRegister()
        CPLSetErrorHandler(CPLQuietErrorHandler)
        return true
    }()

    static func ensure() { _ = registered }
}

/// One message GDAL raised through `CPLError` during an operation.
struct GDALMessage: Sendable {
    let isFailure: Bool
    let code: Int32
    let text: String
}

/// Collects GDAL's messages (the handler's user data) for the duration of one synchronous call.
final class GDALMessageCollector {
    var messages: [GDALMessage] = []

    var failures: [GDALMessage] { messages.filter(\.isFailure) }
    var warnings: [GDALMessage] { messages.filter { !$0.isFailure } }
    var lastFailure: String? { failures.last?.text }
}

/// Runs `body` with a GDAL error handler pushed on this thread's stack (`CPLPushErrorHandlerEx` …
/// `CPLPopErrorHandler`). The closure is synchronous on purpose: the handler stack is thread-local,
/// so it must never span an `await`.
func withGDALMessages<T>(_ body: (GDALMessageCollector) throws -> T) rethrows -> T {
    GDALRuntime.ensure()
    let collector = GDALMessageCollector()
    CPLPushErrorHandlerEx({ errClass, errNo, message in
        guard let userdata = CPLGetErrorHandlerUserData() else { return }
        let c = Unmanaged<GDALMessageCollector>.fromOpaque(userdata).takeUnretainedValue()
        let text = message.map { String(cString: $0) } ?? ""
        c.messages.append(GDALMessage(isFailure: errClass.rawValue >= CE_Failure.rawValue, code: errNo, text: text))
    }, Unmanaged.passUnretained(collector).toOpaque())
    defer { CPLPopErrorHandler() }
    return try withExtendedLifetime(collector) { try body(collector) }
}

/// A `char**` string list built with `CSLSetNameValue` and freed with `CSLDestroy`.
struct StringList: ~Copyable {
    private(set) var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    init(_ pairs: [(String, String)] = []) {
        pointer = nil
        for (k, v) in pairs { pointer = CSLSetNameValue(pointer, k, v) }
    }

    init(values: [String]) {
        pointer = nil
        for v in values { pointer = CSLAddString(pointer, v) }
    }

    deinit { CSLDestroy(pointer) }

    var constPointer: UnsafePointer<UnsafePointer<CChar>?>? {
        guard let pointer else { return nil }
        return UnsafeRawPointer(pointer).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
    }

    /// For C parameters declared `const char**`.
    var mutableConstPointer: UnsafeMutablePointer<UnsafePointer<CChar>?>? {
        guard let pointer else { return nil }
        return UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
    }
}

/// Copies a GDAL-owned C string, or nil.
func gdalString(_ p: UnsafePointer<CChar>?) -> String? {
    guard let p else { return nil }
    return String(cString: p)
}
