import Foundation

/// A cross-tabulation's rows in the order its readers expect: each dimension that keys a graded field
/// in its class order (erosion 轻度 → 剧烈, rocky desertification 潜在 → 极重度, or the project's `order:`),
/// other dimensions in text order, "(outside)" last — the same order for the terminal, CSV, JSON and the
/// report (``ProjectRun/ordered(_:_:)``).
extension LayerStore {
    /// `t` with its rows sorted by the class orders of this store's project.
    public func inClassOrder(_ t: CrossTabulation) -> CrossTabulation {
        var orders: [String: OrderedField] = [:]
        for spec in project.layers { if let o = ProjectRun.classOrder(spec) { orders[spec.name] = o } }
        return ProjectRun.ordered(t, orders)
    }

    /// The class orders ``inClassOrder(_:)`` sorts `t`'s dimensions by: what a shard's part records so
    /// that the merged table is sorted the same way.
    func classOrders(_ t: CrossTabulation) -> [ClassOrder] {
        var orders: [String: OrderedField] = [:]
        for spec in project.layers { if let o = ProjectRun.classOrder(spec) { orders[spec.name] = o } }
        return ProjectRun.classOrders(t, orders)
    }
}
