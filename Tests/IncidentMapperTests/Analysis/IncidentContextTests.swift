import Foundation
import Testing
@testable import IncidentMapper

/// Contexts of whole geometries against answers found another way: a track's shares from the
/// distances where it crosses the zone lines (known by construction), a zone's area shares
/// from the exact classification of a dense grid of points in it.
struct IncidentContextTests {
    typealias Synthetic = PositionClassifierTests

    /// A track straight out to sea from the synthetic coast, from 5 to 30 nm: 7 nm of it in the
    /// territorial sea, 12 in the contiguous zone, 6 in the EEZ (of its 25 nm).
    @Test func aTrackOutToSeaIsSharedByTheDistancesToItsZoneLines() throws {
        let classifier = try PositionClassifier(Synthetic.geography)
        let track = Geometry.lineString([Synthetic.offshore(5), Synthetic.offshore(30)])
        let context = try #require(try classifier.context(for: track))
        #expect(context.measure == .length)
        let shares = Dictionary(uniqueKeysWithValues: context.parts(.surface).map { ($0.value, $0.share) })
        #expect(abs((shares["territorial-sea"] ?? 0) - 7.0 / 25) < 1e-4, "\(shares)")
        #expect(abs((shares["contiguous-zone"] ?? 0) - 12.0 / 25) < 1e-4, "\(shares)")
        #expect(abs((shares["eez"] ?? 0) - 6.0 / 25) < 1e-4, "\(shares)")
        #expect(context.parts(.fir).map(\.value) == ["TEST"])
        #expect(abs((context.venezuelaCoastNauticalMiles ?? 0) - 5) < 1e-3)
        #expect(context.surfaceKind == .territorialSea)   // where the closest approach is
    }

    @Test func pointsShareByTheirNumber() throws {
        let classifier = try PositionClassifier(Synthetic.geography)
        let points = Geometry.multiPoint([Synthetic.offshore(3), Synthetic.offshore(6), Synthetic.offshore(100),
                                          Position(longitude: -65, latitude: 8)])
        let context = try #require(try classifier.context(for: points))
        let shares = Dictionary(uniqueKeysWithValues: context.parts(.surface).map { ("\($0.value) \($0.state ?? "")", $0.share) })
        #expect(shares == ["territorial-sea VEN": 0.5, "eez VEN": 0.25, "land VEN": 0.25])
        #expect(abs((context.venezuelaCoastNauticalMiles ?? 0) - 3) < 1e-6 && context.surfaceKind == .territorialSea)
    }

    /// A zone across Venezuela's 12 nm line (shipped layers): its area shares from the GEOS
    /// overlay with the derived zones agree with the shares of a 200 × 200 grid of points each
    /// classified exactly (weights cos latitude), within the grid's resolution.
    @Test func zoneAreaSharesAgreeWithAGridOfExactAnswers() throws {
        let geography = RegionClassificationTests.geography
        let classifier = try PositionClassifier(geography)
        let (w, e, s, n) = (-66.60, -66.52, 10.78, 10.88)
        let zone = Geometry.rectangle(minLongitude: w, minLatitude: s, maxLongitude: e, maxLatitude: n)
        let context = try #require(try classifier.context(for: zone))
        #expect(context.measure == .area)
        let surfaces = context.parts(.surface)
        #expect(abs(surfaces.map(\.share).reduce(0, +) - 1) < 0.001)
        var grid: [String: Double] = [:]
        var total = 0.0
        let k = 200
        for i in 0..<k {
            let lat = s + (Double(i) + 0.5) * (n - s) / Double(k)
            for j in 0..<k {
                let lon = w + (Double(j) + 0.5) * (e - w) / Double(k)
                let answer = try classifier.classify(Position(longitude: lon, latitude: lat), fields: .surface)
                let key = "\(answer.surface!.kind.rawValue) \(answer.surface!.state ?? "")"
                grid[key, default: 0] += cos(lat * .pi / 180)
                total += cos(lat * .pi / 180)
            }
        }
        #expect(grid.keys.sorted() == ["contiguous-zone VEN", "territorial-sea VEN"])
        for part in surfaces {
            let sampled = (grid["\(part.value) \(part.state ?? "")"] ?? 0) / total
            #expect(abs(part.share - sampled) < 0.01, "\(part.value): overlay \(part.share), grid \(sampled)")
        }
        #expect(context.parts(.fir).map(\.value) == ["SVZM"])
        #expect(context.surfaceKind == .territorialSea)
    }

    /// A zone across the theatre's northern limit (35°N) in the open Atlantic: the part beyond
    /// it is `outside-coverage`, the rest high seas (Bermuda, the nearest land, is ~330 nm away).
    /// On a sphere the share north of 35°N of the band 34°–36°N is (sin 36° − sin 35°) /
    /// (sin 36° − sin 34°); the ellipsoid changes that by far less than the tolerance.
    @Test func aZoneAcrossTheCoveredRegionsEdgeSaysWhichPartIsOutside() throws {
        let classifier = try PositionClassifier(RegionClassificationTests.geography)
        let zone = Geometry.rectangle(minLongitude: -60, minLatitude: 34, maxLongitude: -58, maxLatitude: 36)
        let context = try #require(try classifier.context(for: zone))
        let shares = Dictionary(uniqueKeysWithValues: context.parts(.surface).map { ($0.value, $0.share) })
        let r = Double.pi / 180
        let expected = (sin(36 * r) - sin(35 * r)) / (sin(36 * r) - sin(34 * r))
        #expect(abs((shares["outside-coverage"] ?? 0) - expected) < 0.003, "\(shares)")
        #expect(abs((shares["high-seas"] ?? 0) - (1 - expected)) < 0.003, "\(shares)")
        #expect(abs(shares.values.reduce(0, +) - 1) < 0.001)
    }
}
