import Foundation
import Testing
@testable import IncidentMapper

/// Real places across the whole theatre, each with the source of its expected answer: the right
/// FIR, surface kind and state, and certain (well clear of every line).
struct TheatrePlacesTests {
    static let geography = try! ReferenceGeography.load()

    typealias Place = RegionClassificationTests.Place

    /// Airports: aerodrome reference points as published in each state's AIP (AD 2), as carried
    /// by the `airportsdata` package (MIT, version 20260905). The FIR of an aerodrome is that of
    /// its state's ATC; the land is its state's.
    static let inland: [Place] = [
        Place(name: "Mexico City MMMX", latitude: 19.4363, longitude: -99.0721, fir: "MMFR", kind: .land, state: "MEX",
              source: "AIP México AD 2 MMMX; Mexico FIR (MMFR)"),
        Place(name: "Guatemala City MGGT", latitude: 14.5833, longitude: -90.5275, fir: "MHTG", kind: .land, state: "GTM",
              source: "AIP COCESNA/Guatemala AD 2 MGGT; Central American FIR (MHTG, served by COCESNA)"),
        Place(name: "Quito SEQM", latitude: -0.12917, longitude: -78.3575, fir: "SEFG", kind: .land, state: "ECU",
              source: "AIP Ecuador AD 2 SEQM; Guayaquil FIR (SEFG)"),
        Place(name: "Galápagos, Sierra Negra caldera (Isabela)", latitude: -0.83, longitude: -91.17, fir: "SEFG", kind: .land, state: "ECU",
              source: "Smithsonian Global Volcanism Program, Sierra Negra (353050): 0.83°S 91.17°W, 15.9 km from the GSHHG full shoreline; Ecuadorian, in the Guayaquil FIR"),
        Place(name: "Clipperton, the atoll's lagoon", latitude: 10.30, longitude: -109.22, fir: "MMFO", kind: .land, state: "CPT",
              source: "CIA World Factbook, Clipperton Island 10°17'N 109°13'W; a French possession (ISO 3166-1 reserved code CPT); its closed lagoon is part of the island (0.9 km from the GSHHG full shoreline); in the Mazatlán Oceanic FIR per VATSpy's MMFO (see GeoData/fir/THEATRE.md)"),
        Place(name: "Houston KIAH", latitude: 29.984435, longitude: -95.341442, fir: "KZHU", kind: .land, state: "USA",
              source: "FAA AIP / airportsdata KIAH; Houston FIR (KZHU, the ARTCC)"),
        Place(name: "Havana MUHA", latitude: 22.9892, longitude: -82.4091, fir: "MUFH", kind: .land, state: "CUB",
              source: "AIP Cuba AD 2 MUHA; Habana FIR (MUFH)"),
        Place(name: "Bermuda, Paget (main island)", latitude: 32.30, longitude: -64.78, fir: "KZWY", kind: .land, state: "BMU",
              source: "Bermuda's main island at 32.30°N 64.78°W (Paget parish), 0.67 km from the GSHHG full shoreline; Bermuda lies in the New York Oceanic FIR (KZWY)"),
        Place(name: "Panamá Tocumen MPTO", latitude: 9.07136, longitude: -79.3835, fir: "MPZL", kind: .land, state: "PAN",
              source: "AIP Panamá AD 2 MPTO; Panamá FIR (MPZL)"),
        Place(name: "San José MROC", latitude: 9.99386, longitude: -84.2088, fir: "MHTG", kind: .land, state: "CRI",
              source: "AIP Costa Rica AD 2 MROC; Central American FIR (MHTG)"),
    ]

