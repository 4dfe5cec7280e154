extension GeoKitError {
    /// A remedy the user can apply, independent of how it is applied: a program renders it as its
    /// own flag (`--assume-crs EPSG:4490`) or as a key of its own file (`assume-crs: EPSG:4490`).
    /// `description` words it without either, for callers that have neither.
    public enum Hint: Sendable, Hashable, CustomStringConvertible {
        /// State the layer's CRS; `example` is the likeliest one (EPSG:4490, or the Gauss–Krüger
        /// zone the eastings' prefix names), nil when nothing suggests one.
        case stateCRS(example: String?)
        /// State the order of the source's axes: (lat, lon) to be swapped on reading, or (lon, lat)
        /// to be taken as it is.
        case stateAxisOrder
        /// State the text encoding of the attributes.
        case stateEncoding
        /// Name one of the source's layers (the message lists them).
        case nameLayer
        /// Allow replacing the existing file(s) of the output (`files` of them), or write elsewhere.
        case overwriteOrChooseOutput(files: Int)
        /// Write the output elsewhere; `otherwise` says what else would do ("empty or remove the
        /// folder"), without naming a flag.
        case chooseOutput(otherwise: String? = nil)
        /// Measure ellipsoidally: a projected area is not available here.
        case measureEllipsoidally
        /// Average blocks of resistance cells into coarser ones (or clip the raster, or use fewer cores).
        case coarsenResistance

        public var description: String {
            switch self {
            case .stateCRS(let example): return "state its CRS" + (example.map { ", e.g. \($0)" } ?? "")
            case .stateAxisOrder: return "if the data holds (lat, lon), state that axis order, or state (lon, lat) to keep it as it is"
            case .stateEncoding: return "state the encoding of its text, e.g. CP936"
            case .nameLayer: return "name one"
            case .overwriteOrChooseOutput(let files): return "allow replacing \(files == 1 ? "it" : "them"), or write elsewhere"
            case .chooseOutput(let otherwise): return "write elsewhere" + (otherwise.map { ", or \($0)" } ?? "")
            case .measureEllipsoidally: return "measure ellipsoidally"
            case .coarsenResistance: return "aggregate the resistance, clip it, or use fewer cores"
            }
        }
    }
}
