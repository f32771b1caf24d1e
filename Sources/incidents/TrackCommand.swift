import ArgumentParser
import Foundation
import IncidentMapper

struct TrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Where a track entered and left each FIR and maritime zone, and its closest approach.",
        discussion: """
            The track is a CSV of time,lat,lon[,alt] fixes (ADS-B or AIS style; a header
            line names the columns), a GeoJSON LineString (or Feature), or the id of a
            logged incident with a track. Legs are geodesics between fixes; crossings
            are located by bisection along them, and their times interpolated by
            distance between the fixes' times.

            Examples:
              incidents track flight.csv
              incidents track 6f1c0a4e-... --json
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("A CSV or GeoJSON file, or an incident id.", valueName: "file-or-id"))
    var source: String

    @Flag(help: "Print a JSON object.")
    var json = false

    func run() throws {
        try reportingErrors {
            let track = try TrackInput.read(source, store: storeOptions)
            guard track.count >= 2 else { throw InputError(field: "track", message: "needs at least two fixes") }
            let classifier = try PositionClassifier(ReferenceGeography.load())
            let report = try classifier.analyze(track: track)
            if json {
                print(JSONWriter(pretty: true).string(TrackOutput.json(report)))
            } else {
                print(TrackOutput.text(report))
            }
        }
    }
}

/// Reading tracks from CSV, GeoJSON or the store.
enum TrackInput {
    static func read(_ source: String, store: StoreOptions) throws -> [TrackPoint] {
        if let id = UUID(uuidString: source) {
            guard let incident = try store.openExisting().incident(id: id) else { throw StoreError.notFound(source) }
            guard case .lineString(let positions) = incident.geometry else {
                throw InputError(field: "id", message: "incident \(source) has no track (LineString) geometry")
            }
            return timed(positions, start: incident.time?.start, end: incident.time?.end)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw MissingFile(path: source, reason: "no such file (nor an incident id)")
        }
        let text = try String(contentsOfFile: source, encoding: .utf8)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") {
            let geometry = try Input.geometry(source, field: "track")
            guard case .lineString(let positions) = geometry else {
                throw InputError(field: "track", message: "the GeoJSON geometry is a \(geometry.typeName), not a LineString")
            }
            return positions.map { TrackPoint(position: $0) }
        }
        return try csv(text)
    }

    /// Fixes from CSV: a header naming time, lat and lon (alt optional), one fix per line.
    static func csv(_ text: String) throws -> [TrackPoint] {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }.makeIterator()
        guard let header = lines.next().flatMap({ CSVRow.fields(Substring($0)) })?.map({ $0.lowercased().trimmingCharacters(in: .whitespaces) })
        else { throw InputError(field: "track", message: "the CSV is empty") }
        func index(_ names: [String]) -> Int? { header.firstIndex(where: names.contains) }
        guard let lat = index(["lat", "latitude"]), let lon = index(["lon", "lng", "longitude"]) else {
            throw InputError(field: "track", message: "the CSV header needs lat and lon columns (and time), got: \(header.joined(separator: ","))")
        }
        let timeColumn = index(["time", "timestamp", "datetime", "date"])
        let altColumn = index(["alt", "altitude"])
        var points: [TrackPoint] = []
        var line = 1
        while let row = lines.next() {
            line += 1
            guard let f = CSVRow.fields(Substring(row)), f.count > max(lat, lon) else {
                throw InputError(field: "track line \(line)", message: "too few columns")
            }
            let c: Coordinate
            do { c = try CoordinateParser.parse(f[lat] + ", " + f[lon]) } catch {
                throw InputError(field: "track line \(line)", message: error.description)
            }
            var p = c.position
            if let altColumn, altColumn < f.count, let alt = Double(f[altColumn]) { p.altitude = alt }
            let time = try timeColumn.flatMap { $0 < f.count && !f[$0].isEmpty ? f[$0] : nil }
                .map { try Input.time($0, field: "track line \(line) time") }
            if let time, let previous = points.last?.time, time < previous {
                throw InputError(field: "track line \(line) time", message: "goes back in time")
            }
            points.append(TrackPoint(position: p, time: time))
        }
        return points
    }

    /// Times for a logged track: start and end spread along it by distance.
    static func timed(_ positions: [Position], start: Date?, end: Date?) -> [TrackPoint] {
        guard let start, let end, positions.count > 1 else { return positions.map { TrackPoint(position: $0, time: start) } }
        var lengths = [0.0]
        for (a, b) in zip(positions, positions.dropFirst()) { lengths.append(lengths.last! + Geodesic.wgs84.distanceMeters(from: a, to: b)) }
        let total = max(lengths.last!, 1e-9)
        return zip(positions, lengths).map { p, s in
            TrackPoint(position: p, time: start.addingTimeInterval(end.timeIntervalSince(start) * s / total))
        }
    }
}

/// Printing a track report.
enum TrackOutput {
    static func text(_ r: TrackReport) -> String {
        var lines = [String(format: "track length %.2f nm", r.lengthMeters / 1852)]
        for c in r.crossings {
            let when = c.time.map { Timestamp.format($0) } ?? "-"
            lines.append("\(when)  \(c.direction.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)) "
                         + "\(c.layer.rawValue) \(c.area)  at \(Format.fixed(c.position.latitude, 5)) \(Format.fixed(c.position.longitude, 5))"
                         + String(format: "  (%.2f nm along)", c.distanceAlongMeters / 1852))
        }
        for s in r.stays {
            let duration = s.seconds.map { String(format: ", %.0f min", $0 / 60) } ?? ""
            lines.append("inside \(s.layer.rawValue) \(s.area): " + String(format: "%.2f nm", s.meters / 1852) + duration)
        }
        if let c = r.closestApproach {
            lines.append(String(format: "closest approach to Venezuela's coast: %.2f nm (%.2f km) at %@ %@%@",
                                c.coast.distanceNauticalMiles, c.coast.distanceMeters / 1000,
                                Format.fixed(c.position.latitude, 5), Format.fixed(c.position.longitude, 5),
                                c.time.map { " at " + Timestamp.format($0) } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ r: TrackReport) -> JSONValue {
        func time(_ t: Date?) -> JSONValue { t.map { .string(Timestamp.format($0)) } ?? .null }
        return .object([
            "length_nm": .number(r.lengthMeters / 1852),
            "crossings": .array(r.crossings.map { c in
                .object(["direction": .string(c.direction.rawValue), "layer": .string(c.layer.rawValue),
                         "area": .string(c.area), "lat": .number(c.position.latitude), "lon": .number(c.position.longitude),
                         "time": time(c.time), "distance_along_nm": .number(c.distanceAlongMeters / 1852)])
            }),
            "stays": .array(r.stays.map { s in
                .object(["layer": .string(s.layer.rawValue), "area": .string(s.area),
                         "distance_nm": .number(s.meters / 1852), "seconds": s.seconds.map(JSONValue.number) ?? .null])
            }),
            "closest_approach": r.closestApproach.map { c in
                .object(["lat": .number(c.position.latitude), "lon": .number(c.position.longitude), "time": time(c.time),
                         "venezuela_coast": PositionClassification.coastJSON(c.coast)])
            } ?? .null,
        ])
    }
}
