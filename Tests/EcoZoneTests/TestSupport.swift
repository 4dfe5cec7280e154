import Foundation

/// Paths for tests: the repository root, its fixtures and the shared real data beside it.
enum TestPaths {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let realData: URL = repository.deletingLastPathComponent().appendingPathComponent("shared/data/real")
    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func real(_ relative: String) -> String { realData.appendingPathComponent(relative).path }
    static func fixture(_ relative: String) -> URL { fixtures.appendingPathComponent(relative) }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ecozone-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
