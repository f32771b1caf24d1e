import Foundation

/// Where a PostgreSQL store is: a `postgresql://` (or `postgres://`) URL as libpq reads it,
/// plus the tool's own pool settings, which are taken out of the URL before libpq sees it
/// (libpq refuses parameters it does not know):
///
/// - `pool_size=N`: connections each process keeps (default 4, 1–64);
/// - `pool_wait=S`: seconds a request waits for a free connection before it fails (default 30).
///
/// Everything else (`sslmode`, `sslrootcert`, `connect_timeout`, `application_name`, a
/// password in the URL or in `~/.pgpass`, `PGPASSWORD`, ...) is libpq's, as in psql and GDAL.
public struct PostgresLocation: Sendable, Equatable {
    /// The URL libpq connects with.
    public let conninfo: String
    /// The URL with any password replaced by `***` (for messages and logs).
    public let displayURL: String
    public let poolSize: Int
    public let poolWaitSeconds: Double

    /// True when `location` names a PostgreSQL database rather than a GeoPackage file.
    public static func isURL(_ location: String) -> Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// - Throws: ``StoreError/invalidRequest(_:)`` when a pool setting is not a number in range.
    public init(_ url: String) throws(StoreError) {
        var base = url, query = ""
        if let mark = url.firstIndex(of: "?") {
            base = String(url[..<mark])
            query = String(url[url.index(after: mark)...])
        }
        var kept: [String] = []
        var size = 4, wait = 30.0
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            switch pair.first {
            case "pool_size":
                guard pair.count == 2, let n = Int(pair[1]), (1...64).contains(n) else {
                    throw .invalidRequest("pool_size in the store URL must be a whole number from 1 to 64")
                }
                size = n
            case "pool_wait":
                guard pair.count == 2, let s = Double(pair[1]), s.isFinite, s >= 0, s <= 3600 else {
                    throw .invalidRequest("pool_wait in the store URL must be seconds from 0 to 3600")
                }
                wait = s
            default:
                kept.append(String(item))
            }
        }
        conninfo = base + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        poolSize = size
        poolWaitSeconds = wait
        displayURL = Self.redacted(url)
    }

    /// The URL with the password of `user:password@` replaced by `***`.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<scheme.upperBound]) + rest[..<colon] + ":***" + rest[at...]
    }
}
