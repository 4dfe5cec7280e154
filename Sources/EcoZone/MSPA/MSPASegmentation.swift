import Foundation
import GeoKit

/// Morphological Spatial Pattern Analysis of a binary map (Soille & Vogt 2009, "Morphological
/// segmentation of binary patterns", Pattern Recognition Letters 30:456), step by step as
/// GuidosToolbox's `mspa` v2.3 does it (`ec-jrc/jeolib-miallib:core/c/mspa.c`), so that its byte
/// codes come out. F is the foreground, t = W + 0.98 cells (``MSPAParameters/threshold``), distances
/// are exact Euclidean distances between cell centres, and the background takes the connectivity
/// the foreground does not:
///
/// 0. Missing cells within t of the foreground count as foreground (so missing data makes no edge);
///    the image gets a frame of ``MSPAParameters/frame`` cells repeating its border cells outward (so
///    foreground at the border makes no edge; the frame's corners, last column and last row stay
///    background, as in GTB).
/// 1. **Core**: foreground cells farther than t from every non-foreground cell (d > t, strictly).
/// 2. **Islet**: foreground components (foreground connectivity) holding no core.
/// 3. Ring: non-core cells within t of a core. **Perforation**: ring cells facing a hole of a core;
///    **edge**: the other ring cells — at each level of nesting, cells within t of the cores with
///    their holes filled (a core inside another's hole gets edge again).
/// 4. Residues: the rest of the foreground. Cores, rings and residues are thinned to a skeleton
///    anchored at the cores (``MSPAThinning``); the skeleton outside the cores, widened by t − √2
///    within rings and residues, are the connectors.
/// 5. **Bridge**: a connector component meeting two or more cores (core labels flooded over rings
///    and connectors); **loop**: one meeting a single core. A connector crossing an edge or
///    perforation keeps that bit too (the transition codes 35, 37, 67, 69).
/// 6. **Branch**: residues that are no connector.
/// 7. With IntExt, cells inside a core's hole get 100 more, and background holes of the foreground
///    not inside a core's hole are 220. Missing cells are 129.
///
/// The whole framed grid is held in memory at 2 bytes per cell, with at most 4 more while one step
/// runs (``MSPAPlanes``).
public final class MSPASegmentation {
    /// GTB's input codes.
    public enum Input: UInt8 { case missing = 0, background = 1, foreground = 2 }

    public let width: Int
    public let height: Int
    public let parameters: MSPAParameters
    let frame: Int
    let planes: MSPAPlanes
    private var done = false

    /// Bytes per cell the segmentation needs at its peak (see ``MSPAPlanes``).
    public static let bytesPerCell = 6

    public init(width: Int, height: Int, parameters: MSPAParameters) throws {
        try parameters.check()
        guard width > 0, height > 0 else { throw GeoKitError(.input, "MSPA needs a grid of at least one cell") }
        self.width = width
        self.height = height
        self.parameters = parameters
        frame = parameters.frame
        planes = MSPAPlanes(width: width + 2 * frame, height: height + 2 * frame)
        for i in 0..<planes.count { planes.a[i] = MSPAPlanes.missing }
    }

    /// Sets image row `row` (0 at the top) from GTB's input codes: 0 missing, 1 background,
    /// 2 foreground.
    public func setRow(_ row: Int, _ values: [Input]) {
        precondition(values.count == width && row >= 0 && row < height && !done)
        let base = (row + frame) * planes.width + frame
        for (k, v) in values.enumerated() {
            planes.a[base + k] = v == .foreground ? MSPAPlanes.fg : (v == .missing ? MSPAPlanes.missing : 0)
        }
    }

    /// The output codes of image row `row` (GTB's bytes), after ``run()``.
    public func codes(row: Int) -> [UInt8] {
        precondition(done && row >= 0 && row < height)
        let base = (row + frame) * planes.width + frame
        return Array(UnsafeBufferPointer(start: planes.a + base, count: width))
    }

