import Foundation

/// Reading a track: a CSV of fixes (ADS-B, AIS), a GeoJSON LineString, or a logged incident.
public enum TrackInput {
    /// The fixes in a file: GeoJSON (a LineString, or a Feature holding one) when it starts with
    /// `{`, else CSV with a header naming `lat` and `lon` (and `time`, `alt` when known).
    /// - Throws: ``BatchError/cannotRead(_:)`` for a missing file, ``IncidentError`` naming the
    ///   line or field for bad content, ``CSVError`` for a malformed CSV record.
    public static func read(path: String) throws -> [TrackPoint] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw BatchError.cannotRead(path)
        }
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let head = (try handle.read(upToCount: 4096)) ?? Data()
        try handle.close()
        if String(decoding: head, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") {
            let geometry = try GeometryInput.read(fileOrText: path, field: "track")
            guard case .lineString(let positions) = geometry else {
                throw IncidentError.invalidField("track", "the GeoJSON geometry is a \(geometry.typeName), not a LineString")
            }
            return positions.map { TrackPoint(position: $0) }
        }
        return try csv(CSVReader(path: path))
    }

    /// Fixes from CSV: a header naming lat and lon (time and alt optional), one fix per record.
    public static func csv(_ reader: CSVReader) throws -> [TrackPoint] {
        guard let header = try reader.next()?.fields.map({ $0.lowercased().trimmingCharacters(in: .whitespaces) }) else {
            throw IncidentError.invalidField("track", "the CSV is empty")
        }
        func index(_ names: [String]) -> Int? { header.firstIndex(where: names.contains) }
        guard let lat = index(["lat", "latitude"]), let lon = index(["lon", "lng", "longitude"]) else {
            throw IncidentError.invalidField("track", "the CSV header needs lat and lon columns (and time), got: \(header.joined(separator: ",").clippedForMessage(120))")
        }
        let timeColumn = index(["time", "timestamp", "datetime", "date"])
        let altColumn = index(["alt", "altitude"])
        var points: [TrackPoint] = []
        while let record = try reader.next() {
            let field = "track line \(record.line)"
            let fix = try Self.fix(record.fields, lat: lat, lon: lon, alt: altColumn, time: timeColumn,
                                   headerCount: header.count, field: field)
            if let time = fix.time, let previous = points.last?.time, time < previous {
                throw IncidentError.invalidField(field + " time", "goes back in time")
            }
            points.append(fix)
        }
        return points
    }

    /// One CSV record as a fix: the position in any notation ``CoordinateParser`` reads, an
    /// altitude in metres and a time when their columns are given and filled.
    /// - Throws: ``IncidentError`` naming `field` (the line) and what is wrong.
    static func fix(_ f: [String], lat: Int, lon: Int, alt: Int?, time: Int?, headerCount: Int,
                    field: String) throws(IncidentError) -> TrackPoint {
        guard f.count == headerCount else { throw .invalidField(field, "has \(f.count) fields, the header has \(headerCount)") }
        var p: Position
        do { p = try CoordinateParser.parse(f[lat] + ", " + f[lon]).position } catch {
            throw .invalidField(field, error.description)
        }
        if let alt, alt < f.count, !f[alt].isEmpty {
            guard let value = Double(f[alt]), value.isFinite, abs(value) < 1e6 else {
                throw .invalidField(field + " alt", "\"\(f[alt])\" is not an altitude in metres")
            }
            p.altitude = value
        }
        let when = try time.flatMap { $0 < f.count && !f[$0].isEmpty ? f[$0] : nil }
            .map { text throws(IncidentError) in try Timestamp.parse(text, field: field + " time") }
        return TrackPoint(position: p, time: when)
    }

    /// The fixes of a logged track, its start and end times spread along it by distance.
    /// - Throws: ``IncidentError`` when the incident has no LineString geometry.
    public static func track(of incident: Incident) throws(IncidentError) -> [TrackPoint] {
        guard case .lineString(let positions) = incident.geometry else {
            throw .invalidField("id", "incident \(incident.id.lowercasedText) has no track (LineString) geometry")
        }
        guard let start = incident.time?.start, let end = incident.time?.end, positions.count > 1 else {
            return positions.map { TrackPoint(position: $0, time: incident.time?.start) }
        }
        var lengths = [0.0]
        for (a, b) in zip(positions, positions.dropFirst()) { lengths.append(lengths.last! + Geodesic.wgs84.distanceMeters(from: a, to: b)) }
        let total = max(lengths.last!, 1e-9)
        return zip(positions, lengths).map { p, s in
            TrackPoint(position: p, time: start.addingTimeInterval(end.timeIntervalSince(start) * s / total))
        }
    }
}
