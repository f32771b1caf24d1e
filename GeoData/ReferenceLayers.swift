import Foundation

/// Where the reference layers shipped with the tool are: the package's resource bundle, which
/// holds `fir/`, `land/`, `maritime/`, `caveats/` and `coverage.json` as they are in `GeoData/`.
/// The library reads them from here (never from the working directory), unless told to read
/// another folder of the same shape.
public enum ReferenceLayerFiles {
    /// The folder holding the shipped layers, or nil when the bundle is missing.
    public static var directory: URL? {
        Bundle.module.resourceURL
    }
}
