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
        /// 0 outside, 1 inside, k + 2 boundary with piece k.
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

    /// - Throws: ``GeometryError`` when GEOS fails or the polygon is empty.
    static func tile(_ polygon: Geometry, levels: Int) throws(GeometryError) -> Tiles {
        guard let envelope = polygon.envelope else { throw .invalidInput("cannot tile an empty geometry") }
        let n = 1 << max(0, min(levels, 11))
        let prepared = try PreparedGeometry(polygon)
        let whole = prepared.geometry
        let context = whole.context
        let width = max(envelope.maxLongitude - envelope.minLongitude, .leastNormalMagnitude)
        let height = max(envelope.maxLatitude - envelope.minLatitude, .leastNormalMagnitude)
        var cells = [UInt32](repeating: 0, count: n * n)
        var pieces: [[UInt8]] = []

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
            // returns NULL on exception; owned by the GEOSGeometry below
            guard let clipped = GEOSClipByRect_r(context.handle, block.parent.pointer, minX, minY, maxX, maxY) else {
                throw context.takeError()
            }
            let piece = GEOSGeometry(owning: clipped, in: context)
            if GEOSisEmpty_r(context.handle, piece.pointer) == 1 { fill(0); continue }   // touches the margin only
            if block.size == 1 {
                cells[block.y * n + block.x] = UInt32(pieces.count + 2)
                pieces.append(try piece.wkb())
                continue
            }
            let half = block.size / 2
            pending += [Block(x: block.x, y: block.y, size: half, parent: piece),
                        Block(x: block.x + half, y: block.y, size: half, parent: piece),
                        Block(x: block.x, y: block.y + half, size: half, parent: piece),
                        Block(x: block.x + half, y: block.y + half, size: half, parent: piece)]
        }
        return Tiles(envelope: envelope, cellsPerSide: n, cells: cells, pieces: pieces, whole: try whole.wkb())
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
