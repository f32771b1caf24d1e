import Foundation

/// Nearest-segment search by geodesic distance over many segments (a coastline, a FIR line).
///
/// A static bounding-volume hierarchy (sort-tile-recursive packing) over the segments' lon/lat
/// boxes, searched best-first: a box is opened only while a safe lower bound of the geodesic
/// distance to anything inside it is below the best distance found so far, and each candidate
/// segment's distance is then computed exactly with ``Geodesic/distance(from:toSegmentFrom:to:)``.
/// The answer is therefore the exact geodesic nearest, not an approximation. A value type:
/// build once, share between threads.
///
/// ```swift
/// let coast = GeodesicSegmentIndex(lines: venezuelaCoastRings)
/// let hit = coast.nearest(to: Position(longitude: -64, latitude: 11.5))
/// hit?.distanceMeters   // geodesic metres to the nearest coast point
/// ```
public struct GeodesicSegmentIndex: Sendable {
    /// One segment of the indexed lines, with the tag of the line it came from.
    public struct Segment: Sendable {
        public var start: Position
        public var end: Position
        public var tag: Int32
    }

    /// The nearest segment found for a query.
    public struct Hit: Sendable {
        public var distanceMeters: Double
        public var nearest: Position
        public var segment: Segment
    }

    private struct Box: Sendable {
        var minX, minY, maxX, maxY: Double
        func union(_ o: Box) -> Box {
            Box(minX: min(minX, o.minX), minY: min(minY, o.minY), maxX: max(maxX, o.maxX), maxY: max(maxY, o.maxY))
        }
    }

    private struct Node: Sendable {
        var box: Box
        /// Children are nodes [first, first+count) of the level below, or segments at the leaves.
        var first: Int32
        var count: Int32
        var isLeaf: Bool
    }

    public let segments: [Segment]
    private let nodes: [Node]
    private let root: Int
    private let geodesic: Geodesic

    private static let fanout = 8
    /// Segment boxes are grown by this much (degrees, ~11 m) so that the geodesic between the
    /// endpoints, which can bow out of the endpoints' box, always stays inside it.
    private static let boxMargin = 1e-4

    /// Indexes the segments of `lines` (each a list of positions; consecutive positions form a
    /// segment), tagging each segment with its line's tag.
    public init(lines: [(positions: [Position], tag: Int32)], geodesic: Geodesic = .wgs84) {
        var segments: [Segment] = []
        for line in lines {
            for (a, b) in zip(line.positions, line.positions.dropFirst()) where a != b {
                segments.append(Segment(start: a, end: b, tag: line.tag))
            }
        }
        self.init(segments: segments, geodesic: geodesic)
    }

    public init(segments: [Segment], geodesic: Geodesic = .wgs84) {
        self.geodesic = geodesic
        var items = segments.map { s in (box: Self.box(of: s), segment: s) }
        items = Self.strOrder(items) { $0.box }
        self.segments = items.map(\.segment)
        var nodes: [Node] = []
        // Leaves: runs of `fanout` segments.
        var level: [Int] = []
        for first in stride(from: 0, to: items.count, by: Self.fanout) {
            let range = first..<min(first + Self.fanout, items.count)
            let box = items[range].dropFirst().reduce(items[first].box) { $0.union($1.box) }
            nodes.append(Node(box: box, first: Int32(first), count: Int32(range.count), isLeaf: true))
            level.append(nodes.count - 1)
        }
        // Upper levels: STR-ordered runs of `fanout` nodes, until one remains.
        while level.count > 1 {
            let ordered = Self.strOrder(level.map { (box: nodes[$0].box, index: $0) }) { $0.box }
            // Children of a node must be contiguous: copy them to the end in order.
            var next: [Int] = []
            for first in stride(from: 0, to: ordered.count, by: Self.fanout) {
                let group = ordered[first..<min(first + Self.fanout, ordered.count)]
                let childStart = nodes.count
                for child in group { nodes.append(nodes[child.index]) }
                let box = group.dropFirst().reduce(group.first!.box) { $0.union($1.box) }
                nodes.append(Node(box: box, first: Int32(childStart), count: Int32(group.count), isLeaf: false))
                next.append(nodes.count - 1)
            }
            level = next
        }
        self.nodes = nodes
        root = level.first ?? -1
    }

