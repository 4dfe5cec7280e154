import Foundation

/// Paths for tests: the repository root and the shared real data beside it.
enum TestPaths {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let realData: URL = repository.deletingLastPathComponent().appendingPathComponent("shared/data/real")

    static func real(_ relative: String) -> String { realData.appendingPathComponent(relative).path }

    /// A fresh empty directory, removed by the caller with `cleanUp`.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("geokit-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
