import Foundation

/// Nearest-segment search by geodesic distance over many segments (a coastline, a FIR line).
///
/// A static bounding-volume hierarchy (sort-tile-recursive packing by longitude and latitude)
/// whose boxes are drawn in earth-centred coordinates around each segment's chord, grown so the
/// geodesic stays inside (``ChordCapsule``). Straight-line distances to these boxes and capsules
/// never exceed geodesic distances, so they are safe lower bounds; and since chord and geodesic
/// differ by parts per million at coastal distances, they are tight. The search is best-first
/// over nodes and segments together: a segment's distance is computed exactly (Newton on
/// `geod_direct` / `geod_inverse`, ``Geodesic/distance(from:toSegmentFrom:to:)``) only when its
/// lower bound comes up below the best distance found so far, which is a handful of segments
/// per query. The answer is the exact geodesic nearest, not an approximation. A value type:
/// build once, share between threads.
///
/// Far away the straight-line bound loosens (the geodesic exceeds the chord by about
/// c³/24R², 750 m at 900 km, and the bound beyond that is 0.2 % under the truth), so that a query
/// thousands of kilometres from a coast would measure every segment within that slack exactly
/// (hundreds). Each node and segment therefore also carries a centre and a geodesic radius (no
/// point of it is farther from the centre): a lower bound of the geodesic distance to the centre
/// (``farLowerBound(from:to:)``) minus the radius is a second lower bound, computed only when an
/// item comes up in the search far away and is small against the chord bound's slack.
///
/// ```swift
/// let coast = GeodesicSegmentIndex(lines: venezuelaCoastRings)
/// let hit = coast.nearest(to: Position(longitude: -64, latitude: 11.5))
/// hit?.distanceMeters   // geodesic metres to the nearest coast point
/// ```
public struct GeodesicSegmentIndex: @unchecked Sendable {
    /// One segment of the indexed lines, with the tag of the line it came from.
    public struct Segment: Sendable {
        public var start: Position
        public var end: Position
        public var tag: Int32

        public init(start: Position, end: Position, tag: Int32) {
            self.start = start
            self.end = end
            self.tag = tag
        }
    }

    /// The nearest segment found for a query.
    public struct Hit: Sendable {
        public var distanceMeters: Double
        public var nearest: Position
        /// The indexed segment (a piece of the original one when that was longer than
        /// ``maxPieceMeters``: the same geodesic, cut).
        public var segment: Segment
    }

    /// What the search needs of a segment, computed once. Plain values only: stored as is in a
    /// compiled layer file and read in place.
    struct Entry {
        var startLongitude: Double, startLatitude: Double
        var endLongitude: Double, endLatitude: Double
        var capsule: ChordCapsule
        var bearingDegrees: Double
        var lengthMeters: Double
        /// The segment's geodesic midpoint: no point of it is farther than half its length.
        var midLongitude: Double, midLatitude: Double
        var tag: Int32

        var segment: Segment {
            Segment(start: Position(longitude: startLongitude, latitude: startLatitude),
                    end: Position(longitude: endLongitude, latitude: endLatitude), tag: tag)
        }
    }

    struct Node {
        var box: ChordBox
        /// Children are nodes [first, first+count) of the level below, or entries at the leaves.
        var first: Int32
        var count: Int32
        var isLeaf: Bool
        /// A centre, and a geodesic distance from it that no point of the node's segments exceeds.
        var centreLongitude: Double, centreLatitude: Double
        var radiusMeters: Double
    }

    /// Sizes and offsets of the structs stored as is in a compiled layer file: a file written by
    /// a build where they differ is not read.
    static var layoutSignature: [Int] {
        [MemoryLayout<Entry>.size, MemoryLayout<Entry>.stride, MemoryLayout<Entry>.alignment,
         MemoryLayout<Entry>.offset(of: \.capsule) ?? -1, MemoryLayout<Entry>.offset(of: \.tag) ?? -1,
         MemoryLayout<Node>.size, MemoryLayout<Node>.stride, MemoryLayout<Node>.offset(of: \.first) ?? -1,
         MemoryLayout<Node>.offset(of: \.isLeaf) ?? -1, MemoryLayout<Node>.offset(of: \.radiusMeters) ?? -1,
         MemoryLayout<Entry>.offset(of: \.midLatitude) ?? -1, MemoryLayout<ChordCapsule>.size,
         MemoryLayout<ChordCapsule>.offset(of: \.margin) ?? -1, MemoryLayout<ChordBox>.size]
    }