    /// The segment nearest to `point` by geodesic distance, or nil when there are no segments
    /// (or none within `maxDistanceMeters`).
    public func nearest(to point: Position, maxDistanceMeters: Double = .infinity) -> Hit? {
        guard root >= 0 else { return nil }
        var best: Hit?
        var bestDistance = maxDistanceMeters
        var queue = MinHeap()
        queue.push(lowerBound(point, nodes[root].box), root)
        while let (bound, index) = queue.pop() {
            if bound >= bestDistance { break }
            let node = nodes[index]
            for i in Int(node.first)..<Int(node.first + node.count) {
                if node.isLeaf {
                    let s = segments[i]
                    // The segment's own box first: most segments of a leaf are farther than the best.
                    if lowerBound(point, Self.box(of: s)) >= bestDistance { continue }
                    let d = geodesic.distance(from: point, toSegmentFrom: s.start, to: s.end)
                    if d.distanceMeters < bestDistance {
                        bestDistance = d.distanceMeters
                        best = Hit(distanceMeters: d.distanceMeters, nearest: d.nearest, segment: s)
                    }
                } else {
                    let childBound = lowerBound(point, nodes[i].box)
                    if childBound < bestDistance { queue.push(childBound, i) }
                }
            }
        }
        return best
    }

    /// A segment's box, grown by the margin.
    private static func box(of s: Segment) -> Box {
        Box(minX: min(s.start.longitude, s.end.longitude) - boxMargin, minY: min(s.start.latitude, s.end.latitude) - boxMargin,
            maxX: max(s.start.longitude, s.end.longitude) + boxMargin, maxY: max(s.start.latitude, s.end.latitude) + boxMargin)
    }

    /// A distance in metres that no point of `box` is nearer to `point` than. On the sphere,
    /// reaching the box needs at least its latitude gap, and at least the arc from the point to
    /// the nearest bounding meridian, asin(cos φ · sin Δλ); scaled by a radius below the
    /// ellipsoid's smallest radius of curvature (6,335 km), with 0.5 % to spare.
    ///
    /// A box seen diagonally is bounded more tightly by the arc to its centre less its angular
    /// radius (the arc from centre to farthest corner): the larger of the two bounds is used.
    private func lowerBound(_ p: Position, _ box: Box) -> Double {
        let dLat = max(0, box.minY - p.latitude, p.latitude - box.maxY) * .pi / 180
        var dLon = 0.0
        if p.longitude < box.minX { dLon = box.minX - p.longitude }
        else if p.longitude > box.maxX { dLon = p.longitude - box.maxX }
        dLon = min(dLon, 360 - dLon) * .pi / 180
        let lonArc = dLon < .pi / 2 ? asin(min(1, cos(p.latitude * .pi / 180) * sin(dLon))) : 0
        let centreArc = Self.arc(p.latitude, p.longitude, (box.minY + box.maxY) / 2, (box.minX + box.maxX) / 2)
        let radius = max(Self.arc((box.minY + box.maxY) / 2, (box.minX + box.maxX) / 2, box.minY, box.minX),
                         Self.arc((box.minY + box.maxY) / 2, (box.minX + box.maxX) / 2, box.maxY, box.minX))
        return max(dLat, lonArc, centreArc - radius) * 6_335_439 * 0.995
    }

    /// The central angle between two points on the unit sphere (radians): only for bounds,
    /// never for a distance the tool reports.
    private static func arc(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let r = Double.pi / 180
        let a = sin((lat2 - lat1) * r / 2), b = sin((lon2 - lon1) * r / 2)
        let h = a * a + cos(lat1 * r) * cos(lat2 * r) * b * b
        return 2 * asin(min(1, h.squareRoot()))
    }

    /// Sort-tile-recursive order: slices by x, each slice sorted by y.
    private static func strOrder<T>(_ items: [T], box: (T) -> Box) -> [T] {
        guard items.count > fanout else { return items }
        let byX = items.sorted { box($0).minX + box($0).maxX < box($1).minX + box($1).maxX }
        let leaves = (items.count + fanout - 1) / fanout
        let slices = Int(Double(leaves).squareRoot().rounded(.up))
        let sliceSize = slices * fanout
        var result: [T] = []
        result.reserveCapacity(items.count)
        for first in stride(from: 0, to: byX.count, by: sliceSize) {
            let slice = byX[first..<min(first + sliceSize, byX.count)]
            result += slice.sorted { box($0).minY + box($0).maxY < box($1).minY + box($1).maxY }
        }
        return result
    }
}

/// A binary min-heap of (bound, node index) for the best-first search.
private struct MinHeap {
    private var items: [(Double, Int)] = []

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
