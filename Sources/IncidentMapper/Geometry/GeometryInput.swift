import Foundation

/// Reading a geometry people give: a GeoJSON or WKT file, or the text itself.
public enum GeometryInput {
    /// A geometry from a file or inline text: GeoJSON (a geometry or a Feature) or WKT, checked
    /// as the store would (``Geometry/validateForStorage(field:)``).
    /// - Throws: ``BatchError/cannotRead(_:)`` when it names a file that is not there,
    ///   ``IncidentError`` naming `field` when it is not a valid geometry.
    public static func read(fileOrText: String, field: String) throws -> Geometry {
        var text = fileOrText
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: fileOrText, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw BatchError.cannotRead(fileOrText) }
            guard let data = FileManager.default.contents(atPath: fileOrText) else { throw BatchError.cannotRead(fileOrText) }
            guard let decoded = String(validating: Array(data), as: UTF8.self) else {
                throw IncidentError.invalidField(field, "\(fileOrText) is not UTF-8 text")
            }
            text = decoded
        } else if looksLikePath(fileOrText) {
            throw BatchError.cannotRead(fileOrText)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let geometry: Geometry
        do {
            if trimmed.hasPrefix("{") {
                switch try GeoJSONReader.read(Data(trimmed.utf8)) {
                case .geometry(let g): geometry = g
                case .feature(let f):
                    guard let g = f.geometry else { throw IncidentError.invalidField(field, "the Feature has no geometry") }
                    geometry = g
                case .featureCollection:
                    throw IncidentError.invalidField(field, "give one geometry or Feature, not a FeatureCollection (use 'incidents import')")
                }
            } else {
                geometry = try Geometry(wkt: trimmed)
            }
        } catch let error as GeoJSONError {
            throw IncidentError.invalidField(field, error.description)
        } catch let error as GeometryError {
            throw IncidentError.invalidField(field, "not GeoJSON or WKT: \(error.description)")
        }
        try geometry.validateForStorage(field: field)
        return geometry
    }

    /// Text with no brackets or braces that names a file (`zone.geojson`, `tracks/a.wkt`) is a path, not WKT.
    private static func looksLikePath(_ text: String) -> Bool {
        guard !text.contains("("), !text.contains("{") else { return false }
        let lower = text.lowercased()
        return text.contains("/") || lower.hasSuffix(".geojson") || lower.hasSuffix(".json") || lower.hasSuffix(".wkt")
    }
}

extension Geometry {
    /// Checks what the store requires of a geometry: not empty, every position finite and within
    /// WGS84 ranges (longitude ±180, latitude ±90), and valid in the OGC sense (GEOS).
    /// - Throws: ``IncidentError/invalidField(_:_:)`` naming `field` and the problem.
    public func validateForStorage(field: String = "geometry") throws(IncidentError) {
        guard !isEmpty else { throw .invalidField(field, "the geometry is empty") }
        if let bad = positions.first(where: { !$0.isInWGS84Range || !($0.altitude?.isFinite ?? true) }) {
            throw .invalidField(field, "position (\(bad.longitude), \(bad.latitude)) is outside WGS84 longitude/latitude range")
        }
        let validity: GeometryValidity
        do { validity = try self.validity() } catch { throw .invalidField(field, "GEOS cannot read it: \(error.description)") }
        if case .invalid(let reason) = validity { throw .invalidField(field, "invalid geometry: \(reason)") }
    }
}