    /// Where an index's arrays lie in a compiled layer file.
    struct Descriptor: Equatable {
        var entriesOffset: Int, entryCount: Int
        var nodesOffset: Int, nodeCount: Int
        var root: Int
    }

    private let entries: UnsafeBufferPointer<Entry>
    private let nodes: UnsafeBufferPointer<Node>
    private let root: Int
    /// Keeps the bytes the arrays point into.
    private let storage: LayerStorage
    private let geodesic = Geodesic.wgs84

    /// The indexed segments (long ones cut into pieces).
    public var segments: [Segment] { entries.map(\.segment) }

    /// How many segments (pieces) are indexed.
    public var count: Int { entries.count }

    private static let fanout = 8
    /// Longer segments are cut into pieces along their geodesic, so that their capsules stay
    /// thin (the margin grows as L^1.5: ~60 m for 50 km, a few centimetres for 1 km).
    public static let maxPieceMeters = 20_000.0

    /// Indexes the segments of `lines` (each a list of positions; consecutive positions form a
    /// segment), tagging each segment with its line's tag.
    public init(lines: [(positions: [Position], tag: Int32)]) {
        var segments: [Segment] = []
        for line in lines {
            for (a, b) in zip(line.positions, line.positions.dropFirst()) where a != b {
                segments.append(Segment(start: a, end: b, tag: line.tag))
            }
        }
        self.init(segments: segments)
    }

    /// Indexes `segments` on WGS84 (the chord bounds are drawn on that ellipsoid, so the index
    /// takes no other), in memory of its own.
    public init(segments: [Segment]) {
        var writer = LayerArchiveWriter()
        let descriptor = Self.build(segments).write(to: &writer)
        // The bytes were just written by the same code: reading them back cannot fail.
        try! self.init(descriptor, in: LayerStorage(copying: writer.bytes))
    }

    /// Reads an index in place from a compiled layer file.
    /// - Throws: ``ReferenceDataError/compiledLayers(_:)`` when the arrays lie outside the file.
    init(_ d: Descriptor, in storage: LayerStorage) throws {
        entries = try storage.array(of: Entry.self, at: d.entriesOffset, count: d.entryCount)
        nodes = try storage.array(of: Node.self, at: d.nodesOffset, count: d.nodeCount)
        guard d.root < d.nodeCount, d.nodeCount > 0 || d.root == -1 else {
            throw ReferenceDataError.compiledLayers("a segment index's root lies outside its nodes")
        }
        root = d.root
        self.storage = storage
    }

    /// The arrays of an index under construction.
    struct Built {
        var entries: [Entry]
        var nodes: [Node]
        var root: Int

        func write(to writer: inout LayerArchiveWriter) -> Descriptor {
            Descriptor(entriesOffset: writer.append(entries), entryCount: entries.count,
                       nodesOffset: writer.append(nodes), nodeCount: nodes.count, root: root)
        }
    }

