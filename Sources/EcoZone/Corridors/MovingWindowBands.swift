// The moving-window current map (MovingWindowCurrent) with its targets split among the ranks of a
// job in bands of rows (issue 20), each rank reading only its rows and the window's halo, and every
// cell's current the single run's bit for bit.
//
// Design note. The single run adds each target's node currents into the map in target order
// (row-major over blocks). Rank r takes the blocks of rows R0 ..< R1 (WorkSharing.band over the
// block rows) and owns the map's cells in the same rows. A cell of its band hears from its own
// targets and from targets of other ranks within `radius` rows, and in target order those of lower
// ranks come first, its own next, higher ranks' last. So each rank:
//   1. solves its "boundary" targets (whose window reaches outside its band) and sends the parts of
//      their currents that fall in other bands to those bands' ranks, in target order (an exchange);
//   2. folds, cell by cell, what lower ranks sent, then its own targets in order (solving the inner
//      ones now, `workers` at a time), then what higher ranks sent.
// Each target is solved on the rank's rows exactly as on the whole grid: its window (radius `q`
// around a centre in the band) lies inside the rows read, [R0·b − q, R1·b + q) clipped to the grid.
// The summary's sum over the map is passed from rank to rank in row order, so it too is the
// single run's.

import Foundation
import GeoKit

public enum MovingWindowBands {
    /// Where the resistance comes from.
    public enum Source {
        /// A project's resistance built from rasters (its multi-factor surface, or land use through its
        /// table; a plain pattern raster is better given as ``raster(_:aggregate:)``): read whole on every
        /// rank (it may be built from several rasters), then cut to the rank's rows.
        case project(Project, preferLandUse: Bool, aggregate: Int)
        /// A resistance raster: each rank reads only its rows (GDAL windows), `aggregate × aggregate`
        /// blocks averaged as ``ResistanceSurface/aggregated(by:)`` does.
        case raster(String, aggregate: Int)
    }

    /// One rank's part of the run.
    public struct Run {
        /// The whole run's summary (the same on every rank).
        public let summary: MovingWindowSummary
        /// This rank's rows of the map and their current (NaN on impassable cells).
        public let rows: Range<Int>
        public let current: [Double]
        let bands: [Range<Int>]
        let width: Int
        let height: Int
        let geoTransform: GeoTransform
        let crs: CRS

        /// Writes `current.vrt` over one tile per rank and `summary.json`, as the folder `directory`
        /// (collective; ``OutputFolder``'s rules, committed once every rank has written its tile).
        public func write(to directory: String, guard rules: OutputGuard = OutputGuard(), sharing: WorkSharing) throws {
            try OutputFolder.shared(directory, guard: rules, command: "corridors", sharing: sharing) { dir, attempt in
                let tiles = BandTiles(width: width, height: height, geoTransform: geoTransform, crs: crs, sharing: sharing, bands: bands)
                attempt { try tiles.write("current", noData: -9999, band: current.map { $0.isFinite ? Float($0) : Float(-9999) }, into: dir) }
                if sharing.rank == 0 { attempt { try writeAtomically(try JSONOutput.data(summary), to: "\(dir)/summary.json") } }
            }
        }
    }

