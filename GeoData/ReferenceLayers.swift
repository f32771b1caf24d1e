import Foundation

/// The reference layers shipped with the tool, as files inside the package's resource bundle.
///
/// Each layer is a GeoJSON FeatureCollection with its provenance (`.md`) beside it; the library
/// loads them from here, never from the working directory.
public enum ReferenceLayerFiles {
    /// The GeoJSON file of a Flight Information Region by ICAO id (e.g. `SVZM`), if shipped.
    public static func fir(_ icao: String) -> URL? {
        Bundle.module.url(forResource: icao, withExtension: "geojson", subdirectory: "fir")
    }

    /// Every FIR file shipped.
    public static var firs: [URL] {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("fir"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { $0.hasSuffix(".geojson") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
