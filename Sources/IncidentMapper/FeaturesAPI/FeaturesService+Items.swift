import Foundation

/// `/collections/{id}/items` and `/collections/{id}/items/{featureId}`.
extension FeaturesService {
    func items(_ id: String, _ request: APIRequest, html: Bool) throws -> APIResponse {
        let isIncidents = id == Self.incidents
        guard isIncidents || layers.layer(id) != nil else {
            throw APIFailure.notFound("no collection '\(id)' (collections: \(([Self.incidents] + ReferenceCollections.names).joined(separator: ", ")))")
        }
        let query = try ItemsQuery(request.query, incidents: isIncidents)
        var text = JSONText(pretty: false, capacity: query.limit * 800)
        var returned = 0, matched = 0
        func separator() { if returned > 0 { text.append(",\n") } }
        if isIncidents, let near = query.near, let radius = query.withinMeters {
            // The CLI's `near`: the same search, the same features with `distance_nm`.
            let found = try pool.with { try $0.incidents(near: near, withinMeters: radius, matching: query.filter) }
            matched = found.count
            for hit in found.dropFirst(query.offset).prefix(query.limit) {
                separator()
                var feature = JSONWriter(pretty: false).string(try IncidentExporter.featureValue(hit.incident, distanceMeters: hit.distanceMeters,
                                                                                             currentLayersVersion: currentLayersVersion))
                feature.withUTF8 { text.append(bytes: $0) }
                returned += 1
            }
        } else if isIncidents {
            try pool.with { store in
                matched = try store.count(matching: query.filter)
                try store.forEachRowBatch(matching: query.filter, order: .listing, batchSize: query.limit,
                                          limit: query.limit, offset: query.offset) { batch in
                    for row in 0..<batch.count {
                        separator()
                        try IncidentRowText.append(batch, row: row, currentLayersVersion: currentLayersVersion, indent: 0, to: &text)
                        returned += 1
                    }
                }
            }
        } else if let layer = layers.layer(id) {
            let chosen = try layer.features.filter { feature in try layer.meets(feature, query.boundingBox) }
            matched = chosen.count
            for feature in chosen.dropFirst(query.offset).prefix(query.limit) {
                separator()
                var t = feature.text
                t.withUTF8 { text.append(bytes: $0) }
                returned += 1
            }
        }
        let href = "\(request.baseURL)/collections/\(id)/items"
        let kept = request.query.filter { $0.name != "offset" && $0.name != "f" }
        func url(offset: Int?, format: String?) -> String {
            var pairs = kept
            if let offset, offset > 0 { pairs.append(("offset", String(offset))) }
            if let format { pairs.append(("f", format)) }
            return pairs.isEmpty ? href : href + "?" + pairs.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
        }
        var links = [
            Self.link(url(offset: query.offset, format: nil), "self", "application/geo+json", "This page"),
            Self.link(url(offset: query.offset, format: "html"), "alternate", "text/html", "This page as HTML"),
            Self.link("\(request.baseURL)/collections/\(id)", "collection", "application/json", "The collection"),
        ]
        if query.offset + returned < matched {
            links.append(Self.link(url(offset: query.offset + returned, format: nil), "next", "application/geo+json", "The next page"))
        }
        if query.offset > 0 {
            links.append(Self.link(url(offset: max(0, query.offset - query.limit), format: nil), "prev", "application/geo+json", "The previous page"))
        }
        var head = "{\"type\":\"FeatureCollection\",\"numberMatched\":\(matched),\"numberReturned\":\(returned),"
        head += "\"timeStamp\":\"\(Timestamp.format(Date()))\",\"links\":" + JSONWriter(pretty: false).string(.array(links)) + ",\"features\":[\n"
        let body = Array(head.utf8) + text.bytes + Array("\n]}\n".utf8)
        if html {
            let document = try JSONParser(maxDepth: 512, rejectsDuplicateKeys: false).parse(body)
            return .html(HTMLPage.render(title: "\(id): items", json: document, base: request.baseURL))
        }
        return APIResponse(status: 200, contentType: "application/geo+json", body: body)
    }

    func item(_ id: String, _ featureID: String, _ request: APIRequest, html: Bool) throws -> APIResponse {
        var text = JSONText(pretty: false, capacity: 2_048)
        if id == Self.incidents {
            guard let uuid = UUID(text: featureID), let incident = try pool.with({ try $0.incident(id: uuid) }) else {
                throw APIFailure.notFound("no incident with id '\(featureID)'")
            }
            try IncidentFeatureText.append(incident, currentLayersVersion: currentLayersVersion, indent: 0, to: &text)
        } else {
            guard let layer = layers.layer(id) else { throw APIFailure.notFound("no collection '\(id)'") }
            guard let feature = layer.features.first(where: { $0.id == featureID }) else {
                throw APIFailure.notFound("no feature '\(featureID)' in '\(id)'")
            }
            var t = feature.text
            t.withUTF8 { text.append(bytes: $0) }
        }
        var bytes = text.bytes
        guard bytes.last == UInt8(ascii: "}") else { throw APIFailure(status: 500, detail: "a feature was not written whole") }
        // The links a Feature response carries (OGC API - Features Part 1, /req/core/f-links).
        let href = "\(request.baseURL)/collections/\(id)/items/\(Self.encode(featureID))"
        let links = JSONWriter(pretty: false).string(.array([
            Self.link(href, "self", "application/geo+json", "This feature"),
            Self.link(href + "?f=html", "alternate", "text/html", "This feature as HTML"),
            Self.link("\(request.baseURL)/collections/\(id)", "collection", "application/json", "The collection"),
        ]))
        bytes.removeLast()
        bytes += Array(",\"links\":\(links)}\n".utf8)
        if html {
            let document = try JSONParser(maxDepth: 512, rejectsDuplicateKeys: false).parse(bytes)
            return .html(HTMLPage.render(title: featureID, json: document, base: request.baseURL))
        }
        return APIResponse(status: 200, contentType: "application/geo+json", body: bytes)
    }

    /// Percent-encodes a query name or value (unreserved characters stay).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
