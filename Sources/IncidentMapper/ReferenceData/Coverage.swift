import Foundation

/// What the reference layers cover and how well their lines are known (`GeoData/coverage.json`).
///
/// Answers about the surface (land, zones) are given only inside ``theatre``; the land layer
/// reaches further (``landFrame``) so that every coast within 200 nm of the theatre is known.
public struct Coverage: Hashable, Sendable {
    /// A box in degrees, west/east longitudes and south/north latitudes.
    public struct Box: Hashable, Sendable {
        public var west: Double, east: Double, south: Double, north: Double

        public init(west: Double, east: Double, south: Double, north: Double) {
            self.west = west; self.east = east; self.south = south; self.north = north
        }

        /// True when the position lies in the box or on its edge.
        public func contains(_ p: Position) -> Bool {
            p.longitude >= west && p.longitude <= east && p.latitude >= south && p.latitude <= north
        }

        /// The box as it is usually written, e.g. `125°W–40°W, 20°S–35°N`.
        public var text: String {
            func lon(_ v: Double) -> String { "\(Self.number(abs(v)))°\(v < 0 ? "W" : "E")" }
            func lat(_ v: Double) -> String { "\(Self.number(abs(v)))°\(v < 0 ? "S" : "N")" }
            return "\(lon(west))–\(lon(east)), \(lat(south))–\(lat(north))"
        }

        private static func number(_ v: Double) -> String {
            v == v.rounded() ? String(Int(v)) : String(v)
        }
    }

    /// Where the tool answers which zone a position is in.
    public var theatre: Box
    /// The theatre in words.
    public var theatreName: String
    /// Where the land layer stops (its edges are cuts, not coast).
    public var landFrame: Box
    /// How far the coastline may be from the real one, metres.
    public var coastlineAccuracyMeters: Double
    /// How far a land border may be from the real one, metres.
    public var landBorderAccuracyMeters: Double

    public init(theatre: Box, theatreName: String, landFrame: Box,
                coastlineAccuracyMeters: Double, landBorderAccuracyMeters: Double) {
        self.theatre = theatre
        self.theatreName = theatreName
        self.landFrame = landFrame
        self.coastlineAccuracyMeters = coastlineAccuracyMeters
        self.landBorderAccuracyMeters = landBorderAccuracyMeters
    }

    /// Reads `coverage.json`.
    /// - Throws: ``ReferenceDataError/malformedLayer(_:_:)`` when a field is missing.
    public static func read(from url: URL) throws -> Coverage {
        try Coverage(json: JSONParser().parse(try Data(contentsOf: url)))
    }

    /// Reads the object of `coverage.json`: `theatre` and `land_frame` boxes (west, east,
    /// south, north; the theatre may have a `name`) and `accuracy_m` (`coastline`, `land_border`).
    /// - Throws: ``ReferenceDataError/malformedLayer(_:_:)`` when a box is missing or empty.
    public init(json: JSONValue) throws {
        func box(_ key: String) throws -> Box {
            guard let o = json[key], let w = o["west"]?.doubleValue, let e = o["east"]?.doubleValue,
                  let s = o["south"]?.doubleValue, let n = o["north"]?.doubleValue, w < e, s < n else {
                throw ReferenceDataError.malformedLayer("coverage.json", "\(key) needs west < east and south < north")
            }
            return Box(west: w, east: e, south: s, north: n)
        }
        let theatre = try box("theatre")
        let accuracy = json["accuracy_m"]
        self.init(theatre: theatre, theatreName: json["theatre"]?["name"]?.stringValue ?? theatre.text,
                  landFrame: try box("land_frame"),
                  coastlineAccuracyMeters: accuracy?["coastline"]?.doubleValue ?? 500,
                  landBorderAccuracyMeters: accuracy?["land_border"]?.doubleValue ?? 2000)
    }

    /// The coverage in the shape of `coverage.json` (what ``init(json:)`` reads).
    public var jsonValue: JSONValue {
        func box(_ b: Box) -> JSONObject {
            ["west": .number(b.west), "east": .number(b.east), "south": .number(b.south), "north": .number(b.north)]
        }
        var theatreObject = box(theatre)
        theatreObject["name"] = .string(theatreName)
        return .object(["theatre": .object(theatreObject), "land_frame": .object(box(landFrame)),
                        "accuracy_m": .object(["coastline": .number(coastlineAccuracyMeters),
                                               "land_border": .number(landBorderAccuracyMeters)])])
    }
}
