import Foundation
import GeoKit

/// Reading and measuring the layers claims name: each (layer, filter) is read and measured once.
extension ClaimValidator {
    func load(_ request: LayerRequest) -> Result<LoadedLayer, MeasureError> {
        if let r = layers[request] { return r }
        let r: Result<LoadedLayer, MeasureError>
        do {
            let l = try LoadedLayer.load(request)
            if l.features.isEmpty, let w = request.whereClause {
                r = .failure(MeasureError(message: "the filter \(w) matches no feature of \(request.source)"))
            } else {
                r = .success(l)
            }
        } catch {
            r = .failure(MeasureError(error))
        }
        layers[request] = r
        return r
    }

    /// Ellipsoidal area in m².
    func area(_ request: LayerRequest) -> Result<Double, MeasureError> {
        if let r = areas[request] { return r }
        let r = load(request).flatMap { layer -> Result<Double, MeasureError> in
            do { return .success(try AreaReport.measure(layer, unit: .squareMetres, workers: workers).total) } catch {
                return .failure(MeasureError(error))
            }
        }
        areas[request] = r
        return r
    }

    /// Geodesic length in m on CGCS2000.
    func length(_ request: LayerRequest) -> Result<Double, MeasureError> {
        if let r = lengths[request] { return r }
        let r = load(request).flatMap { layer -> Result<Double, MeasureError> in
            do { return .success(try ClaimMeasures.geodesicLength(layer)) } catch {
                return .failure(MeasureError(error))
            }
        }
        lengths[request] = r
        return r
    }
}

/// Measures that claims need beyond areas.
enum ClaimMeasures {
    /// Geodesic length in m on CGCS2000 of a line layer (polygons are refused: a perimeter is not a length claim).
    static func geodesicLength(_ layer: LoadedLayer) throws -> Double {
        let kind = layer.geometryType.lowercased()
        if kind.contains("polygon") || kind.contains("point") {
            throw GeoKitError(.input, "the layer holds \(layer.geometryType) features; a length needs lines", file: layer.request.source, layer: layer.layerName)
        }
        let lines = try LayerLength.geodesic(layer)
        if lines.lineFeatures == 0 {
            throw GeoKitError(.input, "the layer holds no line features; a length needs lines", file: layer.request.source, layer: layer.layerName)
        }
        return lines.metres
    }
}
