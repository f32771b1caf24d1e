import Foundation

/// The compiled form of the reference layers: one file holding every index the classifier
/// needs, laid out so that it can be mapped into memory and read in place.
///
/// Layout: a 64-byte header (magic `IMLAYERS`, format version, a signature of the in-memory
/// layout of the stored structs, where the metadata is, the file's length), arrays of plain
/// values each aligned to 16 bytes (tiled polygons, segment indexes, WKB), and the metadata as
/// JSON (names, versions, accuracies, coverage, and where each array is). A file written by a
/// build whose struct layout differs is refused and rebuilt.
enum CompiledLayers {
    static let magic = Array("IMLAYERS".utf8)
    /// Bump when the layout or the meaning of a field changes.
    static let formatVersion: UInt32 = 7
    static let headerSize = 64

    /// A signature of the layout of every struct stored as is.
    static var layoutSignature: UInt32 {
        var hash: UInt32 = 2_166_136_261
        for value in GeodesicSegmentIndex.layoutSignature + [MemoryLayout<UInt32>.stride, MemoryLayout<Int64>.stride] {
            hash = (hash ^ UInt32(truncatingIfNeeded: value)) &* 16_777_619
        }
        return hash
    }

    // MARK: - Building

    /// Builds the compiled file's bytes from a folder of GeoJSON layers.
    /// - Throws: ``ReferenceDataError`` when a layer is missing or malformed, or GEOS fails.
    static func build(from source: ReferenceLayerSource, contentHash: String) throws -> [UInt8] {
        try build(ReferenceLayerInputs.read(from: source), contentHash: contentHash)
    }

