/// Invalid incident data: which field, and what is wrong with it.
public enum IncidentError: Error, Equatable, CustomStringConvertible {
    /// `field`: what is wrong (e.g. `time: "yesterday" is not an ISO 8601 date or time`).
    case invalidField(String, String)

    public var description: String {
        switch self {
        case .invalidField(let field, let problem): "\(field): \(problem)"
        }
    }

    /// What is wrong, without the field's name.
    public var problem: String {
        switch self {
        case .invalidField(_, let problem): problem
        }
    }

    /// The field the error is about.
    public var field: String {
        switch self {
        case .invalidField(let field, _): field
        }
    }
}
