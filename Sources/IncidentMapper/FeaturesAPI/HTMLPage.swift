import Foundation

/// The HTML form of the API's JSON documents (OGC API - Features, HTML conformance class): the
/// title, the links as links, the features of a collection as a table, and the JSON itself.
enum HTMLPage {
    static func render(title: String, json: JSONValue, base: String) -> String {
        let e = MapDocument.html
        var body = "<h1>\(e(title))</h1>\n<p><a href=\"\(e(base))/?f=html\">Map</a> · <a href=\"\(e(base))/collections?f=html\">Collections</a> · <a href=\"\(e(base))/conformance?f=html\">Conformance</a> · <a href=\"\(e(base))/api\">API definition</a></p>\n"
        if let object = json.objectValue {
            if let links = object["links"]?.arrayValue, !links.isEmpty {
                body += "<h2>Links</h2><ul>\n"
                for link in links {
                    guard let href = link.objectValue?["href"]?.stringValue else { continue }
                    let rel = link.objectValue?["rel"]?.stringValue ?? ""
                    let label = link.objectValue?["title"]?.stringValue ?? href
                    body += "<li>\(e(rel)): <a href=\"\(e(htmlVersion(href)))\">\(e(label))</a></li>\n"
                }
                body += "</ul>\n"
            }
            if let collections = object["collections"]?.arrayValue {
                body += "<h2>Collections</h2><ul>\n"
                for c in collections {
                    let id = c.objectValue?["id"]?.stringValue ?? ""
                    body += "<li><a href=\"\(e(base))/collections/\(e(id))?f=html\">\(e(c.objectValue?["title"]?.stringValue ?? id))</a>: \(e(c.objectValue?["description"]?.stringValue ?? ""))</li>\n"
                }
                body += "</ul>\n"
            }
            if let features = object["features"]?.arrayValue {
                let matched = object["numberMatched"]?.doubleValue.map { " of \(Int($0))" } ?? ""
                body += "<h2>\(features.count) features\(matched)</h2>\n<table><tr><th>id</th><th>name</th><th>kind</th><th>time</th><th>geometry</th></tr>\n"
                let collectionHref = (object["links"]?.arrayValue ?? []).first { $0.objectValue?["rel"]?.stringValue == "collection" }?
                    .objectValue?["href"]?.stringValue ?? base
                for f in features {
                    let p = f.objectValue?["properties"]?.objectValue ?? JSONObject()
                    let id = f.objectValue?["id"]?.stringValue ?? ""
                    let name = p["title"]?.stringValue ?? p["name"]?.stringValue ?? ""
                    let kind = p["kind"]?.stringValue ?? ""
                    let time = p["time_start"]?.stringValue ?? ""
                    let geometry = f.objectValue?["geometry"]?.objectValue?["type"]?.stringValue ?? "none"
                    body += "<tr><td><a href=\"\(e(collectionHref))/items/\(e(FeaturesService.encode(id)))?f=html\">\(e(id))</a></td><td>\(e(name))</td><td>\(e(kind))</td><td>\(e(time))</td><td>\(e(geometry))</td></tr>\n"
                }
                body += "</table>\n"
            }
        }
        var shown = JSONWriter(pretty: true).string(json)
        if shown.utf8.count > 200_000 { shown = String(shown.prefix(200_000)) + "\n…" }
        body += "<h2>JSON</h2>\n<pre>\(e(shown))</pre>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(e(title))</title>
            <style>body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}pre{background:#f6f6f6;padding:8px;overflow:auto}</style>
            </head><body>
            \(body)</body></html>
            """
    }

    /// A link to the HTML form of a JSON resource of this service.
    private static func htmlVersion(_ href: String) -> String {
        if href.contains("f=html") || href.hasSuffix("/api") { return href }
        if href.contains("f=json") { return href.replacingOccurrences(of: "f=json", with: "f=html") }
        return href + (href.contains("?") ? "&f=html" : "?f=html")
    }
}