    /// Builds the compiled file's bytes from layers in memory.
    static func build(_ inputs: ReferenceLayerInputs, contentHash: String) throws -> [UInt8] {
        let coverage = inputs.coverage
        let firs = inputs.firs
        guard !firs.isEmpty else { throw ReferenceDataError.missingLayer("fir (no FIR files)") }
        let land = inputs.land
        let waters = inputs.internalWaters
        var writer = LayerArchiveWriter()
        writer.append(raw: [UInt8](repeating: 0, count: headerSize))
        var meta = JSONObject()
        meta["content_hash"] = .string(contentHash)
        meta["coverage"] = coverage.jsonValue

        meta["firs"] = .array(try firs.map { fir in
            // Cells further from the line than its accuracy need no search for a near FIR line.
            let accuracy = max(fir.seaLineAccuracyMeters, fir.landLineAccuracyMeters)
            let maxLatitude = fir.geometry.envelope.map { max(abs($0.minLatitude), abs($0.maxLatitude)) } ?? 0
            let margin = max(accuracy / 110_574, accuracy / (111_320 * cos(min(maxLatitude, 85) * .pi / 180)))
            let tiles = try PolygonTiler.tile(fir.geometry, levels: levels(fir.geometry, cellDegrees: 0.1),
                                              farMarginDegrees: margin)
            return .object(["id": .string(fir.id), "name": .string(fir.name), "version": .string(fir.version),
                            "accuracy_sea_m": .number(fir.seaLineAccuracyMeters),
                            "accuracy_land_m": .number(fir.landLineAccuracyMeters),
                            "tiles": tilesJSON(tiles.write(to: &writer))])
        })
        func areas(_ layer: LandLayer?, cellDegrees: Double) throws -> JSONValue {
            .array(try (layer?.areas ?? []).map { area in
                let tiles = try PolygonTiler.tile(area.geometry, levels: levels(area.geometry, cellDegrees: cellDegrees))
                return .object(["state": .string(area.state), "name": .string(area.name),
                                "tiles": tilesJSON(tiles.write(to: &writer))])
            })
        }
        meta["land"] = try areas(land, cellDegrees: 0.05)
        meta["internal_waters"] = try areas(waters, cellDegrees: 0.05)

        let landAreas = land?.areas ?? []
        let edges = Coastline.edges(of: landAreas, frame: coverage.landFrame)
        let isVenezuela = { (s: GeodesicSegmentIndex.Segment) in landAreas[Int(s.tag)].state == ReferenceGeography.venezuela }
        let firLines = firs.enumerated().flatMap { i, fir in
            Geometry.rings(of: fir.geometry).flatMap { ring in
                zip(ring, ring.dropFirst()).compactMap { a, b in
                    a == b ? nil : GeodesicSegmentIndex.Segment(start: a, end: b, tag: Int32(i))
                }
            }
        }
        meta["indexes"] = .object([
            "venezuela_coast": indexJSON(GeodesicSegmentIndex.build(edges.coast.filter(isVenezuela)).write(to: &writer)),
            "other_coasts": indexJSON(GeodesicSegmentIndex.build(edges.coast.filter { !isVenezuela($0) }).write(to: &writer)),
            "land_borders": indexJSON(GeodesicSegmentIndex.build(edges.borders).write(to: &writer)),
            "fir_lines": indexJSON(GeodesicSegmentIndex.build(firLines).write(to: &writer)),
        ])

        if !inputs.maritimeZones.isEmpty {
            meta["maritime"] = .array(try inputs.maritimeZones.map { z in
                guard let envelope = z.geometry.envelope else {
                    throw ReferenceDataError.malformedLayer("maritime", "a zone of \(z.state) is empty")
                }
                return .object(["state": .string(z.state), "zone": .string(z.kind.rawValue), "envelope": envelopeJSON(envelope),
                                "wkb": wkbJSON(try GEOSGeometry(z.geometry).wkb(), &writer)])
            })
        }
        meta["caveats"] = .array(try inputs.caveats.map { c in
            var rule: JSONObject = ["id": .string(c.id), "text": .string(c.text)]
            if let kinds = c.kinds { rule["kinds"] = .array(kinds.map { .string($0.rawValue) }) }
            if let states = c.states { rule["states"] = .array(states.map(JSONValue.string)) }
            if let nm = c.venezuelaCoastWithinNauticalMiles { rule["venezuela_coast_within_nm"] = .number(nm) }
            if let region = c.region {
                rule["tiles"] = tilesJSON(try PolygonTiler.tile(region, levels: 4).write(to: &writer))
            }
            return .object(rule)
        })
        let maritimeVersion = inputs.maritimeVersion, caveatsVersion = inputs.caveatsVersion

        let firVersions = Set(firs.map(\.version)).sorted().joined(separator: ", ")
        var version = "fir \(firVersions)"
        if let land { version += "; land \(land.version)" }
        if let maritimeVersion { version += "; maritime \(maritimeVersion)" }
        if let caveatsVersion { version += "; caveats \(caveatsVersion)" }
        version += "; layers \(contentHash.prefix(12))"
        meta["data_version"] = .string(version)

        let metaBytes = Array(JSONWriter().data(.object(meta)))
        writer.align(16)
        let metaOffset = writer.append(raw: metaBytes)
        writer.align(16)
        writer.patch(magic.withUnsafeBytes { $0.load(as: UInt64.self) }, at: 0)
        writer.patch(formatVersion, at: 8)
        writer.patch(layoutSignature, at: 12)
        writer.patch(Int64(metaOffset), at: 16)
        writer.patch(Int64(metaBytes.count), at: 24)
        writer.patch(Int64(writer.bytes.count), at: 32)
        return writer.bytes
    }

    /// Grid levels so that cells are about `cellDegrees` wide (3 to 9 levels).
    private static func levels(_ geometry: Geometry, cellDegrees: Double) -> Int {
        guard let e = geometry.envelope else { return 3 }
        let extent = max(e.maxLongitude - e.minLongitude, e.maxLatitude - e.minLatitude)
        return min(9, max(3, Int(log2(max(extent / cellDegrees, 1)).rounded(.up))))
    }

    // MARK: - Opening

