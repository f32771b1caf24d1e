import CGEOS

/// Cuts a polygon into the cells of a ``TiledPolygon``, with GEOS.
///
/// Blocks are classified top-down like a quadtree: a block GEOS finds disjoint from the polygon
/// is outside, one the polygon `containsProperly` is inside, any other is clipped
/// (`GEOSClipByRect_r`, from its parent's piece, so each clip works on a small geometry) and
/// split in four until single cells remain, whose clipped pieces are kept. Each block is grown by
/// ``margin`` before it is asked about or clipped, so a point that rounding puts in a neighbouring
/// cell is still answered right: every point of a cell lies strictly inside its piece's clip box,
/// where the piece and the polygon agree.
enum PolygonTiler {
    /// How far each block is grown, degrees (about 1 mm).
    static let margin = 1e-8

    /// The cells and pieces of `polygon`, 2^levels cells per side over its envelope.
    struct Tiles {
        var envelope: Envelope
        var cellsPerSide: Int
        /// 0 outside, 1 inside, k + 2 boundary with piece k; with ``farFlag`` set when the cell
        /// lies further than the margin asked for from every boundary cell.
        var cells: [UInt32]
        /// Each boundary cell's piece as WKB.
        var pieces: [[UInt8]]
        /// The whole polygon as WKB (exact answers near a piece's boundary, overlays).
        var whole: [UInt8]

        /// Writes the arrays and returns where they are.
        func write(to writer: inout LayerArchiveWriter) -> TiledPolygon.Descriptor {
            let cellsOffset = writer.append(cells)
            var offsets: [Int64] = [0]
            for piece in pieces { offsets.append(offsets.last! + Int64(piece.count)) }
            let offsetsOffset = writer.append(offsets)
            let blobOffset = writer.append(raw: pieces.flatMap { $0 })
            let wholeOffset = writer.append(raw: whole)
            return TiledPolygon.Descriptor(envelope: envelope, cellsPerSide: cellsPerSide, cellsOffset: cellsOffset,
                                           pieceCount: pieces.count, pieceOffsetsOffset: offsetsOffset,
                                           blobOffset: blobOffset, blobLength: Int(offsets.last!),
                                           wholeOffset: wholeOffset, wholeLength: whole.count)
        }
    }

    /// Marks a cell further than the margin from the polygon's boundary.
    static let farFlag: UInt32 = 1 << 31
    /// Marks a boundary cell whose piece has, across the cell, only the polygon's own edges
    /// (none shortened by the clip): GEOS on the piece answers exactly as on the whole polygon.
    static let exactFlag: UInt32 = 1 << 30
    /// How far beyond its cell a piece is clipped, as a fraction of the cell: edges shorter
    /// than that which touch the cell are kept whole.
    static let clipOverlap = 0.25

