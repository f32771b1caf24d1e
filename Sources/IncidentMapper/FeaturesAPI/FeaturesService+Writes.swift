import Foundation

/// Writes (OGC API - Features Part 4 style): `POST .../items` creates, `PUT .../items/{id}`
/// replaces, `PATCH` merges (JSON merge patch of a Feature), `DELETE` deletes softly. Each needs
/// a live bearer token; each goes through the same validation, context and history as the
/// CLI, one transaction, with the token's name in the history's reason.
extension FeaturesService {
    /// The name of the request's token.
    /// - Throws: 401 without a token, or with one that is not live.
    func authorize(_ request: APIRequest) throws -> String {
        guard let token = request.bearerToken, !token.isEmpty else {
            throw APIFailure(status: 401, detail: "this needs a token: send 'Authorization: Bearer TOKEN' (incidents token create --name NAME)")
        }
        guard let name = try pool.with({ try $0.tokenName(for: token) }) else {
            throw APIFailure(status: 401, detail: "the token is not valid (unknown or revoked)")
        }
        return name
    }

    /// The request's body as one GeoJSON Feature (as JSON).
    private func featureBody(_ request: APIRequest, patch: Bool = false) throws -> JSONValue {
        guard request.body.count <= configuration.maximumBodyBytes else {
            throw APIFailure(status: 413, detail: "the body is \(request.body.count) bytes; the largest accepted is \(configuration.maximumBodyBytes)")
        }
        let type = (request.contentType ?? "").lowercased()
        let accepted = patch ? ["application/merge-patch+json", "application/geo+json", "application/json"] : ["application/geo+json", "application/json"]
        guard accepted.contains(where: { type.hasPrefix($0) }) else {
            throw APIFailure(status: 415, detail: "the body must be \(accepted.joined(separator: " or ")), got '\(request.contentType ?? "none")'")
        }
        do {
            return try JSONParser().parse(request.body)
        } catch {
            throw APIFailure.badRequest("the body is not JSON: \(error.description)")
        }
    }

    /// A Feature's JSON as an incident (the rules of `import`), with `id` when given.
    private func incident(from value: JSONValue, id: UUID?) throws -> Incident {
        guard case .object(var object) = value, object["type"]?.stringValue == "Feature" else {
            throw APIFailure.badRequest("type: the body must be one GeoJSON Feature")
        }
        if let id {
            if let given = object["id"], given != .null, given.stringValue.flatMap(UUID.init(text:)) != id {
                throw APIFailure.badRequest("id: the body's id is not the id in the path (\(id.lowercasedText))")
            }
            object["id"] = .string(id.lowercasedText)
            if case .object(var properties)? = object["properties"] {
                if let given = properties["id"], given != .null, given.stringValue.flatMap(UUID.init(text:)) != id {
                    throw APIFailure.badRequest("properties.id: not the id in the path (\(id.lowercasedText))")
                }
                properties["id"] = .string(id.lowercasedText)
                object["properties"] = .object(properties)
            }
        }
        let feature: GeoJSONFeature
        do {
            feature = try GeoJSONReader.readFeature(.object(object))
        } catch {
            throw APIFailure.badRequest(error.description)
        }
        var notes: [String] = []
        let read: Result<Incident, IncidentError> = Result { () throws(IncidentError) -> Incident in
            let incident = try IncidentFeature.incident(from: feature, index: 1, notes: &notes)
            try incident.validateForStorage()
            return incident
        }
        switch read {
        case .success(var incident):
            incident.context = nil
            return incident
        case .failure(let error):
            throw APIFailure.badRequest(error.description)
        }
    }

    /// Runs `body` with the store's one writer, one write at a time.
    private func writing<T>(_ body: (any IncidentStoring, IncidentContextComputer) throws -> T) throws -> T {
        writeLock.lock()
        defer { writeLock.unlock() }
        return try body(writer, contexts)
    }

    private func created(_ incident: Incident, _ request: APIRequest, status: Int, actor: String) throws -> APIResponse {
        var text = JSONText(pretty: false, capacity: 2_048)
        try IncidentFeatureText.append(incident, currentLayersVersion: currentLayersVersion, indent: 0, to: &text)
        let location = "\(request.baseURL)/collections/\(Self.incidents)/items/\(incident.id.lowercasedText)"
        return APIResponse(status: status, contentType: "application/geo+json", body: text.bytes + [0x0A],
                           headers: [(name: "Location", value: location)], actor: actor)
    }

    func create(_ request: APIRequest) throws -> APIResponse {
        let name = try authorize(request)
        _ = try ItemsQuery.checked(request.query, allowed: [])
        var incident = try incident(from: try featureBody(request), id: nil)
        let stored: Incident = try writing { store, contexts in
            incident.context = try contexts.context(for: incident.geometry)
            try store.write { writer in
                writer.reason = "HTTP API, token '\(name)'"
                try writer.insert(incident)
            }
            return incident
        }
        return try created(stored, request, status: 201, actor: name)
    }

    func change(_ featureID: String, _ request: APIRequest) throws -> APIResponse {
        let name = try authorize(request)
        _ = try ItemsQuery.checked(request.query, allowed: [])
        guard let id = UUID(text: featureID) else { throw APIFailure.notFound("no incident with id '\(featureID)'") }
        let reason = "HTTP API, token '\(name)'"
        switch request.method {
        case "DELETE":
            try writing { store, _ in try store.delete(id: id, reason: reason) }
            return APIResponse(status: 204, contentType: "application/json", body: [], actor: name)
        case "PUT":
            let replacement = try incident(from: try featureBody(request), id: id)
            let (stored, _) = try writing { store, contexts in
                try store.edit(id: id, contexts: contexts, reason: reason) { current in
                    let createdAt = current.createdAt
                    current = replacement
                    current.createdAt = createdAt
                }
            }
            return try created(stored, request, status: 200, actor: name)
        default:   // PATCH: a JSON merge patch (RFC 7396) of the incident's Feature
            let patch = try featureBody(request, patch: true)
            guard case .object = patch else { throw APIFailure.badRequest("the body must be a JSON object (a merge patch of the Feature)") }
            let (stored, _) = try writing { store, contexts in
                try store.edit(id: id, contexts: contexts, reason: reason) { current in
                    let original = GeoJSONWriter.featureValue(IncidentFeature.feature(current), decimals: nil)
                    var merged = try incident(from: Self.mergePatch(original, patch), id: id)
                    merged.createdAt = current.createdAt
                    current = merged
                }
            }
            return try created(stored, request, status: 200, actor: name)
        }
    }

    /// RFC 7396: members of `patch` replace those of `target`, `null` removes, objects merge.
    static func mergePatch(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result: JSONObject
        if case .object(let o) = target { result = o } else { result = JSONObject() }
        for member in changes {
            if member.value == .null {
                result.removeValue(forKey: member.key)
            } else {
                result[member.key] = mergePatch(result[member.key] ?? .null, member.value)
            }
        }
        return .object(result)
    }
}
