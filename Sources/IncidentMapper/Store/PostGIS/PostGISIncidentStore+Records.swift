import Foundation

extension PostGISIncidentStore {
    public func forEachRecord(matching filter: IncidentFilter, _ body: (StoredRecord) throws -> Void) throws {
        let query = PostGISQuery(filter)
        try readTransaction { connection in
            try Self.forEachBatch(query.sql(select: PostGISRows.selectList, ordered: false) + " ORDER BY fid", query.parameters,
                                  batchSize: 512, connection) { rows in
                let deletedColumn = rows.columnCount - 1
                for (row, incident) in try PostGISRows.incidents(rows, connection).enumerated() {
                    let deletedAt = try rows.string(row, deletedColumn).map { try Timestamp.parse($0, field: "deleted_at") }
                    try body(StoredRecord(incident: incident, deletedAt: deletedAt, history: Self.historyEntries(of: incident.id, connection)))
                }
            }
        }
    }

    /// A new GeoPackage with the records matching `filter`, their history and the named
    /// reference layers, written beside `path` and moved there once complete.
    public func exportGeoPackage(to path: String, matching filter: IncidentFilter = IncidentFilter(),
                                 referenceLayers: [String] = []) throws -> Int {
        let temporary = path + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let copy = try IncidentStore(path: temporary)
            var count = 0
            try copy.write { writer in
                try forEachRecord(matching: filter) { record in
                    try writer.insertRecord(record)
                    count += 1
                }
            }
            try copy.addReferenceLayers(referenceLayers)
            try copy.close()
            guard rename(temporary, path) == 0 else { throw StoreError.database("cannot move the copy to \(path)") }
            return count
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}
