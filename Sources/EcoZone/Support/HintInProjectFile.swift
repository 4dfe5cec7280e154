import GeoKit

extension GeoKitError.Hint {
    /// The remedy worded as a key of the layer's entry in a project file, for the commands whose
    /// layers a project file names (`run`, `tabulate`, `validate`, `pattern`, `corridors PROJECT`);
    /// nil for a remedy that is not about a layer's entry (outputs, methods, the corridor grid),
    /// which a command words as its own flag.
    public var projectFileRemedy: String? {
        switch self {
        case .stateCRS(let example):
            return "add `assume-crs: \(example ?? "EPSG:4490")` to the layer in the project file"
        case .stateAxisOrder:
            return "a project file states no axis order: if the data holds (lat, lon), swap its axes to (lon, lat) first (e.g. ogr2ogr)"
        case .stateEncoding:
            return "add `encoding: CP936` (or the encoding the text is in) to the layer in the project file"
        case .nameLayer:
            return "add `layer: NAME` to the layer in the project file"
        case .overwriteOrChooseOutput, .chooseOutput, .measureEllipsoidally, .coarsenResistance:
            return nil
        }
    }
}

extension GeoKitError {
    /// The error as one sentence for a report made from a project file (a claim's message, a run's
    /// log): the remedy worded as a project-file key where it is one, else the hint's own words.
    public var projectFileSentence: String { sentence(remedy: hint.map { $0.projectFileRemedy ?? $0.description }) }
}
