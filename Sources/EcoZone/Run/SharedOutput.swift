// An output folder written by every rank of a job together (issue 20): rank 0 makes the partial
// folder, every rank writes its part into it, and it is committed only when every rank says its
// part is written; otherwise rank 0 removes it and every rank throws (WorkSharing's agreement).
// Rasters are written as one row-band tile per rank, stitched by a VRT.

import Foundation
import GeoKit

extension OutputFolder {
    /// Runs `body(partialPath, attempt)` on every rank (collective). `attempt` runs a write and keeps
    /// its failure (later attempts are skipped) without leaving the collectives `body` still makes;
    /// the failures are agreed at the end, and the folder is committed by rank 0 when there is none.
    /// The folder holds `tiles/` for ``BandTiles``.
    static func shared(_ directory: String, guard rules: OutputGuard, command: String, sharing: WorkSharing,
                       _ body: (String, (() throws -> Void) -> Void) throws -> Void) throws {
        var folder: OutputFolder?
        let made = Result { () throws -> [UInt8] in
            guard sharing.rank == 0 else { return [] }
            let f = try OutputFolder(directory, guard: rules, command: command)
            folder = f
            _ = try f.folder("tiles")
            return Array(f.partial.path.utf8)
        }
        do {
            let dir = String(decoding: try sharing.allGatherAgreed(made)[0], as: UTF8.self)
            var failure: (any Error)?
            try body(dir) { write in
                guard failure == nil else { return }
                do { try write() } catch { failure = error }
            }
            try sharing.agree(failure)
            try folder?.commit()
        } catch {
            folder?.discard()
            throw folder?.relocated(error) ?? error
        }
    }
}

/// A whole-grid raster written as one full-width row band per rank (`tiles/NAME-RANK.tif`; by
/// default rows ``WorkSharing/band(of:height:)``) and `NAME.vrt`, written by rank 0, that stitches them.
struct BandTiles {
    let width: Int
    let height: Int
    let geoTransform: GeoTransform
    let crs: CRS
    let sharing: WorkSharing
    /// Each rank's rows: contiguous, in rank order, covering the grid.
    let bands: [Range<Int>]

    init(width: Int, height: Int, geoTransform: GeoTransform, crs: CRS, sharing: WorkSharing, bands: [Range<Int>]? = nil) {
        self.width = width
        self.height = height
        self.geoTransform = geoTransform
        self.crs = crs
        self.sharing = sharing
        self.bands = bands ?? (0..<sharing.size).map { sharing.band(of: $0, height: height) }
    }

    func rows(of rank: Int) -> Range<Int> { bands[rank] }

    /// Writes this rank's tile (`band`: its rows, row-major; nothing when its band is empty) and, on
    /// rank 0, the VRT.
    func write<E: RasterElement>(_ name: String, noData: Double, band: [E], into dir: String) throws {
        let mine = rows(of: sharing.rank)
        if !mine.isEmpty {
            guard band.count == mine.count * width else {
                throw GeoKitError(.output, "internal error: rank \(sharing.rank) has \(band.count) cells of \(name), expected \(mine.count * width)")
            }
            try RasterIO.writeGeoTIFF(RasterGrid(width: width, height: mine.count, geoTransform: RasterIO.rowBandTransform(geoTransform, firstRow: mine.lowerBound),
                                                 crs: crs, noData: noData, values: band), to: "\(dir)/tiles/\(name)-\(sharing.rank).tif")
        }
        guard sharing.rank == 0 else { return }
        let list = (0..<sharing.size).compactMap { d -> RasterIO.MosaicTile? in
            let r = rows(of: d)
            return r.isEmpty ? nil : RasterIO.MosaicTile(path: "tiles/\(name)-\(d).tif", row: r.lowerBound, height: r.count)
        }
        try RasterIO.writeMosaicVRT(width: width, height: height, geoTransform: geoTransform, crs: crs, dataType: E.rasterDataType,
                                    noData: noData, tiles: list, to: "\(dir)/\(name).vrt")
    }
}
