/// Why an import stopped before looking at features one by one.
public enum ImportError: Error, Equatable, CustomStringConvertible {
    /// The file is not GeoJSON (or CSV) as far as its structure goes: where and why.
    case malformedInput(String)

    public var description: String {
        switch self {
        case .malformedInput(let message): message
        }
    }
}
