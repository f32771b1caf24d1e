import Foundation
import Testing
@testable import IncidentMapper

/// The bounding-box filter keeps what meets the box, not what has an envelope meeting it.
struct BoundingBoxFilterTests {
    @Test(arguments: StoreBackend.underTest)
    func aTrackWhoseExtentMeetsTheBoxButNotItsLineIsLeftOut(backend: StoreBackend) throws {
        let store = try backend.makeStore()
        func track(_ title: String, _ points: [(Double, Double)]) -> Incident {
            Incident(kind: .navalPosition, geometry: .lineString(points.map { Position(longitude: $0.0, latitude: $0.1) }),
                     time: nil, title: title)
        }
        try store.insert(contentsOf: [
            // An L around the box's corner: its extent covers the box, its line never enters.
            track("around", [(-70, 10), (-60, 10), (-60, 20)]),
            // A line through the box with no vertex inside it.
            track("through", [(-70, 14), (-60, 16)]),
            Incident(kind: .other, geometry: .point(Position(longitude: -65, latitude: 15)), time: nil, title: "inside"),
            Incident(kind: .other, geometry: .point(Position(longitude: -59, latitude: 15)), time: nil, title: "outside"),
            Incident(kind: .exerciseZone, geometry: .polygon([[Position(longitude: -67, latitude: 11), Position(longitude: -66, latitude: 11),
                                                               Position(longitude: -66, latitude: 12), Position(longitude: -67, latitude: 11)]]),
                     time: nil, title: "zone below"),
        ])
        let box = Envelope(minLongitude: -66, minLatitude: 12.5, maxLongitude: -63, maxLatitude: 17)
        let found = Set(try store.incidents(matching: IncidentFilter(boundingBox: box)).map(\.title))
        #expect(found == ["through", "inside"])
        #expect(try store.count(matching: IncidentFilter(boundingBox: box)) == 2)
        // A box edge on the point counts (a closed box).
        let edge = Envelope(minLongitude: -65, minLatitude: 15, maxLongitude: -64, maxLatitude: 16)
        #expect(Set(try store.incidents(matching: IncidentFilter(boundingBox: edge)).map(\.title)) == ["through", "inside"])
    }
}
