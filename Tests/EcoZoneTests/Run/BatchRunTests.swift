import Foundation
import Testing
@testable import EcoZone

/// How a batch names each project's folder (`BatchRun.folderNames`).
struct BatchRunTests {
    @Test func foldersAreNamedFromTheFileOrItsFolder() {
        let names = BatchRun.folderNames(["/p/wushan.yaml", "/fixtures/banan/project.yaml", "/x/jinping/project.yaml", "/y/jinping/project.yaml",
                                          "/z/a b/其他.yaml", "/q/.hidden.yaml"], projects: Array(repeating: nil, count: 6))
        #expect(names == ["wushan", "banan", "jinping", "jinping-2", "其他", "hidden"])
    }

    @Test func equalStemsTakeTheirFolders() {
        let names = BatchRun.folderNames(["/a/plan.yaml", "/b/plan.yaml"], projects: [nil, nil])
        #expect(names == ["a", "b"])
    }
}
