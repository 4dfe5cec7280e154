import Testing
import GeoKit
@testable import EcoZone

/// A remedy worded for a project file names the key of the layer's entry, never a flag.
struct HintInProjectFileTests {
    @Test func layerRemediesAreProjectKeysAndTheOthersAreLeftToTheCommand() {
        #expect(GeoKitError.Hint.stateCRS(example: "EPSG:4524").projectFileRemedy == "add `assume-crs: EPSG:4524` to the layer in the project file")
        #expect(GeoKitError.Hint.stateCRS(example: nil).projectFileRemedy?.contains("`assume-crs: EPSG:4490`") == true)
        #expect(GeoKitError.Hint.stateEncoding.projectFileRemedy?.contains("`encoding: ") == true)
        #expect(GeoKitError.Hint.nameLayer.projectFileRemedy?.contains("`layer: ") == true)
        for hint: GeoKitError.Hint in [.stateCRS(example: nil), .stateAxisOrder, .stateEncoding, .nameLayer] {
            #expect(hint.projectFileRemedy?.contains("--") == false, "\(hint)")
        }
        for hint: GeoKitError.Hint in [.overwriteOrChooseOutput(files: 1), .chooseOutput(), .measureEllipsoidally, .coarsenResistance] {
            #expect(hint.projectFileRemedy == nil, "\(hint)")
        }
        let e = GeoKitError(.input, "the layer declares no coordinate reference system", file: "r.shp", layer: "r", hint: .stateCRS(example: "EPSG:4490"))
        #expect(e.projectFileSentence == "r.shp, layer r: the layer declares no coordinate reference system; add `assume-crs: EPSG:4490` to the layer in the project file.")
    }
}
