import Foundation

/// `incidents map`: one self-contained HTML file that draws incidents over the reference layers
/// with no network at all. Leaflet (Debian's `libjs-leaflet`) and its images are inlined, the
/// data sits in `<script type="application/json">` elements, and the page's own script
/// (`Assets/map.js`) draws the points on one canvas so that 100,000 stay usable.
public enum MapDocument {
    /// Above this many incidents a page stays correct but browsers become slow to open it
    /// (100,000 make a 75–107 MB page, ready in 3–5 s in Chromium here).
    public static let comfortableIncidentCount = 200_000

    /// Where Debian's `libjs-leaflet` puts Leaflet.
    public static let debianLeafletDirectory = "/usr/share/javascript/leaflet"
    /// Names another folder holding `leaflet.js`, `leaflet.css` and `images/`.
    public static let leafletEnvironmentVariable = "INCIDENTS_LEAFLET_DIR"

    /// Leaflet's script and stylesheet, the stylesheet's images made `data:` URLs.
    public struct Leaflet: Sendable {
        public var script: String
        public var stylesheet: String

        /// Reads Leaflet from `directory` (``leafletEnvironmentVariable`` or Debian's folder).
        /// - Throws: ``MapError/leafletMissing(_:)`` when it is not there.
        public static func load(from directory: String? = nil) throws -> Leaflet {
            let folder = directory ?? ProcessInfo.processInfo.environment[leafletEnvironmentVariable] ?? debianLeafletDirectory
            let base = URL(fileURLWithPath: folder)
            guard let script = try? String(contentsOf: base.appendingPathComponent("leaflet.js"), encoding: .utf8),
                  let css = try? String(contentsOf: base.appendingPathComponent("leaflet.css"), encoding: .utf8) else {
                throw MapError.leafletMissing(folder)
            }
            guard !script.contains("</script") else { throw MapError.leafletMissing(folder + " (its leaflet.js cannot be inlined)") }
            return Leaflet(script: script, stylesheet: inliningImages(css, from: base))
        }

        /// `url(images/x.png)` becomes `url(data:image/png;base64,...)`; an image that is not
        /// there is left as it was (Leaflet draws without it).
        static func inliningImages(_ css: String, from base: URL) -> String {
            var result = ""
            var rest = Substring(css)
            while let start = rest.range(of: "url(images/") {
                result += rest[..<start.lowerBound]
                guard let end = rest[start.upperBound...].firstIndex(of: ")") else { break }
                let name = String(rest[start.upperBound..<end])
                if let data = try? Data(contentsOf: base.appendingPathComponent("images").appendingPathComponent(name)) {
                    result += "url(data:image/png;base64,\(data.base64EncodedString()))"
                } else {
                    result += rest[start.lowerBound...end]
                }
                rest = rest[rest.index(after: end)...]
            }
            return result + rest
        }
    }

