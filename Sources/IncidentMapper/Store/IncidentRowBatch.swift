import Foundation
import GRDB
import GRDBSQLite

/// Rows of the incidents table, with their context parts, as read for an export. From the
/// GeoPackage store they are copied out of SQLite as bytes (``RawRows``) so that they can be
/// turned into text on every core while the next batch is read; from PostGIS they come
/// decoded. ``incident(at:)`` gives either as an ``Incident``.
public struct IncidentRowBatch: Sendable {
    /// Rows as SQLite gave them.
    struct Raw: Sendable {
        /// The incident rows (`SELECT *` of the incidents table).
        let rows: RawRows
        /// Where each column is in ``rows``.
        let columns: IncidentRow.Columns
        /// Context parts (layer, value, state, share), in the order of their rows.
        let parts: RawRows
        /// The parts of each row: a range of ``parts``.
        let partRanges: [Range<Int>]

        /// The context parts of row `row` (those of a layer this version does not know left out,
        /// as ``IncidentRow/readParts(fid:_:)`` does).
        func parts(of row: Int) -> [IncidentContext.Part] {
            partRanges[row].compactMap { i -> IncidentContext.Part? in
                guard let layer = parts.string(parts[i, 0]).flatMap(IncidentContext.Part.Layer.init(rawValue:)),
                      let value = parts.string(parts[i, 1]) else { return nil }
                let share: Double = switch parts[i, 3] {
                case .real(let x): x
                case .integer(let n): Double(n)
                default: 0
                }
                return IncidentContext.Part(layer: layer, value: value, state: parts.string(parts[i, 2]), share: share)
            }
        }
    }

    /// The rows as stored, when the store gave bytes.
    let raw: Raw?
    /// The incidents, when the store gave them decoded.
    private let decoded: [Incident]

    init(rows: RawRows, columns: IncidentRow.Columns, parts: RawRows, partRanges: [Range<Int>]) {
        raw = Raw(rows: rows, columns: columns, parts: parts, partRanges: partRanges)
        decoded = []
    }

    init(incidents: [Incident]) {
        raw = nil
        decoded = incidents
    }

    /// How many incidents.
    public var count: Int { raw?.rows.count ?? decoded.count }

    /// The incident in row `row`, decoded as ``IncidentStore/incidents(matching:)`` decodes it.
    /// - Throws: ``StoreError`` when the stored values do not make an incident.
    public func incident(at row: Int) throws -> Incident {
        guard let raw else { return decoded[row] }
        let parts = raw.parts(of: row)
        let values = raw.rows.row(row)
        let columns = try IncidentRow.Columns(Array(values.columnNames))
        return try IncidentRow.incident(from: values, columns: columns,
                                        parts: IncidentRow.hasContext(values, columns) ? parts : [])
    }
}

extension IncidentStore {
    /// Calls `body` with the rows matching `filter`, `batchSize` at a time, all from one
    /// consistent snapshot of the store (memory stays flat however many there are); with
    /// `limit`, at most that many rows after skipping the first `offset` (a page).
    public func forEachRowBatch(matching filter: IncidentFilter = IncidentFilter(), order: RowOrder,
                                batchSize: Int = 1_024, limit: Int? = nil, offset: Int = 0,
                                _ body: (IncidentRowBatch) throws -> Void) throws {
        // The columns an incident is made of, not the store's bookkeeping (fewer to copy).
        var (sql, arguments) = Self.query(filter, select: "fid, " + IncidentRow.columns, ordered: order == .listing)
        if order == .storage { sql += " ORDER BY fid" }
        if limit != nil || offset > 0 {
            sql += " LIMIT ? OFFSET ?"
            arguments += [limit ?? -1, max(0, offset)]
        }
        try read { db in
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments(arguments)
            let names = statement.columnNames
            let columns = try IncidentRow.Columns(names)
            let partsStatement = try db.cachedStatement(sql: """
                SELECT layer, value, state, share FROM \(GeoPackageSchema.contextPartsTable) WHERE fid = ? ORDER BY id
                """)
            let handle = statement.sqliteStatement
            var done = false
            while !done {
                var rows = RawRows(columnNames: names, capacity: batchSize)
                var parts = RawRows(columnNames: ["layer", "value", "state", "share"])
                var partRanges: [Range<Int>] = []
                partRanges.reserveCapacity(batchSize)
                while rows.count < batchSize {
                    let code = sqlite3_step(handle)
                    if code == SQLITE_DONE { done = true; break }
                    guard code == SQLITE_ROW else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
                    }
                    rows.appendRow(of: handle)
                    let first = parts.count
                    // Parts are read only for a row with a context, as IncidentRow.hasContext says.
                    let row = rows.count - 1
                    let hasContext = rows.string(rows[row, columns.surfaceKind]).flatMap(SurfaceKind.init(rawValue:)) != nil
                    if hasContext, case .integer(let fid) = rows[row, columns.fid] {
                        try partsStatement.setArguments([fid])
                        let partsHandle = partsStatement.sqliteStatement
                        while true {
                            let code = sqlite3_step(partsHandle)
                            if code == SQLITE_DONE { break }
                            guard code == SQLITE_ROW else {
                                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                            }
                            parts.appendRow(of: partsHandle)
                        }
                        sqlite3_reset(partsHandle)
                    }
                    partRanges.append(first..<parts.count)
                }
                if rows.count > 0 {
                    try body(IncidentRowBatch(rows: rows, columns: columns, parts: parts, partRanges: partRanges))
                }
            }
            sqlite3_reset(handle)
        }
    }
}