    /// - Parameter farMarginDegrees: cells more than this from every boundary cell are marked
    ///   ``farFlag`` (a point there is at least this far from the polygon's line); 0 marks none.
    /// - Throws: ``GeometryError`` when GEOS fails or the polygon is empty.
    static func tile(_ polygon: Geometry, levels: Int, farMarginDegrees: Double = 0) throws(GeometryError) -> Tiles {
        guard let envelope = polygon.envelope else { throw .invalidInput("cannot tile an empty geometry") }
        let n = 1 << max(0, min(levels, 11))
        let prepared = try PreparedGeometry(polygon)
        let whole = prepared.geometry
        let context = whole.context
        let width = max(envelope.maxLongitude - envelope.minLongitude, .leastNormalMagnitude)
        let height = max(envelope.maxLatitude - envelope.minLatitude, .leastNormalMagnitude)
        var cells = [UInt32](repeating: 0, count: n * n)
        var pieces: [[UInt8]] = []
        // Pieces are clipped a quarter cell beyond their cell (and blocks as far beyond theirs,
        // so that a child's clip box lies inside its parent's).
        let overlapX = width / Double(n) * clipOverlap, overlapY = height / Double(n) * clipOverlap

        struct Block { var x: Int, y: Int, size: Int, parent: GEOSGeometry }
        var pending = [Block(x: 0, y: 0, size: n, parent: whole)]
        while let block = pending.popLast() {
            let minX = envelope.minLongitude + Double(block.x) * width / Double(n) - margin
            let minY = envelope.minLatitude + Double(block.y) * height / Double(n) - margin
            let maxX = envelope.minLongitude + Double(block.x + block.size) * width / Double(n) + margin
            let maxY = envelope.minLatitude + Double(block.y + block.size) * height / Double(n) + margin
            let box = Geometry.rectangle(minLongitude: minX, minLatitude: minY, maxLongitude: maxX, maxLatitude: maxY)
            func fill(_ value: UInt32) {
                for y in block.y..<block.y + block.size {
                    for x in block.x..<block.x + block.size { cells[y * n + x] = value }
                }
            }
            if try !prepared.intersects(box) { fill(0); continue }
            if try prepared.containsProperly(box) { fill(1); continue }
            let clip = (x0: minX + margin - overlapX, y0: minY + margin - overlapY,
                        x1: maxX - margin + overlapX, y1: maxY - margin + overlapY)
            // returns NULL on exception; owned by the GEOSGeometry below
            guard let clipped = GEOSClipByRect_r(context.handle, block.parent.pointer, clip.x0, clip.y0, clip.x1, clip.y1) else {
                throw context.takeError()
            }
            let piece = GEOSGeometry(owning: clipped, in: context)
            if GEOSisEmpty_r(context.handle, piece.pointer) == 1 { fill(0); continue }   // touches the margin only
            if block.size == 1 {
                let exact = try Self.keepsWholeEdges(piece.value(), clip: clip, cell: (minX, minY, maxX, maxY))
                cells[block.y * n + block.x] = UInt32(pieces.count + 2) | (exact ? exactFlag : 0)
                pieces.append(try piece.wkb())
                continue
            }
            let half = block.size / 2
            pending += [Block(x: block.x, y: block.y, size: half, parent: piece),
                        Block(x: block.x + half, y: block.y, size: half, parent: piece),
                        Block(x: block.x, y: block.y + half, size: half, parent: piece),
                        Block(x: block.x + half, y: block.y + half, size: half, parent: piece)]
        }
        if farMarginDegrees > 0 {
            // Dilate the boundary cells by the margin; what they do not reach is far.
            let kx = Int((farMarginDegrees / (width / Double(n))).rounded(.up))
            let ky = Int((farMarginDegrees / (height / Double(n))).rounded(.up))
            var near = [Bool](repeating: false, count: n * n)
            for y in 0..<n {
                for x in 0..<n where cells[y * n + x] & ~exactFlag >= 2 {
                    for yy in max(0, y - ky)...min(n - 1, y + ky) {
                        for xx in max(0, x - kx)...min(n - 1, x + kx) { near[yy * n + xx] = true }
                    }
                }
            }
            for i in cells.indices where !near[i] { cells[i] |= farFlag }
        }
        return Tiles(envelope: envelope, cellsPerSide: n, cells: cells, pieces: pieces, whole: try whole.wkb())
    }

    /// True when no edge of `piece` that comes near the cell has an end the clip made (a vertex
    /// on the clip box's sides): then every edge across the cell is one of the polygon's own,
    /// unshortened, and a point test in the cell is exact. An original vertex that happens to
    /// lie on a clip side only makes this answer false, never wrongly true.
    static func keepsWholeEdges(_ piece: Geometry, clip: (x0: Double, y0: Double, x1: Double, y1: Double),
                                cell: (Double, Double, Double, Double)) -> Bool {
        func onClip(_ p: Position) -> Bool {
            p.longitude == clip.x0 || p.longitude == clip.x1 || p.latitude == clip.y0 || p.latitude == clip.y1
        }
        for ring in Geometry.rings(of: piece) {
            for (a, b) in zip(ring, ring.dropFirst()) where onClip(a) || onClip(b) {
                if segmentMeetsBox(a, b, cell) { return false }
            }
        }
        return true
    }

    /// Whether segment a–b comes within the box (Liang–Barsky clipping, boundary included).
    static func segmentMeetsBox(_ a: Position, _ b: Position, _ box: (Double, Double, Double, Double)) -> Bool {
        var t0 = 0.0, t1 = 1.0
        let dx = b.longitude - a.longitude, dy = b.latitude - a.latitude
        for (p, q) in [(-dx, a.longitude - box.0), (dx, box.2 - a.longitude), (-dy, a.latitude - box.1), (dy, box.3 - a.latitude)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let r = q / p
                if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
                if t0 > t1 { return false }
            }
        }
        return true
    }
}

extension Geometry {
    /// An axis-aligned rectangle as a counter-clockwise polygon.
    static func rectangle(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) -> Geometry {
        .polygon([[
            Position(longitude: minLongitude, latitude: minLatitude),
            Position(longitude: maxLongitude, latitude: minLatitude),
            Position(longitude: maxLongitude, latitude: maxLatitude),
            Position(longitude: minLongitude, latitude: maxLatitude),
            Position(longitude: minLongitude, latitude: minLatitude),
        ]])
    }
}
