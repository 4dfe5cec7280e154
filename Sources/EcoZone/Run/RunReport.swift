import Foundation
import GeoKit

/// Composes `report.html` from a run's results (see Sources/EcoZone/Report for the renderer).
enum RunReport {
    static func html(_ results: RunResults) -> String {
        "<!doctype html><meta charset=utf-8><title>\(results.projectName)</title>"
    }
}