    /// Cuts long segments, computes their capsules and packs them into a tree.
    static func build(_ segments: [Segment]) -> Built {
        let geodesic = Geodesic.wgs84
        var entries: [Entry] = []
        entries.reserveCapacity(segments.count)
        for s in segments {
            let leg = geodesic.inverse(from: s.start, to: s.end)
            let pieces = max(1, Int((leg.distanceMeters / Self.maxPieceMeters).rounded(.up)))
            var from = s.start
            for k in 1...pieces {
                let to = k == pieces ? s.end : geodesic.destination(
                    from: s.start, bearingDegrees: leg.initialBearingDegrees,
                    distanceMeters: leg.distanceMeters * Double(k) / Double(pieces))
                let piece = pieces == 1 ? leg : geodesic.inverse(from: from, to: to)
                let mid = geodesic.destination(from: from, bearingDegrees: piece.initialBearingDegrees,
                                               distanceMeters: piece.distanceMeters / 2)
                entries.append(Entry(startLongitude: from.longitude, startLatitude: from.latitude,
                                     endLongitude: to.longitude, endLatitude: to.latitude,
                                     capsule: ChordCapsule(from: from, to: to, geodesicLengthMeters: piece.distanceMeters),
                                     bearingDegrees: piece.initialBearingDegrees, lengthMeters: piece.distanceMeters,
                                     midLongitude: mid.longitude, midLatitude: mid.latitude, tag: s.tag))
                from = to
            }
        }
        // Order by index (moving the entries themselves while sorting is slow), then permute once.
        let entryCentres = entries.map { Self.lonLatCentre($0) }
        let order = Self.strOrder(Array(entries.indices)) { entryCentres[$0] }
        entries = order.map { entries[$0] }
        var nodes: [Node] = []
        // Leaves: runs of `fanout` segments.
        var level: [Int] = []
        for first in stride(from: 0, to: entries.count, by: Self.fanout) {
            let range = first..<min(first + Self.fanout, entries.count)
            let box = entries[range].dropFirst().reduce(entries[first].capsule.box) { $0.union($1.capsule.box) }
            let (centre, radius) = Self.enclosingCircle(entries[range].map {
                (Position(longitude: $0.midLongitude, latitude: $0.midLatitude), $0.lengthMeters / 2)
            })
            nodes.append(Node(box: box, first: Int32(first), count: Int32(range.count), isLeaf: true,
                              centreLongitude: centre.longitude, centreLatitude: centre.latitude, radiusMeters: radius))
            level.append(nodes.count - 1)
        }
        // Upper levels: STR-ordered runs of `fanout` nodes, until one remains.
        var centres = nodes.map { _ in (0.0, 0.0) }
        for (i, node) in nodes.enumerated() {
            let members = entries[Int(node.first)..<Int(node.first + node.count)].map { Self.lonLatCentre($0) }
            centres[i] = (members.map(\.0).reduce(0, +) / Double(members.count), members.map(\.1).reduce(0, +) / Double(members.count))
        }
        while level.count > 1 {
            let ordered = Self.strOrder(level) { centres[$0] }
            // Children of a node must be contiguous: copy them to the end in order.
            var next: [Int] = []
            for first in stride(from: 0, to: ordered.count, by: Self.fanout) {
                let group = ordered[first..<min(first + Self.fanout, ordered.count)]
                let childStart = nodes.count
                for child in group { nodes.append(nodes[child]); centres.append(centres[child]) }
                let box = group.dropFirst().reduce(nodes[group.first!].box) { $0.union(nodes[$1].box) }
                let (centre, radius) = Self.enclosingCircle(group.map {
                    (Position(longitude: nodes[$0].centreLongitude, latitude: nodes[$0].centreLatitude), nodes[$0].radiusMeters)
                })
                nodes.append(Node(box: box, first: Int32(childStart), count: Int32(group.count), isLeaf: false,
                                  centreLongitude: centre.longitude, centreLatitude: centre.latitude, radiusMeters: radius))
                centres.append((group.map { centres[$0].0 }.reduce(0, +) / Double(group.count),
                                group.map { centres[$0].1 }.reduce(0, +) / Double(group.count)))
                next.append(nodes.count - 1)
            }
            level = next
        }
        return Built(entries: entries, nodes: nodes, root: level.first ?? -1)
    }

    /// A centre and a radius enclosing circles given by centre and geodesic radius: the mean of
    /// the centres in longitude and latitude (any point would do: the radius makes it true),
    /// and the largest distance from it to a centre plus that circle's radius (the triangle
    /// inequality), with a millimetre to spare for rounding.
    private static func enclosingCircle(_ circles: [(centre: Position, radius: Double)]) -> (Position, Double) {
        let geodesic = Geodesic.wgs84
        let n = Double(circles.count)
        let centre = Position(longitude: circles.map(\.centre.longitude).reduce(0, +) / n,
                              latitude: circles.map(\.centre.latitude).reduce(0, +) / n)
        let radius = circles.map { geodesic.distanceMeters(from: centre, to: $0.centre) + $0.radius }.max() ?? 0
        return (centre, radius + 0.001)
    }

    /// The segment nearest to `point` by geodesic distance, or nil when there are no segments
    /// (or none within `maxDistanceMeters`).
    /// `excludingTag` leaves out the segments with that tag (e.g. one state's coast, to find the
    /// nearest coast of any other).
    public func nearest(to point: Position, maxDistanceMeters: Double = .infinity, excludingTag: Int32? = nil) -> Hit? {
        var queue = SearchQueue()
        return nearest(to: point, maxDistanceMeters: maxDistanceMeters, excludingTag: excludingTag, queue: &queue)
    }