    /// Segments the grid; afterwards ``codes(row:)`` gives the result.
    public func run() {
        precondition(!done)
        let p = planes, a = p.a, b = p.b
        let fgConn = parameters.connectivity, bgConn = fgConn == 8 ? 4 : 8
        let d2 = parameters.thresholdSquared
        let x = MSPAPlanes.x, core = MSPAPlanes.core
        let t1 = MSPAPlanes.t1, t2 = MSPAPlanes.t2, t3 = MSPAPlanes.t3

        // 0. Holes of the foreground (IntExt): missing cells within √2 of it count as foreground.
        if parameters.intext {
            let near = MSPAParameters.largestSquared(within: MSPAParameters.edu)
            p.forEachWithin(maxSquared: near, isSeed: { a[$0] & MSPAPlanes.fg != 0 }, mark: { i in
                if a[i] & MSPAPlanes.fg != 0 || a[i] & MSPAPlanes.missing != 0 { b[i] |= t1 }
            })
            p.markHoles(of: { b[$0] & t1 != 0 }, connectivity: bgConn, bit: MSPAPlanes.holes, scratch: t2)
            p.clearB(t1)
        }
        // The foreground as MSPA sees it, then the frame.
        p.forEachWithin(maxSquared: d2, isSeed: { a[$0] & MSPAPlanes.fg != 0 }, mark: { i in
            if a[i] & (MSPAPlanes.fg | MSPAPlanes.missing) != 0 { a[i] |= x }
        })
        fillFrame()

        // 1. Core.
        for i in 0..<p.count where a[i] & x != 0 { a[i] |= core }
        p.forEachWithin(maxSquared: d2, isSeed: { a[$0] & x == 0 }, mark: { a[$0] &= ~core })
        // 2. Islets.
        p.reach(seeds: { a[$0] & core != 0 }, passable: { a[$0] & x != 0 }, connectivity: fgConn, bit: t1)
        for i in 0..<p.count {
            if a[i] & x != 0 && b[i] & t1 == 0 { a[i] |= MSPAPlanes.islet }
            b[i] &= ~t1
        }
        // 3. Ring, edge, perforation.
        p.forEachWithin(maxSquared: d2, isSeed: { a[$0] & core != 0 }, mark: { i in
            if a[i] & core == 0 { b[i] |= MSPAPlanes.ring }
        })
        markEdges(fgConn: fgConn, bgConn: bgConn, d2: d2)
        for i in 0..<p.count {
            if a[i] & core != 0 { a[i] &= ~MSPAPlanes.edge }
            if b[i] & MSPAPlanes.ring != 0 && a[i] & MSPAPlanes.edge == 0 { a[i] |= MSPAPlanes.perforation }
        }
        // 4. Residues, skeleton, connectors.
        let classified = core | MSPAPlanes.islet | MSPAPlanes.edge | MSPAPlanes.perforation
        @inline(__always) func residue(_ i: Int) -> Bool { a[i] & x != 0 && a[i] & classified == 0 }
        for i in 0..<p.count where a[i] & core != 0 || b[i] & MSPAPlanes.ring != 0 || residue(i) {
            a[i] |= MSPAPlanes.skeleton
        }
        // GTB's thinning clears its anchors on the grid's outer two rows and columns; they stay
        // part of the opening the flooding crosses.
        let w = p.width, h = p.height
        for y in 0..<h {
            for xx in 0..<w where xx < 2 || y < 2 || xx >= w - 2 || y >= h - 2 {
                if a[y * w + xx] & core != 0 { b[y * w + xx] |= MSPAPlanes.ring }
            }
        }
        p.thinAnchored(connectivity: fgConn)
        for i in 0..<p.count where a[i] & core != 0 { a[i] &= ~MSPAPlanes.skeleton }
        p.widenConnectors(by: parameters.connectorWidening, passable: { b[$0] & MSPAPlanes.ring != 0 || residue($0) })
        // 5. Bridges and loops.
        p.classifyConnectors(connectivity: fgConn)
        // 7. Inside cores' holes, and the other holes.
        if parameters.intext {
            p.markHoles(of: { a[$0] & core != 0 }, connectivity: bgConn, bit: t1, scratch: t2)
            p.markHoles(of: { b[$0] & t1 != 0 }, connectivity: bgConn, bit: MSPAPlanes.inner, scratch: t3)
            for i in 0..<p.count where b[i] & t1 != 0 {
                b[i] |= MSPAPlanes.inner
                b[i] &= ~(t1 | MSPAPlanes.holes)
            }
        }
        // Codes, in place.
        for row in 0..<height {
            let base = (row + frame) * w + frame
            for i in base..<(base + width) {
                let f = a[i], g = b[i]
                var code: UInt8
                if f & MSPAPlanes.missing != 0 {
                    code = MSPACode.missing
                } else if f & MSPAPlanes.fg != 0 {
                    code = 1
                    if f & MSPAPlanes.edge != 0 { code |= 2 }
                    if f & MSPAPlanes.perforation != 0 { code |= 4 }
                    if f & MSPAPlanes.islet != 0 { code |= 8 }
                    if f & core != 0 { code |= 16 }
                    if g & MSPAPlanes.bridge != 0 { code |= 32 }
                    if g & MSPAPlanes.loop != 0 { code |= 64 }
                    if g & MSPAPlanes.inner != 0 { code += 100 }
                } else if g & MSPAPlanes.holes != 0 {
                    code = MSPACode.borderOpening
                } else {
                    code = g & MSPAPlanes.inner != 0 ? MSPACode.coreOpening : MSPACode.background
                }
                a[i] = code
            }
        }
        done = true
    }

