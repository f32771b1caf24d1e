import Foundation
import GRDB

/// What a service says about the store as a whole: where and when its incidents are, and a
/// number that changes with every write.
public struct StoreExtent: Sendable, Equatable {
    /// The bounding box of every geometry (nil when none has one).
    public var boundingBox: Envelope?
    /// The earliest start and the latest end (or start) of the incidents with a time, as stored.
    public var firstTime: String?
    public var lastTime: String?
}

extension IncidentStore {
    /// The store's spatial and temporal extent (incidents not deleted), from the R-tree and the
    /// time index.
    public func extent() throws -> StoreExtent {
        try read { db in
            let box = try Row.fetchOne(db, sql: """
                SELECT min(minx), min(miny), max(maxx), max(maxy) FROM rtree_incidents_geom
                """)
            var envelope: Envelope?
            if let box, let w = box[0] as Double?, let s = box[1] as Double?, let e = box[2] as Double?, let n = box[3] as Double? {
                envelope = Envelope(minLongitude: w, minLatitude: s, maxLongitude: e, maxLatitude: n)
            }
            let first = try String.fetchOne(db, sql: "SELECT min(time_start) FROM incidents WHERE deleted_at IS NULL")
            let last = try String.fetchOne(db, sql: "SELECT max(coalesce(time_end, time_start)) FROM incidents WHERE deleted_at IS NULL")
            return StoreExtent(boundingBox: envelope, firstTime: first, lastTime: last)
        }
    }

    /// A number that grows with every change to the incidents (the newest history entry):
    /// a page compares it to know when to read them again.
    public func revision() throws -> Int64 {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM \(GeoPackageSchema.historyTable)") ?? 0
        }
    }
}