    /// The same search with a queue the caller keeps between searches (no allocation per
    /// search: a hot loop keeps one per thread).
    func nearest(to point: Position, maxDistanceMeters: Double = .infinity, excludingTag: Int32? = nil,
                 queue: inout SearchQueue) -> Hit? {
        guard root >= 0 else { return nil }
        let p = EarthCentredPoint(point)
        let query = ReducedLatitudePoint(point)
        var best: Hit?
        var bestDistance = maxDistanceMeters
        // Queued items: index << 2, bit 1 set for a segment (entry), bit 0 once refined.
        queue.removeAll()
        queue.push(Self.geodesicLowerBound(chord: nodes[root].box.distance(from: p)), root << 2)
        while let (bound, item) = queue.pop() {
            if bound >= bestDistance { break }
            let index = item >> 2, isEntry = item & 2 != 0
            if isEntry, entries[index].tag == excludingTag { continue }
            // An item far away, small against the chord bound's slack, is first bounded by the
            // geodesic to its centre (and pushed back), unless that was done already.
            if item & 1 == 0, bound > Self.refineBeyondMeters {
                let (centre, radius) = isEntry
                    ? (Position(longitude: entries[index].midLongitude, latitude: entries[index].midLatitude),
                       entries[index].lengthMeters / 2 + 0.001)
                    : (Position(longitude: nodes[index].centreLongitude, latitude: nodes[index].centreLatitude),
                       nodes[index].radiusMeters)
                if radius < Self.chordSlackEstimate(bound) {
                    let better = Self.farLowerBound(from: query, to: centre) - radius
                    if better > bound {
                        if better < bestDistance { queue.push(better, item | 1) }
                        continue
                    }
                }
            }
            if isEntry {
                let e = entries[index]
                let along = e.capsule.closestFraction(to: p) * e.lengthMeters
                let start = Position(longitude: e.startLongitude, latitude: e.startLatitude)
                let d = geodesic.distance(from: point, alongGeodesicFrom: start, bearingDegrees: e.bearingDegrees,
                                          lengthMeters: e.lengthMeters, guessMeters: along)
                if d.distanceMeters < bestDistance {
                    bestDistance = d.distanceMeters
                    best = Hit(distanceMeters: d.distanceMeters, nearest: d.nearest, segment: e.segment)
                }
                continue
            }
            let node = nodes[index]
            // A node never points outside the arrays (checked here, not at load, which would read them all).
            guard node.first >= 0, node.count >= 0,
                  Int(node.first) + Int(node.count) <= (node.isLeaf ? entries.count : nodes.count) else { continue }
            for i in Int(node.first)..<Int(node.first + node.count) {
                let childBound = Self.geodesicLowerBound(
                    chord: node.isLeaf ? entries[i].capsule.lowerBound(from: p) : nodes[i].box.distance(from: p))
                if childBound < bestDistance { queue.push(childBound, node.isLeaf ? i << 2 | 2 : i << 2) }
            }
        }
        return best
    }

    /// Nearer than this the chord bound is within a few metres of the truth.
    private static let refineBeyondMeters = 150_000.0

    /// About how far the chord bound of an item `bound` away may lie under the geodesic distance
    /// (c³/24R² up to 900 km, then up to 0.4 %): only a radius under it makes the second bound
    /// worth computing. An estimate for choosing (tuned on random queries over the
    /// theatre: 3 exact segment distances per search instead of up to 300), never a bound itself.
    @inline(__always)
    private static func chordSlackEstimate(_ bound: Double) -> Double {
        let r = 6_371_000.0
        return bound > 900_000 ? 0.004 * bound : bound * bound * bound / (24 * r * r)
    }

    /// A point's longitude and reduced latitude β (tan β = (1 − f) tan φ), for ``farLowerBound(from:to:)``.
    struct ReducedLatitudePoint {
        var position: Position
        var longitude: Double, beta: Double, cosBeta: Double

        init(_ p: Position) {
            position = p
            longitude = p.longitude * .pi / 180
            beta = atan((1 - GeodesicSegmentIndex.flattening) * tan(p.latitude * .pi / 180))
            cosBeta = cos(beta)
        }
    }

    static let flattening = 1 / 298.257223563

