import Foundation
import GeoKit

/// Measures of a vector layer restricted to the polygons of another (`inside: ROLE`): the area of
/// the overlap (``PairwiseOverlay``, intersection; ellipsoidal, the overlay's measure), each
/// source read once through the store.
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
}
