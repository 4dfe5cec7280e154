import Foundation
import GeoKit

/// Measures of a vector layer restricted to the polygons of another (`inside: ROLE`): the area of
/// the overlap (``PairwiseOverlay``, intersection; ellipsoidal, the overlay's measure), the geodesic
/// length of a line layer's pieces inside, or the number of a point layer's points inside
/// (``FeatureOverlay``: each point in the first polygon covering it), each source read once through
/// the store. ("109公里岸线" inside a zone: `layer: shoreline, inside: zone, length: 109 km`.)
extension ClaimValidator {
    /// The area of `request`'s features inside the polygons of `inside`.
    func areaInside(_ request: LayerRequest, _ inside: (name: String, request: LayerRequest)) -> Result<Area, MeasureError> {
        do {
            let a = try store.overlay(request, name: request.source)
            let b = try store.overlay(inside.request, name: inside.name)
            let overlay = try PairwiseOverlay.run(a, b, how: .intersection, workers: workers)
            return .success(Area(squareMetres: overlay.pieces.reduce(0) { $0 + $1.area }))
        } catch {
            return .failure(MeasureError(error))
        }
    }

    /// Metres of the line layer `request` inside the polygons of `inside` (geodesic on CGCS2000), or
    /// the number of its points inside them; `shape` says which.
    func amountInside(_ request: LayerRequest, _ inside: (name: String, request: LayerRequest), shape wanted: FeatureShape) -> Result<Double, MeasureError> {
        do {
            let shape = try store.shape(request)
            guard shape == wanted else {
                let what = wanted == .line ? "a length needs lines" : "a count inside a layer needs points"
                return .failure(MeasureError(message: "the layer holds \(shape.rawValue)s; \(what)"))
            }
            let overlay = try FeatureOverlay.run(try store.features(inAnalysisCRS: request), name: request.source, sourceCRS: try store.layer(request).valid.crs,
                                                 shape: shape, try store.overlay(inside.request, name: inside.name), how: .intersection, workers: workers)
            return .success(overlay.pieces.filter { $0.b != nil }.reduce(0) { $0 + $1.amount })
        } catch {
            return .failure(MeasureError(error))
        }
    }
}
