// A raster written in row bands by several processes (the ranks of ecozone-mpi), stitched back
// into one raster by a GDAL VRT (the "VRTDataset" XML of gdal.org/drivers/raster/vrt.html).
//
// Design note: GDALBuildVRT would compute each tile's place from its georeferencing and write a
// fractional DstRect when origin + row × pixel height does not come back to the whole row it
// started from; GDAL then resamples. The bands here are known by their rows, so the XML is written
// directly with whole-cell SrcRect/DstRect, and GDAL reads the tiles' cells unchanged.

internal import CGDAL
import Foundation

extension RasterIO {
    /// One tile of a ``writeMosaicVRT(width:height:geoTransform:crs:dataType:noData:tiles:to:)``: a
    /// raster of the mosaic's full width holding its rows `row ..< row + height`.
    public struct MosaicTile: Sendable, Equatable {
        /// The tile's file, relative to the VRT's folder (written as `relativeToVRT="1"`).
        public var path: String
        public var row: Int
        public var height: Int

        public init(path: String, row: Int, height: Int) {
            self.path = path
            self.row = row
            self.height = height
        }
    }

    /// The rows `first ..< first + count` of `geoTransform`'s grid as a grid of their own: the
    /// origin moved down `first` rows.
    public static func rowBandTransform(_ t: GeoTransform, firstRow first: Int) -> GeoTransform {
        GeoTransform(originX: t.originX + Double(first) * t.rotationX, pixelWidth: t.pixelWidth, rotationX: t.rotationX,
                     originY: t.originY + Double(first) * t.pixelHeight, rotationY: t.rotationY, pixelHeight: t.pixelHeight)
    }

    /// Writes, atomically, a one-band VRT of `width × height` cells stitched from full-width row
    /// `tiles` that cover every row once, in order. Cells are read from the tiles unchanged (nearest,
    /// whole-cell rectangles); `noData` is the mosaic's and the tiles'.
    public static func writeMosaicVRT(width: Int, height: Int, geoTransform t: GeoTransform, crs: CRS?, dataType: RasterDataType,
                                      noData: Double?, tiles: [MosaicTile], to path: String) throws {
        var next = 0
        for tile in tiles {
            guard tile.row == next, tile.height > 0 else {
                throw GeoKitError(.output, "the tiles of a mosaic must cover rows 0 to \(height - 1) in order; \(tile.path) starts at row \(tile.row), expected \(next)", file: path)
            }
            next += tile.height
        }
        guard next == height, width > 0 else {
            throw GeoKitError(.output, "the tiles of a mosaic cover \(next) of its \(height) rows", file: path)
        }
        let type = GDALGetDataTypeName(dataType.gdal).map { String(cString: $0) } ?? "Float32"
        func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)" }
        var xml = "<VRTDataset rasterXSize=\"\(width)\" rasterYSize=\"\(height)\">\n"
        if let crs { xml += "  <SRS>\(escaped(crs.definition))</SRS>\n" }
        xml += "  <GeoTransform>\([t.originX, t.pixelWidth, t.rotationX, t.originY, t.rotationY, t.pixelHeight].map { "\($0)" }.joined(separator: ", "))</GeoTransform>\n"
        xml += "  <VRTRasterBand dataType=\"\(type)\" band=\"1\">\n"
        if let noData { xml += "    <NoDataValue>\(number(noData))</NoDataValue>\n" }
        for tile in tiles {
            xml += """
                <SimpleSource>
                  <SourceFilename relativeToVRT="1">\(escaped(tile.path))</SourceFilename>
                  <SourceBand>1</SourceBand>
                  <SourceProperties RasterXSize="\(width)" RasterYSize="\(tile.height)" DataType="\(type)"/>
                  <SrcRect xOff="0" yOff="0" xSize="\(width)" ySize="\(tile.height)"/>
                  <DstRect xOff="0" yOff="\(tile.row)" xSize="\(width)" ySize="\(tile.height)"/>
                </SimpleSource>

            """
        }
        xml += "  </VRTRasterBand>\n</VRTDataset>\n"
        try writeAtomically(Data(xml.utf8), to: path)
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