    /// GTB's `fm_preproc2`: the frame repeats the image's border cells outward — columns to the left
    /// and right, rows above and below — except the corners and the frame's last column and last
    /// row, which stay background.
    private func fillFrame() {
        let p = planes, a = p.a, B = frame, w = p.width, h = p.height, x = MSPAPlanes.x
        @inline(__always) func set(_ col: Int, _ row: Int, from c: Int, _ r: Int) {
            if a[r * w + c] & x != 0 { a[row * w + col] |= x }
        }
        for row in 0..<h {
            for col in 0..<w where row < B || col < B || row >= B + height || col >= B + width { a[row * w + col] &= ~x }
        }
        for row in B..<(B + height) {
            for col in 0..<B { set(col, row, from: B, row) }
            for col in (B + width)..<(w - 1) { set(col, row, from: B + width - 1, row) }
        }
        for col in B..<(B + width) {
            for row in 0..<B { set(col, row, from: col, B) }
            for row in (B + height)..<(h - 1) { set(col, row, from: col, B + height - 1) }
        }
    }

    /// GTB's `setedges`: level by level of nesting, the cells within t of the cores with their holes
    /// filled are edge; the cores of the outermost level are then removed and the cores inside their
    /// holes taken next.
    private func markEdges(fgConn: Int, bgConn: Int, d2: Int) {
        let p = planes, a = p.a, b = p.b
        let level = MSPAPlanes.t1, filled = MSPAPlanes.t2, inside = MSPAPlanes.t3, scratch = MSPAPlanes.bridge
        for i in 0..<p.count where a[i] & MSPAPlanes.core != 0 { b[i] |= level }
        while true {
            p.markHoles(of: { b[$0] & level != 0 }, connectivity: bgConn, bit: filled, scratch: scratch)
            var any = false
            for i in 0..<p.count where b[i] & level != 0 {
                b[i] |= filled
                any = true
            }
            if !any { break }
            p.forEachWithin(maxSquared: d2, isSeed: { b[$0] & filled != 0 }, mark: { i in
                if b[i] & filled == 0 { a[i] |= MSPAPlanes.edge }
            })
            // The holes with everything inside them, foreground-connected.
            p.markHoles(of: { b[$0] & filled != 0 && b[$0] & level == 0 }, connectivity: fgConn, bit: inside, scratch: scratch)
            for i in 0..<p.count {
                if b[i] & filled != 0 && b[i] & level == 0 { b[i] |= inside }
                if b[i] & filled != 0 && b[i] & inside == 0 { b[i] &= ~level }
                b[i] &= ~(filled | inside)
            }
        }
        p.clearB(level | filled | inside)
    }
}
