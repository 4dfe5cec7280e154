import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// A project's corridor inputs in one call: the same surface and cores as reading them step by step.
struct CorridorSetupTests {
    @Test("Banan: the pattern's barriers as cores on the land-use resistance aggregated 6 × 6", .enabled(if: CorridorPipelineTests.hasBanan))
    func aProjectGivesItsResistanceAndBarriers() throws {
        let project = try Project.load(CorridorPipelineTests.banan.appendingPathComponent("project.yaml").path)
        let setup = try CorridorSetup.load(project, options: CorridorSetup.Options(preferLandUse: true, aggregate: 6))
        let surface = try ResistanceSurface.fromProject(project, preferLandUse: true).aggregated(by: 6)
        #expect(setup.surface.grid.width == surface.grid.width && setup.surface.grid.height == surface.grid.height)
        #expect(zip(setup.surface.grid.values, surface.grid.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(setup.surface.aggregation == 6 && setup.surface.crs.definition == "EPSG:4524")
        let spec = try ProjectLayers(project).spec("barriers")
        let cores = try CorePolygons.load(spec.request, nameField: spec.field("name"), to: surface.crs)
        #expect(setup.cores.cores.map(\.name) == cores.cores.map(\.name) && setup.cores.cores.count == 8)
        #expect(setup.cores.cores.map(\.wkb) == cores.cores.map(\.wkb))
        #expect(throws: GeoKitError.self) { try CorridorSetup.load(project, options: CorridorSetup.Options(aggregate: 0)) }
        #expect(throws: GeoKitError.self) { try CorridorSetup.load(project, options: CorridorSetup.Options(coresRole: "no-such-role")) }
    }
}
