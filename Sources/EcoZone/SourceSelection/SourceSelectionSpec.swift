import Foundation

extension Project {
    /// The project's `sources:` block: how `sources` and `run` pick ecological sources (``SourceSelection``).
    ///
    /// ```yaml
    /// sources:
    ///   landcover: landuse.tif
    ///   foreground: [1]              # land-cover classes of habitat
    ///   connectivity: 8              # MSPA: 8 or 4; edge-width: 1; transition, intext: true
    ///   min-area: 10                 # ha: core patches smaller are no candidates
    ///   distance: 2000               # m: dispersal distance D of dPC; probability: 0.5 at D
    ///   node-distance: edge          # or centroid
    ///   keep: { top: 10, min-dpc: 1, min-area: 100 }
    /// ```
    public struct Sources: Sendable {
        public var landcover: String
        public var options: SourceSelectionOptions
        public var line: Int
    }
}
