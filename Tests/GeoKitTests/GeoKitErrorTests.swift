import Testing
@testable import GeoKit

/// The error's sentence: location, message, the remedy in the caller's words, one full stop.
struct GeoKitErrorTests {
    static let allHints: [GeoKitError.Hint] = [
        .stateCRS(example: "EPSG:4490"), .stateCRS(example: nil), .stateAxisOrder, .stateEncoding, .nameLayer,
        .overwriteOrChooseOutput(files: 1), .overwriteOrChooseOutput(files: 3), .chooseOutput(), .chooseOutput(otherwise: "move that file away"),
        .measureEllipsoidally, .coarsenResistance,
    ]

    @Test func theDescriptionWordsTheRemedyWithoutAFlag() {
        let e = GeoKitError(.input, "the layer declares no coordinate reference system (no .prj).", file: "a.shp", layer: "a",
                            hint: .stateCRS(example: "EPSG:4490"))
        #expect(e.description == "a.shp, layer a: the layer declares no coordinate reference system (no .prj); state its CRS, e.g. EPSG:4490.")
        #expect(e.sentence(remedy: "say so.") == "a.shp, layer a: the layer declares no coordinate reference system (no .prj); say so.")
        #expect(e.sentence(remedy: nil) == "a.shp, layer a: the layer declares no coordinate reference system (no .prj).")
        #expect(GeoKitError(.input, "plain").description == "plain.")
        // A located copy keeps its hint.
        #expect(GeoKitError(.input, "x", hint: .nameLayer).located(file: "f").hint == .nameLayer)
        for hint in Self.allHints {
            #expect(!hint.description.contains("--"), "\(hint)")
            #expect(!hint.description.hasSuffix("."), "\(hint)")
        }
    }
}