    /// A lower bound of the WGS84 geodesic distance from `p` to `q`, for pruning only (never an
    /// answer): Andoyer–Lambert's formula (Lambert 1942), which on 2,000,000 random pairs over
    /// the globe came within 3·10⁻⁷ of the exact distance up to 6,400 km (central angle 1 rad) and
    /// overshot it by at most 6.4·10⁻⁶ up to 16,500 km (the formula drops terms of order f², 1.1·10⁻⁵),
    /// less a margin of 5·10⁻⁵ and a metre. A test holds it under `geod_inverse` on 200,000 seeded pairs. Where the formula degrades
    /// (central angle under 0.02 rad or over 2 rad) the exact distance is returned. About a
    /// tenth of the cost of `geod_inverse`.
    static func farLowerBound(from p: ReducedLatitudePoint, to position: Position) -> Double {
        let q = ReducedLatitudePoint(position)
        let halfDLat = (q.beta - p.beta) / 2
        let sinHalfDLon = sin((q.longitude - p.longitude) / 2)
        let h = sin(halfDLat) * sin(halfDLat) + p.cosBeta * q.cosBeta * sinHalfDLon * sinHalfDLon
        let sigma = 2 * asin(min(1, h.squareRoot()))
        guard sigma > 0.02, sigma < 2 else {
            return Geodesic.wgs84.distanceMeters(from: p.position, to: position)
        }
        let sinP = sin((p.beta + q.beta) / 2), cosP = cos((p.beta + q.beta) / 2)
        let sinQ = sin(halfDLat), cosQ = cos(halfDLat)
        let sinHalfSigma = sin(sigma / 2), cosHalfSigma = cos(sigma / 2)
        let x = (sigma - sin(sigma)) * sinP * sinP * cosQ * cosQ / (cosHalfSigma * cosHalfSigma)
        let y = (sigma + sin(sigma)) * cosP * cosP * sinQ * sinQ / (sinHalfSigma * sinHalfSigma)
        let d = 6_378_137.0 * (sigma - flattening / 2 * (x + y))
        return d * (1 - 5e-5) - 1
    }

    /// A lower bound of the WGS84 geodesic distance between two points at least `chord` apart
    /// in straight line. The chord itself is one; far apart a tighter one holds: every point of
    /// the ellipsoid is at least b (the semi-minor axis) from the centre, so projecting a path
    /// onto the sphere of radius b never lengthens it, and the path is at least b·θ, θ the angle
    /// at the centre; and chord² ≤ (a − b)² + 4a²·sin²(θ/2) for radii between b and a. Beyond
    /// ~1,000 km this bound is the tighter (at 3,000 km it is 7 km under the truth, the chord 25
    /// km), so far searches evaluate far fewer segments exactly.
    @inline(__always)
    static func geodesicLowerBound(chord c: Double) -> Double {
        guard c > 900_000 else { return c }
        let a = 6_378_137.0, b = 6_356_752.314245179
        let x = (c * c - (a - b) * (a - b)).squareRoot() / (2 * a)
        return max(c, x >= 1 ? b * Double.pi : 2 * b * asin(x))
    }

    private static func lonLatCentre(_ e: Entry) -> (Double, Double) {
        ((e.startLongitude + e.endLongitude) / 2, (e.startLatitude + e.endLatitude) / 2)
    }

    /// Sort-tile-recursive order: slices by x, each slice sorted by y.
    private static func strOrder<T>(_ items: [T], centre: (T) -> (Double, Double)) -> [T] {
        guard items.count > fanout else { return items }
        let byX = items.sorted { centre($0).0 < centre($1).0 }
        let leaves = (items.count + fanout - 1) / fanout
        let slices = Int(Double(leaves).squareRoot().rounded(.up))
        let sliceSize = slices * fanout
        var result: [T] = []
        result.reserveCapacity(items.count)
        for first in stride(from: 0, to: byX.count, by: sliceSize) {
            let slice = byX[first..<min(first + sliceSize, byX.count)]
            result += slice.sorted { centre($0).1 < centre($1).1 }
        }
        return result
    }
}

/// A binary min-heap of (bound, node index) for the best-first search.
/// A binary min-heap of (bound, node or ~segment index) for the best-first search; keep one
/// per thread and pass it to ``GeodesicSegmentIndex/nearest(to:maxDistanceMeters:excludingTag:queue:)``.
struct SearchQueue {
    private var items: [(Double, Int)] = []

    init() { items.reserveCapacity(256) }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(_ key: Double, _ value: Int) {
        items.append((key, value))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].0 < items[parent].0 else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < items.count && items[l].0 < items[smallest].0 { smallest = l }
                if r < items.count && items[r].0 < items[smallest].0 { smallest = r }
                if smallest == i { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return top
    }
}
