import Foundation

/// A CSV of fixes (ADS-B, AIS: `time,lat,lon[,alt,id]`) as track incidents, one per id
/// (`id`, `icao24`, `hex`, `mmsi`, `callsign`, `track_id`; one track when there is none).
///
/// Each track's fixes are put in time order; consecutive repeats of a position are dropped;
/// its time runs from the first fix to the last; altitudes are kept. Its id is derived from
/// the source id, so importing the file again updates the same incidents. All fixes are held
/// in memory while they are grouped (about 40 bytes each).
public enum TrackCSVImport {
    /// The track incidents of a file, or the tracks that cannot be one (fewer than two distinct
    /// positions) as rejections.
    public static func incidents(path: String, kind: IncidentKind, now: Date) throws -> (incidents: [Incident], rejected: [IncidentImporter.Rejection]) {
        let reader = try CSVReader(path: path)
        guard let header = try reader.next()?.fields.map({ $0.lowercased().trimmingCharacters(in: .whitespaces) }) else {
            throw BatchError.emptyInput
        }
        func index(_ names: [String]) -> Int? { header.firstIndex(where: names.contains) }
        guard let lat = index(["lat", "latitude"]), let lon = index(["lon", "lng", "longitude"]) else {
            throw IncidentError.invalidField("header", "a track CSV needs lat and lon columns (and time), got: \(header.joined(separator: ",").clippedForMessage(120))")
        }
        let timeColumn = index(["time", "timestamp", "datetime", "date"])
        let altColumn = index(["alt", "altitude", "alt_m", "geoaltitude", "baroaltitude"])
        let idColumn = index(["id", "icao24", "hex", "mmsi", "callsign", "track_id"])
        var tracks: [String: [(line: Int, point: TrackPoint)]] = [:]
        var order: [String] = []
        while let record = try reader.next() {
            let f = record.fields
            let fix = try TrackInput.fix(f, lat: lat, lon: lon, alt: altColumn, time: timeColumn, headerCount: header.count,
                                         field: "line \(record.line)")
            let id = idColumn.map { $0 < f.count ? f[$0].trimmingCharacters(in: .whitespaces) : "" } ?? ""
            if tracks[id] == nil { order.append(id) }
            tracks[id, default: []].append((record.line, fix))
        }
        var incidents: [Incident] = [], rejected: [IncidentImporter.Rejection] = []
        let name = URL(fileURLWithPath: path).lastPathComponent
        for (n, id) in order.enumerated() {
            var fixes = tracks[id]!
            fixes.sort { ($0.point.time ?? .distantPast, $0.line) < ($1.point.time ?? .distantPast, $1.line) }
            var line: [Position] = []
            for fix in fixes where line.last != fix.point.position { line.append(fix.point.position) }
            guard Set(line.map { [$0.longitude, $0.latitude] }).count >= 2 else {
                rejected.append(.init(index: n, line: fixes.first?.line ?? 0, field: "track \(id.isEmpty ? name : id)",
                                      reason: "fewer than two distinct positions"))
                continue
            }
            let times = fixes.compactMap(\.point.time)
            let time = try times.first.map { first throws(IncidentError) in
                try IncidentTime(start: first, end: times.last == first ? nil : times.last)
            }
            incidents.append(Incident(
                id: IncidentFeature.derivedID(fromSourceID: "track:" + (id.isEmpty ? name : id)), kind: kind,
                geometry: .lineString(line), time: time, title: "Track " + (id.isEmpty ? name : id),
                description: "\(fixes.count) fixes imported from \(name)", tags: id.isEmpty ? [] : ["track:" + id],
                createdAt: now))
        }
        return (incidents, rejected)
    }
}
