import CGEOS

/// The one Swift owner of a GEOS context handle (`GEOSContextHandle_t`).
///
/// GEOS reports errors through a callback on the context; this owner collects them and turns
/// them into ``GeometryError/geos(_:)``. A context costs about 100 ns to create: make one per
/// operation or per thread, never share one between threads (it is deliberately not `Sendable`).
final class GEOSContext {
    /// Messages GEOS reported since the last ``takeError()``.
    private final class MessageBox {
        var messages: [String] = []
    }

    let handle: GEOSContextHandle_t
    private let box = MessageBox()

    init() throws(GeometryError) {
        // returns NULL only when memory runs out
        guard let handle = GEOS_init_r() else { throw .geos("could not create a GEOS context") }
        self.handle = handle
        GEOSContext_setErrorMessageHandler_r(
            handle,
            { message, userdata in
                guard let message, let userdata else { return }
                let box = Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue()
                box.messages.append(String(cString: message))
            },
            Unmanaged.passUnretained(box).toOpaque())
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// The error GEOS last reported, cleared; a generic one when GEOS said nothing.
    func takeError(_ fallback: String = "GEOS operation failed") -> GeometryError {
        defer { box.messages.removeAll() }
        return .geos(box.messages.last ?? fallback)
    }

    /// Reads a GEOS predicate result: 1 true, 0 false, 2 exception.
    func predicate(_ result: CChar) throws(GeometryError) -> Bool {
        switch result {
        case 1: return true
        case 0: return false
        default: throw takeError()
        }
    }
}