    /// Checks that `storage` holds a compiled file this build can read.
    /// - Throws: ``ReferenceDataError/compiledLayers(_:)`` naming what does not match.
    static func validateHeader(_ storage: LayerStorage) throws {
        guard storage.count >= headerSize else { throw ReferenceDataError.compiledLayers("file too short") }
        let bytes = storage.bytes
        guard Array(bytes[0..<8]) == magic else { throw ReferenceDataError.compiledLayers("not a compiled layer file") }
        guard bytes.load(fromByteOffset: 8, as: UInt32.self) == formatVersion else {
            throw ReferenceDataError.compiledLayers("written by another version of the tool")
        }
        guard bytes.load(fromByteOffset: 12, as: UInt32.self) == layoutSignature else {
            throw ReferenceDataError.compiledLayers("written by a build with another memory layout")
        }
        guard bytes.load(fromByteOffset: 32, as: Int64.self) == Int64(storage.count) else {
            throw ReferenceDataError.compiledLayers("truncated")
        }
    }

    /// Opens compiled layers in place.
    /// - Throws: ``ReferenceDataError/compiledLayers(_:)`` when the file is not one, or is damaged.
    static func open(_ storage: LayerStorage) throws -> ReferenceGeography {
        try validateHeader(storage)
        let metaOffset = Int(storage.bytes.load(fromByteOffset: 16, as: Int64.self))
        let metaLength = Int(storage.bytes.load(fromByteOffset: 24, as: Int64.self))
        let meta: JSONValue
        do {
            meta = try JSONParser().parse(Array(try storage.slice(at: metaOffset, count: metaLength)))
        } catch {
            throw ReferenceDataError.compiledLayers("its metadata cannot be read: \(error)")
        }
        var uid = 0
        func tiles(_ value: JSONValue?) throws -> TiledPolygon {
            guard let value, let envelope = envelope(value["envelope"]), let n = value["n"]?.intValue,
                  let cells = value["cells"]?.intValue, let pieces = value["pieces"]?.intValue,
                  let offsets = value["offsets"]?.intValue, let blob = value["blob"]?.intValue,
                  let length = value["blob_length"]?.intValue, let whole = value["whole"]?[0]?.intValue,
                  let wholeLength = value["whole"]?[1]?.intValue, n > 0, n <= 1 << 11 else {
                throw ReferenceDataError.compiledLayers("a tiled polygon's description is incomplete")
            }
            uid += 1
            return try TiledPolygon(TiledPolygon.Descriptor(envelope: envelope, cellsPerSide: n, cellsOffset: cells,
                                                            pieceCount: pieces, pieceOffsetsOffset: offsets,
                                                            blobOffset: blob, blobLength: length,
                                                            wholeOffset: whole, wholeLength: wholeLength),
                                    in: storage, uid: uid)
        }
        func index(_ name: String) throws -> GeodesicSegmentIndex {
            guard let v = meta["indexes"]?[name], let e = v["entries"]?.intValue, let ec = v["entry_count"]?.intValue,
                  let n = v["nodes"]?.intValue, let nc = v["node_count"]?.intValue, let root = v["root"]?.intValue else {
                throw ReferenceDataError.compiledLayers("the index \(name) is missing")
            }
            return try GeodesicSegmentIndex(GeodesicSegmentIndex.Descriptor(entriesOffset: e, entryCount: ec,
                                                                           nodesOffset: n, nodeCount: nc, root: root),
                                            in: storage)
        }
        func areas(_ key: String) throws -> [ReferenceGeography.Area] {
            try (meta[key]?.arrayValue ?? []).map { a in
                guard let state = a["state"]?.stringValue else { throw ReferenceDataError.compiledLayers("\(key): no state") }
                return ReferenceGeography.Area(state: state, name: a["name"]?.stringValue ?? state, tiles: try tiles(a["tiles"]))
            }
        }
        let firs = try (meta["firs"]?.arrayValue ?? []).map { f in
            guard let id = f["id"]?.stringValue, let name = f["name"]?.stringValue else {
                throw ReferenceDataError.compiledLayers("a FIR has no id or name")
            }
            return ReferenceGeography.FIR(summary: .init(id: id, name: name), version: f["version"]?.stringValue ?? "unknown",
                                          seaLineAccuracyMeters: f["accuracy_sea_m"]?.doubleValue ?? 100,
                                          landLineAccuracyMeters: f["accuracy_land_m"]?.doubleValue ?? 5_000,
                                          tiles: try tiles(f["tiles"]))
        }
        let zones = try (meta["maritime"]?.arrayValue ?? []).map { z in
            guard let state = z["state"]?.stringValue, let kind = z["zone"]?.stringValue.flatMap(SurfaceKind.init(rawValue:)),
                  let envelope = envelope(z["envelope"]) else {
                throw ReferenceDataError.compiledLayers("a maritime zone's description is incomplete")
            }
            return ReferenceGeography.MaritimeZone(state: state, kind: kind, envelope: envelope,
                                                   wkb: try wkb(z["wkb"], in: storage))
        }
        let caveats = try (meta["caveats"]?.arrayValue ?? []).map { c in
            guard let id = c["id"]?.stringValue, let text = c["text"]?.stringValue else {
                throw ReferenceDataError.compiledLayers("a caveat has no id or text")
            }
            return ReferenceGeography.Caveat(
                id: id, text: text,
                kinds: c["kinds"]?.arrayValue.map { Set($0.compactMap { $0.stringValue.flatMap(SurfaceKind.init(rawValue:)) }) },
                states: c["states"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) },
                venezuelaCoastWithinNauticalMiles: c["venezuela_coast_within_nm"]?.doubleValue,
                region: try c["tiles"].map { try tiles($0) })
        }
        guard let coverageValue = meta["coverage"], let coverage = try? Coverage(json: coverageValue) else {
            throw ReferenceDataError.compiledLayers("no coverage")
        }
        return ReferenceGeography(
            firs: firs, land: try areas("land"), internalWaters: try areas("internal_waters"), maritimeZones: zones,
            caveats: caveats, coverage: coverage,
            venezuelaCoast: try index("venezuela_coast"), otherCoasts: try index("other_coasts"),
            landBorders: try index("land_borders"), firLines: try index("fir_lines"),
            dataVersion: meta["data_version"]?.stringValue ?? "unknown",
            layersVersion: meta["content_hash"]?.stringValue ?? "unknown", storage: storage)
    }

    // MARK: - Metadata

    private static func envelopeJSON(_ e: Envelope) -> JSONValue {
        .array([.number(e.minLongitude), .number(e.minLatitude), .number(e.maxLongitude), .number(e.maxLatitude)])
    }

    private static func envelope(_ value: JSONValue?) -> Envelope? {
        guard let a = value?.arrayValue?.compactMap(\.doubleValue), a.count == 4 else { return nil }
        return Envelope(minLongitude: a[0], minLatitude: a[1], maxLongitude: a[2], maxLatitude: a[3])
    }

    private static func wkbJSON(_ wkb: [UInt8], _ writer: inout LayerArchiveWriter) -> JSONValue {
        .array([.number(Double(writer.append(raw: wkb))), .number(Double(wkb.count))])
    }

    private static func wkb(_ value: JSONValue?, in storage: LayerStorage) throws -> UnsafeRawBufferPointer {
        guard let offset = value?[0]?.intValue, let length = value?[1]?.intValue else {
            throw ReferenceDataError.compiledLayers("a geometry's place in the file is missing")
        }
        return try storage.slice(at: offset, count: length)
    }

    private static func tilesJSON(_ d: TiledPolygon.Descriptor) -> JSONValue {
        .object(["envelope": envelopeJSON(d.envelope), "n": .number(Double(d.cellsPerSide)),
                 "cells": .number(Double(d.cellsOffset)), "pieces": .number(Double(d.pieceCount)),
                 "offsets": .number(Double(d.pieceOffsetsOffset)), "blob": .number(Double(d.blobOffset)),
                 "blob_length": .number(Double(d.blobLength)),
                 "whole": .array([.number(Double(d.wholeOffset)), .number(Double(d.wholeLength))])])
    }

    private static func indexJSON(_ d: GeodesicSegmentIndex.Descriptor) -> JSONValue {
        .object(["entries": .number(Double(d.entriesOffset)), "entry_count": .number(Double(d.entryCount)),
                 "nodes": .number(Double(d.nodesOffset)), "node_count": .number(Double(d.nodeCount)),
                 "root": .number(Double(d.root))])
    }
}
