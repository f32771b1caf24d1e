/// What can go wrong in the geometry layer; GEOS's own message is kept word for word.
public enum GeometryError: Error, Equatable, CustomStringConvertible {
    /// GEOS reported an error (its message, e.g. `ParseException: Expected word but encountered end of stream`).
    case geos(String)
    /// The geometry cannot be built as given (e.g. a ring with fewer than four positions).
    case invalidInput(String)
    /// GEOS returned a geometry type this layer does not model (e.g. a LinearRing on its own).
    case unsupportedType(Int32)

    public var description: String {
        switch self {
        case .geos(let message): "GEOS: \(message)"
        case .invalidInput(let message): message
        case .unsupportedType(let id): "unsupported GEOS geometry type \(id)"
        }
    }
}
