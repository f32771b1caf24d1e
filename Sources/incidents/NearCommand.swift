import ArgumentParser
import Foundation
import IncidentMapper

struct NearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "near",
        abstract: "Incidents within a geodesic distance of a position or of a stored point incident, nearest first.",
        discussion: """
            Distances are geodesic on WGS84, to the nearest part of each incident: a track
            whose middle passes close is found even when its ends are far; a zone holding
            the position is at 0. Works across the antimeridian and near the poles. The
            filters of 'list' apply. --within takes nm (default), km or m: 50nm, 92.6km.

            With --input, answers every position of a CSV file (lat/lon columns, any
            notation 'parse' reads; an id or name column labels each query) or of a
            GeoJSON file of points, writing CSV rows query,id,distance_nm.

            Examples:
              incidents near "10.6 -62.3" --within 50nm --since 2025-10-01 --until 2025-10-31
              incidents near 3f2c9c1e-... --within 20nm --kind vessel-strike --json
              incidents near --input ports.csv --within 25nm -o near.csv
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var filterOptions: FilterOptions
    @OptionGroup var coordinate: CoordinateArgument

    @Option(help: ArgumentHelp("How far: a number of nm, or with a unit (nm, km, m).", valueName: "distance"))
    var within: String = "50nm"

    @Option(help: "At most this many incidents (per query).")
    var limit: Int?

    @Flag(help: "Print a JSON array of Features, each with a distance_nm property.")
    var json = false

    @Option(help: ArgumentHelp("Answer every position of this CSV or GeoJSON file ('-': standard input, CSV).", valueName: "file"))
    var input: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Where --input writes its rows (default: standard output).", valueName: "file"))
    var output: String?

    var radiusMeters: Double? { DistanceUnit.meters(parsing: within) }

    func validate() throws {
        guard radiusMeters != nil else {
            throw ValidationError("--within must be a distance from 0 to half the Earth's circumference, e.g. 50nm, 92.6km or 500m.")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        if input == nil && coordinate.isMissing { throw ValidationError("Give a position or a stored incident's id, or --input FILE.") }
        if input != nil && !coordinate.isMissing { throw ValidationError("Give a position or --input, not both.") }
        if input == nil && output != nil { throw ValidationError("-o goes with --input.") }
        if input != nil && json { throw ValidationError("--input writes CSV rows; --json is for one query.") }
    }

    func run() throws {
        try reportingErrors {
            let radius = radiusMeters!
            let filter = try filterOptions.filter()
            let store = try storeOptions.openExisting()
            if let input {
                let queries = try ProximityBatch.readQueries(path: input)
                let progress = Progress(totalBytes: nil, unit: "queries")
                let summary = try ProximityBatch.run(queries, storePath: storeOptions.path, withinMeters: radius, filter: filter,
                                                     limit: limit, to: BatchOutput(path: output),
                                                     progress: { progress.update($0, total: queries.count) })
                progress.finish(summary.queries)
                return
            }
            let center: Position
            if let id = UUID(uuidString: coordinate.text.trimmingCharacters(in: .whitespaces)) {
                guard let incident = try store.incident(id: id) else { throw StoreError.notFound(id.lowercasedText) }
                guard case .point(let p) = incident.geometry else {
                    throw InputError(field: "id", message: "incident \(id.lowercasedText) is not a single point; give a coordinate instead")
                }
                center = p
            } else {
                center = try Input.coordinate(coordinate.text, field: "coordinate").position
            }
            let found = try store.incidents(near: center, withinMeters: radius, matching: filter, limit: limit)
            if json {
                let features: [JSONValue] = try found.map { hit in
                    try IncidentExporter.featureValue(hit.incident, distanceMeters: hit.distanceMeters)
                }
                print(JSONWriter(pretty: true).string(.array(features)))
            } else {
                for hit in found {
                    print(DecimalFormat.fixed(hit.distanceMeters / 1852, 3) + " nm  " + IncidentText.line(hit.incident, currentLayersVersion: nil))
                }
                if found.isEmpty { printError("no incident within \(within) of \(Format.degrees(center.latitude)) \(Format.degrees(center.longitude))") }
            }
        }
    }
}