    /// The page's own script and stylesheet (the library's resources).
    static func asset(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Assets"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw MapError.assetMissing(name)
        }
        return text
    }

    /// Writes the page to `output`: the head with the stylesheets, the layers and incidents as
    /// JSON (streamed: memory stays flat in the number of incidents), then the scripts.
    /// - Parameters:
    ///   - title: the page's title.
    ///   - description: what was drawn, e.g. the filter, shown under the title.
    ///   - incidents: writes the incidents' Features into the writer it is given and returns
    ///     how many it wrote.
    /// - Returns: how many incidents were written.
    public static func write(to output: BatchOutput, title: String, description: String, layers: MapLayers,
                             leaflet: Leaflet, currentLayersVersion: String?,
                             incidents: (FeatureStreamWriter) throws -> Int) throws -> Int {
        try output.write(try pageStart(title: title, description: description, layers: layers, leaflet: leaflet, liveCollection: nil))
        output.escapesLessThanForHTML = true
        let writer = FeatureStreamWriter(output: output, form: .array, pretty: false, currentLayersVersion: currentLayersVersion)
        let count = try incidents(writer)
        try writer.finish()
        output.escapesLessThanForHTML = false
        try output.write(try pageEnd(leaflet: leaflet))
        return count
    }

    /// The page `incidents serve` shows at `/`: the same map, which reads the incidents from the
    /// service's items (every page) and again whenever they change.
    public static func livePage(title: String, layers: MapLayers, leaflet: Leaflet) throws -> String {
        try pageStart(title: title, description: "Live: the incidents as the service holds them, read again when they change.",
                      layers: layers, leaflet: leaflet, liveCollection: "collections/incidents") + "[]\n" + pageEnd(leaflet: leaflet)
    }

    /// Everything before the incidents' JSON.
    static func pageStart(title: String, description: String, layers: MapLayers, leaflet: Leaflet, liveCollection: String?) throws -> String {
        let live = liveCollection.map { " data-live=\"true\" data-collection=\"\(html($0))\"" } ?? ""
        // JSON inside a script element: no `<` (see BatchOutput.escapesLessThanForHTML).
        let layersJSON = JSONWriter(pretty: false).string(layers.json()).replacingOccurrences(of: "<", with: "\\u003c")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="incidents map">
            <title>\(html(title))</title>
            <style>\n\(leaflet.stylesheet)\n</style>
            <style>\n\(try asset("map.css"))\n</style>
            </head>
            <body\(live)>
            <div id="map" role="application" aria-label="Map of incidents"></div>
            <aside id="panel">
            <h1>\(html(title))</h1>
            <p class="what">\(html(description))</p>
            <div id="controls"></div>
            <div id="legend"></div>
            <p class="note">Reference layers simplified for display (no vertex moved more than \
            \(String(format: "%.3f", layers.toleranceDegrees))°, about \(Int((layers.toleranceDegrees * 111_320 / 10).rounded()) * 10) m); \
            the tool's answers use the full layers (version \(html(layers.version))). The maritime zones are derived \
            from the coast, not treaty lines. No tiles: nothing is fetched from the network.</p>
            <p id="map-status" aria-live="polite">Loading…</p>
            </aside>
            <script type="application/json" id="layers-data">
            \(layersJSON)</script>
            <script type="application/json" id="incidents-data">

            """
    }

    /// Everything after the incidents' JSON.
    static func pageEnd(leaflet: Leaflet) throws -> String {
        "</script>\n<script>\n\(leaflet.script)\n</script>\n<script>\n\(try asset("map.js"))\n</script>\n</body>\n</html>\n"
    }

    /// `text` with `&`, `<`, `>` and `"` escaped for HTML.
    static func html(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Why a map cannot be made.
public enum MapError: Error, Equatable, CustomStringConvertible {
    case leafletMissing(String)
    case assetMissing(String)

    public var description: String {
        switch self {
        case .leafletMissing(let folder):
            "Leaflet is not in \(folder): install Debian's libjs-leaflet (bash scripts/setup.sh does), or set \(MapDocument.leafletEnvironmentVariable) to a folder with leaflet.js and leaflet.css"
        case .assetMissing(let name): "the map's \(name) is missing from the tool's resources (a broken install)"
        }
    }
}

extension MapDocument {
    /// Writes the map of the incidents of `store` matching `filter` (in listing order) over the
    /// current reference layers.
    /// - Returns: how many incidents were drawn.
    public static func write(to output: BatchOutput, store: any IncidentStoring, matching filter: IncidentFilter,
                             title: String, description: String) throws -> Int {
        let leaflet = try Leaflet.load()
        let layers = try MapLayers.load()
        let current = try? ReferenceGeography.load().layersVersion
        return try write(to: output, title: title, description: description, layers: layers, leaflet: leaflet,
                         currentLayersVersion: current) { writer in
            var count = 0
            try store.forEachRowBatch(matching: filter, order: .listing, batchSize: 4_096) { batch in
                try writer.append(rows: batch)
                count += batch.count
            }
            return count
        }
    }
}
