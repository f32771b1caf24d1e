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
    public static var firs: [URL] { files(in: "fir", withExtension: "geojson") }

    /// The land layer (one feature per state), if shipped.
    public static var land: URL? {
        Bundle.module.url(forResource: "land", withExtension: "geojson", subdirectory: "land")
    }

    /// The derived maritime zones layer (for display and export), if shipped.
    public static var maritime: URL? {
        Bundle.module.url(forResource: "maritime", withExtension: "geojson", subdirectory: "maritime")
    }

    /// Internal waters (Lake Maracaibo and Tablazo Bay), if shipped.
    public static var internalWaters: URL? {
        Bundle.module.url(forResource: "internal_waters", withExtension: "geojson", subdirectory: "maritime")
    }

    /// The provenance notes (`.md`) of a layer folder (`fir`, `land`, `maritime`).
    public static func provenance(_ folder: String) -> [URL] { files(in: folder, withExtension: "md") }

    private static func files(in folder: String, withExtension ext: String) -> [URL] {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent(folder),
              let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { url.appendingPathComponent($0) }
    }
}