    /// Points off the Pacific coast at 50, 150 and 250 nm: from a coastal point along a fixed
    /// seaward azimuth (pyproj Geod.fwd, WGS84). Expected zones from an independent
    /// computation: pyproj Geod.inv to the GSHHG *full* shoreline (`gmt coast -Df`) densified every
    /// 50 m gave the nearest coast (the state's own) at the distances noted; beyond 200 nm of every
    /// coast is high seas (UNCLOS art. 57, 86).
    static let offshore: [Place] = [
        Place(name: "Guerrero, 50 nm off Acapulco", latitude: 16.01130, longitude: -100.24564, fir: "MMFR", kind: .eez, state: "MEX",
              source: "16.77N 99.88W, azimuth 205°, 50 nm; nearest GSHHG-full coast 51.30 nm (Mexico)"),
        Place(name: "Guerrero, 150 nm off Acapulco", latitude: 14.49193, longitude: -100.96880, fir: "MMFR", kind: .eez, state: "MEX",
              source: "16.77N 99.88W, azimuth 205°, 150 nm; nearest GSHHG-full coast 151.02 nm (Mexico)"),
        Place(name: "Guerrero, 250 nm off Acapulco", latitude: 12.97017, longitude: -101.68218, fir: "MMFR", kind: .highSeas, state: nil,
              source: "16.77N 99.88W, azimuth 205°, 250 nm; nearest GSHHG-full coast 250.95 nm"),
        Place(name: "Oaxaca, 50 nm off Puerto Ángel", latitude: 14.81313, longitude: -96.49, fir: "MMFR", kind: .eez, state: "MEX",
              source: "15.65N 96.49W, azimuth 180°, 50 nm; nearest GSHHG-full coast 49.38 nm (Mexico)"),
        Place(name: "Oaxaca, 150 nm off Puerto Ángel", latitude: 13.13922, longitude: -96.49, fir: "MMFR", kind: .eez, state: "MEX",
              source: "15.65N 96.49W, azimuth 180°, 150 nm; nearest GSHHG-full coast 149.38 nm (Mexico)"),
        Place(name: "Oaxaca, 250 nm off Puerto Ángel", latitude: 11.46510, longitude: -96.49, fir: "MHTG", kind: .highSeas, state: nil,
              source: "15.65N 96.49W, azimuth 180°, 250 nm; nearest GSHHG-full coast 249.38 nm; south of Mexico's FIR limit, in CENAMER's oceanic part"),
        Place(name: "Guatemala, 50 nm off Puerto San José", latitude: 13.16117, longitude: -91.18096, fir: "MHTG", kind: .eez, state: "GTM",
              source: "13.92N 90.82W, azimuth 205°, 50 nm; nearest GSHHG-full coast 45.37 nm (Guatemala)"),
        Place(name: "Guatemala, 150 nm off Puerto San José", latitude: 11.64190, longitude: -91.89638, fir: "MHTG", kind: .eez, state: "GTM",
              source: "13.92N 90.82W, azimuth 205°, 150 nm; nearest GSHHG-full coast 142.09 nm (Guatemala)"),
        Place(name: "Guatemala, 250 nm off Puerto San José", latitude: 10.12071, longitude: -92.60407, fir: "MHTG", kind: .highSeas, state: nil,
              source: "13.92N 90.82W, azimuth 205°, 250 nm; nearest GSHHG-full coast 241.06 nm"),
    ]

    @Test(arguments: inland + offshore)
    func placeIsClassifiedRightAndCertain(_ place: Place) throws {
        let answer = try PositionClassifier(Self.geography).classify(Position(longitude: place.longitude, latitude: place.latitude))
        #expect(answer.fir?.id == place.fir, "\(place.name): \(place.source)")
        #expect(answer.firEither.isEmpty, "\(place.name): \(answer.firEither)")
        #expect(answer.surface?.kind == place.kind, "\(place.name): \(place.source)")
        #expect(answer.surface?.state == place.state, "\(place.name): \(place.source)")
        #expect(answer.surfaceEither.isEmpty, "\(place.name) is well clear of every line: \(answer.nearLines.map(\.text))")
        #expect(answer.insideCoverage)
    }

    /// The distances themselves: the tool's nearest other coast agrees with the GSHHG-full
    /// reference to better than the coastline's stated accuracy (the tool measures to GSHHG high).
    @Test(arguments: [(16.01130, -100.24564, 51.30), (13.13922, -96.49, 149.38), (11.64190, -91.89638, 142.09)])
    func offshoreDistancesAgreeWithTheFullResolutionCoast(latitude: Double, longitude: Double, expectedNM: Double) throws {
        let answer = try PositionClassifier(Self.geography).classify(Position(longitude: longitude, latitude: latitude))
        let got = try #require(answer.nearestOtherCoast?.distanceNauticalMiles)
        #expect(abs(got - expectedNM) * 1852 < Self.geography.coverage.coastlineAccuracyMeters, "\(got) nm vs \(expectedNM) nm")
    }

    /// Outside the covered region no zone is ever given (Washington: the White House, USGS GNIS;
    /// Madrid: Puerta del Sol; 45°N 30°W in the open Atlantic).
    @Test(arguments: [(38.8977, -77.0365), (40.4169, -3.7035), (45.0, -30.0)])
    func outsideTheCoveredRegionNoZone(latitude: Double, longitude: Double) throws {
        let answer = try PositionClassifier(Self.geography).classify(Position(longitude: longitude, latitude: latitude))
        #expect(answer.surface?.kind == .outsideCoverage)
        #expect(answer.surface?.state == nil)
        #expect(!answer.insideCoverage)
        #expect(answer.caveats.contains { $0.contains("125°W–40°W, 20°S–35°N") })
    }
}
