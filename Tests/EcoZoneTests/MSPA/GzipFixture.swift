import Foundation

/// Gzipped fixtures (the reference scripts write them compressed), decompressed with gzip.
enum GzipFixture {
    static func data(_ relative: String) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -dc \"$0\"", TestPaths.fixture(relative).path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return data
    }
}
