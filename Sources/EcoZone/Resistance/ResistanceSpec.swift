import Foundation

extension Project {
    /// A multi-factor resistance surface (阻力面), the project's `resistance:` block: factors each scored
    /// on a common scale, weighted (directly or by an AHP matrix) and summed, then multiplied where a
    /// layer says so. See ``MultiFactorResistance``.
    ///
    /// ```yaml
    /// resistance:
    ///   grid: landuse.tif                       # the surface's grid (default: the first raster factor's)
    ///   factors:
    ///     - { name: land use, raster: landuse.tif, classes: { 1: 1, 2: 10, 3: 30, 4: 80, 5: 100, 6: 50 } }
    ///     - { name: slope, raster: dem.tif, derive: slope, breaks: [8, 15, 25], scores: [1, 30, 60, 100] }
    ///     - { name: built-up, distance-to: { raster: landuse.tif, classes: [5] }, breaks: [300, 1000], scores: [100, 50, 1] }
    ///   weights: { land use: 0.5, slope: 0.3, built-up: 0.2 }     # or ahp: [[1, 2, 3], [1/2, 1, 2], [1/3, 1/2, 1]]
    ///   multipliers:
    ///     - { layer: red-line, factor: 0.5 }
    /// ```
    public struct Resistance: Sendable {
        /// Where a distance factor measures from, or where a multiplier applies.
        public enum Target: Sendable, Equatable {
            /// A layer of the project, by role.
            case layer(String)
            /// A vector source.
            case source(LayerRequest)
            /// The cells of a raster holding these classes.
            case rasterClasses(path: String, classes: [Int])

            var label: String {
                switch self {
                case .layer(let r): return "layer \(r)"
                case .source(let r): return URL(fileURLWithPath: r.source).lastPathComponent + (r.whereClause.map { " where \($0)" } ?? "")
                case .rasterClasses(let p, let c): return "\(URL(fileURLWithPath: p).lastPathComponent) classes \(c.map(String.init).joined(separator: ","))"
                }
            }
        }

        public enum Input: Sendable, Equatable {
            /// A raster's values; `slope`: the Horn slope (degrees) of a DEM.
            case raster(path: String, slope: Bool)
            /// Distance in metres from each cell centre to the nearest cell holding the target.
            case distance(Target)
        }

        /// How a factor's values become scores.
        public enum Scoring: Sendable, Equatable {
            /// Class → score; a class the table does not list is an error.
            case classes([Int: Double])
            /// Ascending breaks b₁ < … < bₙ and n + 1 scores: v < b₁ → s₀, bᵢ ≤ v < bᵢ₊₁ → sᵢ, v ≥ bₙ → sₙ.
            case breaks([Double], scores: [Double])
        }

        public struct Factor: Sendable {
            public var name: String
            public var input: Input
            public var scoring: Scoring
            public var line: Int
        }

        public enum Weights: Sendable, Equatable {
            /// Factor name → weight, summing to 1.
            case direct([String: Double])
            /// A pairwise comparison matrix, rows and columns in factor order.
            case ahp([[Double]])
        }

        public struct Multiplier: Sendable {
            public var target: Target
            public var factor: Double
            public var line: Int
        }

        /// The grid raster, resolved (nil: the first raster factor's).
        public var grid: String?
        public var factors: [Factor]
        public var weights: Weights
        public var multipliers: [Multiplier]
        public var line: Int

        /// The files the block reads (rasters, vector sources), with lines, for ``Project/inputFiles``.
        var files: [(path: String, line: Int)] {
            var out: [(String, Int)] = []
            if let grid { out.append((grid, line)) }
            func target(_ t: Target, _ line: Int) {
                switch t {
                case .layer: break
                case .source(let r): out.append((r.source, line))
                case .rasterClasses(let p, _): out.append((p, line))
                }
            }
            for f in factors {
                switch f.input {
                case .raster(let p, _): out.append((p, f.line))
                case .distance(let t): target(t, f.line)
                }
            }
            for m in multipliers { target(m.target, m.line) }
            return out
        }
    }
}