    /// The work of each block row, to balance the bands: its targets, which sit on the centre cells
    /// of its blocks with a positive source. With a project's whole surface the count is exact; with a
    /// raster, each rank reads one raw row per block row it owns round-robin (the centre row of the
    /// centre aggregated row, a GDAL window) and counts the passable cells at the blocks' centre columns,
    /// and the counts are gathered (collective). Only the time depends on it: any contiguous split of
    /// the block rows gives the same map.
    static func blockRowWork(_ source: Source, whole: ResistanceSurface?, width: Int, height: Int, block b: Int,
                             sharing: WorkSharing) throws -> [Double] {
        let blockRows = (height + b - 1) / b
        let centreColumns = stride(from: 0, to: width, by: b).map { min($0 + b / 2, width - 1) }
        func centreRow(_ k: Int) -> Int { min(k * b + b / 2, height - 1) }
        switch source {
        case .project:
            let v = whole!.grid.values
            return (0..<blockRows).map { k in
                let row = centreRow(k) * width
                return Double(centreColumns.filter { let r = v[row + $0]; return r.isFinite && r > 0 }.count)
            }
        case .raster(let path, let factor):
            let counted = Result { () throws -> [UInt8] in
                let reader = try RasterReader(path)
                let rawWidth = reader.info.width, rawHeight = reader.info.height
                let rawColumns = centreColumns.map { min($0 * factor + factor / 2, rawWidth - 1) }
                var w = ByteWriter(), row: [Double] = []
                for k in 0..<blockRows where sharing.owns(k) {
                    let raw = min(centreRow(k) * factor + factor / 2, rawHeight - 1)
                    try reader.read(RasterWindow(col: 0, row: raw, width: rawWidth, height: 1), into: &row)
                    w.put(k)
                    w.put(Double(rawColumns.filter { let r = row[$0]; return !reader.isNoData(r) && r > 0 }.count))
                }
                return w.bytes
            }
            var work = [Double](repeating: 0, count: blockRows)
            for part in try sharing.allGatherAgreed(counted) {
                var r = ByteReader(part)
                while !r.atEnd { let k = try r.int(); work[k] = try r.double() }
            }
            return work
        }
    }

