import Foundation

/// Writes incidents as KML 2.2 for Google Earth, as they are read: one Placemark each (name:
/// the title; description; the fields as ExtendedData; a TimeStamp or TimeSpan), geometry as
/// Point, LineString (tessellated, so it follows the ground), Polygon or MultiGeometry.
public final class KMLWriter {
    private let output: BatchOutput
    public private(set) var count = 0

    public init(output: BatchOutput, name: String = "Incidents") throws {
        self.output = output
        try output.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <kml xmlns="http://www.opengis.net/kml/2.2">
            <Document>
            <name>\(Self.escape(name))</name>

            """)
    }

    public func append(_ i: Incident) throws {
        var x = "<Placemark id=\"i\(i.id.lowercasedText)\">\n<name>\(Self.escape(i.title))</name>\n"
        if let d = i.description { x += "<description>\(Self.escape(d))</description>\n" }
        if let t = i.time {
            if let end = t.end {
                x += "<TimeSpan><begin>\(Timestamp.format(t.start))</begin><end>\(Timestamp.format(end))</end></TimeSpan>\n"
            } else {
                x += "<TimeStamp><when>\(Timestamp.format(t.start))</when></TimeStamp>\n"
            }
        }
        var data: [(String, String)] = [("id", i.id.lowercasedText), ("kind", i.kind.rawValue), ("confidence", i.confidence.rawValue)]
        for category in Casualties.Category.allCases {
            data.append((category.rawValue, i.casualties.text(category)))
        }
        if !i.sources.isEmpty { data.append(("sources", i.sources.map(\.url).joined(separator: " "))) }
        if !i.tags.isEmpty { data.append(("tags", i.tags.joined(separator: "; "))) }
        if let c = i.context {
            data.append(("firs", c.parts(.fir).map(\.value).joined(separator: " ")))
            data.append(("surfaces", c.parts(.surface).map { $0.value + ($0.state.map { " " + $0 } ?? "") }.joined(separator: "; ")))
            if let nm = c.venezuelaCoastNauticalMiles { data.append(("venezuela_coast_nm", DecimalFormat.fixed(nm, 3))) }
        }
        x += "<ExtendedData>\n" + data.map { "<Data name=\"\($0.0)\"><value>\(Self.escape($0.1))</value></Data>\n" }.joined() + "</ExtendedData>\n"
        if let g = i.geometry { x += Self.geometry(g) }
        x += "</Placemark>\n"
        try output.write(x)
        count += 1
    }

    public func finish() throws { try output.write("</Document>\n</kml>\n") }

    static func geometry(_ g: Geometry) -> String {
        func coordinates(_ ps: [Position]) -> String {
            "<coordinates>" + ps.map { p in
                DecimalFormat.fixed(p.longitude, 7) + "," + DecimalFormat.fixed(p.latitude, 7) + (p.altitude.map { "," + JSONWriter.format(number: $0) } ?? "")
            }.joined(separator: " ") + "</coordinates>"
        }
        func polygon(_ rings: [[Position]]) -> String {
            guard let outer = rings.first else { return "" }
            return "<Polygon><outerBoundaryIs><LinearRing>\(coordinates(outer))</LinearRing></outerBoundaryIs>"
                + rings.dropFirst().map { "<innerBoundaryIs><LinearRing>\(coordinates($0))</LinearRing></innerBoundaryIs>" }.joined()
                + "</Polygon>"
        }
        func line(_ ps: [Position]) -> String { "<LineString><tessellate>1</tessellate>\(coordinates(ps))</LineString>" }
        switch g {
        case .point(let p): return "<Point>\(coordinates([p]))</Point>\n"
        case .lineString(let ps): return line(ps) + "\n"
        case .polygon(let rings): return polygon(rings) + "\n"
        case .multiPoint(let ps): return "<MultiGeometry>" + ps.map { "<Point>\(coordinates([$0]))</Point>" }.joined() + "</MultiGeometry>\n"
        case .multiLineString(let ls): return "<MultiGeometry>" + ls.map(line).joined() + "</MultiGeometry>\n"
        case .multiPolygon(let ps): return "<MultiGeometry>" + ps.map(polygon).joined() + "</MultiGeometry>\n"
        case .geometryCollection(let ms): return "<MultiGeometry>" + ms.map { geometry($0) }.joined() + "</MultiGeometry>\n"
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\u{00}"..."\u{08}", "\u{0B}", "\u{0C}", "\u{0E}"..."\u{1F}": continue   // not allowed in XML 1.0
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