    /// Runs the moving window by the ranks of `sharing` together (collective).
    public static func run(_ source: Source, options: MovingWindowOptions, sharing: WorkSharing, workers: Int,
                           progress: (String) -> Void = { _ in }) throws -> Run {
        guard options.radius >= 1, options.block >= 1, options.block % 2 == 1 else {
            throw GeoKitError(.input, "the moving window's radius must be at least 1 cell and its block an odd number of cells")
        }
        let q = options.radius, b = options.block
        // The grid's size, and each rank's block rows and cell rows.
        let whole: ResistanceSurface?
        let width: Int, height: Int, factor: Int
        switch source {
        case .project(let p, let preferLandUse, let aggregate):
            whole = try ResistanceSurface.fromProject(p, preferLandUse: preferLandUse).aggregated(by: aggregate)
            width = whole!.grid.width; height = whole!.grid.height; factor = 1
        case .raster(let path, let aggregate):
            whole = nil
            let info = try RasterIO.info(path)
            width = (info.width + aggregate - 1) / aggregate; height = (info.height + aggregate - 1) / aggregate; factor = aggregate
        }
        // Bands of about equal work: a plan's extent leaves whole bands of rows NoData.
        let work = try blockRowWork(source, whole: whole, width: width, height: height, block: b, sharing: sharing)
        let bands = sharing.bands(weights: work).map { blocks in
            min(height, blocks.lowerBound * b)..<min(height, blocks.upperBound * b)
        }
        let mine = bands[sharing.rank]
        let read = max(0, mine.lowerBound - q)..<min(height, mine.upperBound + q)

        // 1. This rank's rows (and the halo); its targets, in order.
        let local: ResistanceSurface? = try mine.isEmpty ? nil : {
            switch source {
            case .project:
                var s = whole!
                let cut = CellWindow(column: 0, row: read.lowerBound, width: width, height: read.count)
                s.grid = s.grid.cropped(to: cut)
                s.geoTransform = RasterIO.rowBandTransform(s.geoTransform, firstRow: read.lowerBound)
                return s
            case .raster(let path, _):
                let info = try RasterIO.info(path)
                let rows = (read.lowerBound * factor)..<min(info.height, read.upperBound * factor)
                return try ResistanceSurface.read(path, rows: rows).aggregated(by: factor)
            }
        }()
        var targets: [(cell: Int, strength: Double)] = []   // cell: index in `local`'s grid
        var zero: Int?
        if let local {
            let r = local.grid.values
            zero = r.firstIndex(of: 0)
            func source(_ i: Int) -> Double { let v = r[i]; return v.isFinite && v > 0 ? 1 / v : 0 }
            let top = read.lowerBound
            for r0 in stride(from: mine.lowerBound, to: mine.upperBound, by: b) {
                for c0 in stride(from: 0, to: width, by: b) {
                    let rc = min(r0 + b / 2, height - 1), cc = min(c0 + b / 2, width - 1)
                    guard source((rc - top) * width + cc) > 0 else { continue }
                    var s = 0.0
                    for rr in r0..<min(r0 + b, height) { for c in c0..<min(c0 + b, width) { s += source((rr - top) * width + c) } }
                    if s > 0 { targets.append(((rc - top) * width + cc, s)) }
                }
            }
        }
        // A zero resistance anywhere stops the run before any solve, as in the single run (the
        // lowest rank that read it names it: rows read overlap, so that is the first in row order).
        try sharing.agree(zero.map { cell in
            let s = local!
            return GeoKitError(.input, "\(CellLocation(index: read.lowerBound * width + cell, width: width, geoTransform: RasterIO.rowBandTransform(s.geoTransform, firstRow: -read.lowerBound), crs: s.crs, aggregation: s.aggregation)) has resistance 0, which a circuit cannot represent (current would be infinite); give it a positive resistance", file: s.path)
        })
        let found = targets
        progress("\(found.count) target(s) on rank \(sharing.rank), rows \(mine.lowerBound)…\(max(mine.lowerBound, mine.upperBound - 1))")

        // 2. Boundary targets first: their currents outside the band go to the bands' ranks.
        func rankOf(row: Int) -> Int { bands.firstIndex { $0.contains(row) }! }
        let grid = local?.grid, path = local?.path ?? ""
        @Sendable func solve(_ t: (cell: Int, strength: Double)) throws -> [(Int, Double)] {
            guard let grid else { return [] }
            do {
                return try MovingWindowCurrent.solve(resistance: grid, target: t.cell, strength: t.strength, options: options)
            } catch let e as CorridorError {
                throw GeoKitError(.input, e.description, file: path)
            }
        }
        let boundary = found.indices.filter { k in
            let row = read.lowerBound + found[k].cell / width
            return row - q < mine.lowerBound || row + q >= mine.upperBound
        }
        let solvedBoundary = GeoKit.Parallel.map(boundary.count, workers: workers) { j in Result { try solve(found[boundary[j]]) } }
        var outgoing = [ByteWriter](repeating: ByteWriter(), count: sharing.size)
        var own: [Int: [(Int, Double)]] = [:]   // boundary target → its in-band currents (cell of the whole grid)
        let failure = Result { () throws -> Void in
            for (j, k) in boundary.enumerated() {
                var inside: [(Int, Double)] = []
                var away: [Int: ([Int32], [Double])] = [:]
                for (cell, c) in try solvedBoundary[j].get() {
                    let g = read.lowerBound * width + cell, row = g / width
                    if mine.contains(row) { inside.append((g, c)); continue }
                    let d = rankOf(row: row)
                    // The cell's index within rank d's band fits an Int32 only when bands are < 2³¹ cells.
                    away[d, default: ([], [])].0.append(Int32(truncatingIfNeeded: g - bands[d].lowerBound * width))
                    away[d, default: ([], [])].1.append(c)
                }
                own[k] = inside
                for (d, part) in away {
                    outgoing[d].put(part.0)
                    outgoing[d].put(part.1)
                }
            }
        }
        if case .success = failure, mine.count * width >= Int(Int32.max) {
            throw GeoKitError(.input, "a band of \(mine.count * width) cells is too large to exchange; run with more ranks")
        }
        try sharing.agree(failure.error)
        let received = try sharing.exchange(outgoing.map(\.bytes))

        // 3. The fold, in target order: lower ranks, this rank's targets, higher ranks.
        var total = [Double](repeating: 0, count: mine.count * width)
        if let local {
            let offset = (mine.lowerBound - read.lowerBound) * width
            for i in total.indices where !(local.grid.values[offset + i].isFinite && local.grid.values[offset + i] > 0) { total[i] = .nan }
        }
        func fold(from source: Int) throws {
            var r = ByteReader(received[source])
            while !r.atEnd {
                let cells = try r.int32s(), values = try r.doubles()
                for (i, c) in zip(cells, values) { total[Int(i)] += c }
            }
        }
        for s in 0..<sharing.rank { try fold(from: s) }
        let base = mine.lowerBound * width
        var start = 0
        var solveError: (any Error)?
        while start < found.count && solveError == nil {
            let end = min(found.count, start + max(1, workers)), first = start
            let done = own
            let batch = GeoKit.Parallel.map(end - first, workers: workers) { j -> Result<[(Int, Double)], any Error> in
                done[first + j] != nil ? .success([]) : Result { try solve(found[first + j]) }
            }
            for (j, result) in batch.enumerated() {
                if let inside = own[first + j] {
                    for (g, c) in inside { total[g - base] += c }
                    continue
                }
                do {
                    for (cell, c) in try result.get() { total[read.lowerBound * width + cell - base] += c }
                } catch { solveError = error; break }
            }
            start = end
        }
        try sharing.agree(solveError)
        for s in (sharing.rank + 1)..<sharing.size { try fold(from: s) }

        // 4. The summary: targets summed, the map's sum carried rank to rank in row order, its maximum.
        var sum = 0.0
        for k in 0..<sharing.size {
            if k > 0 {   // rank k − 1 hands its running sum to rank k
                var parts = [[UInt8]](repeating: [], count: sharing.size)
                if sharing.rank == k - 1 { var w = ByteWriter(); w.put(sum); parts[k] = w.bytes }
                let got = try sharing.exchange(parts)
                if sharing.rank == k { var r = ByteReader(got[k - 1]); sum = try r.double() }
            }
            if sharing.rank == k { for v in total where v.isFinite { sum += v } }
        }
        var tail = ByteWriter()
        tail.put(found.count)
        tail.put(total.filter(\.isFinite).max() ?? -Double.infinity)
        tail.put(sum)
        let everyone = try sharing.allGather(tail.bytes)
        var targetCount = 0, maximum = -Double.infinity
        for part in everyone {
            var r = ByteReader(part)
            targetCount += try r.int()
            maximum = max(maximum, try r.double())
        }
        var last = ByteReader(everyone[sharing.size - 1])
        _ = try last.int(); _ = try last.double()
        let currentSum = try last.double()
        // The grid's georeferencing, from rank 0 (whose rows start at row 0: its transform is the grid's).
        var meta = ByteWriter()
        if sharing.rank == 0, let local {
            let t = local.geoTransform
            meta.put([t.originX, t.pixelWidth, t.rotationX, t.originY, t.rotationY, t.pixelHeight, local.grid.cellSize])
            meta.put(local.crs.definition)
            meta.put(local.origin)
        }
        var m = ByteReader(try sharing.broadcast(meta.bytes))
        let numbers = try m.doubles(), definition = try m.string(), origin = try m.string()
        let crs = sharing.rank == 0 ? local!.crs : try CRS(definition)
        let geo = (geoTransform: GeoTransform(originX: numbers[0], pixelWidth: numbers[1], rotationX: numbers[2],
                                              originY: numbers[3], rotationY: numbers[4], pixelHeight: numbers[5]),
                   crs: crs, cellSize: numbers[6], origin: origin)
        let summary = MovingWindowSummary(
            radiusCells: q, block: b, targets: targetCount, currentSum: currentSum, maximumCurrent: maximum.isFinite ? maximum : 0,
            cellSize: geo.cellSize, width: width, height: height, crs: geo.crs.description, resistance: geo.origin,
            rule: "Omniscape moving window, sources 1/resistance, radius \(q) cells, blocks of \(b) × \(b)")
        return Run(summary: summary, rows: mine, current: total, bands: bands, width: width, height: height,
                   geoTransform: geo.geoTransform, crs: geo.crs)
    }
}
