import Foundation

/// Read-only bytes of a compiled layer file: a file mapped into memory (`mmap`), or bytes just
/// built in memory. The indexes read their arrays in place from here, so opening a compiled file
/// costs only the pages a query touches.
///
/// `@unchecked Sendable` is sound because the bytes never change after `init` (the mapping is
/// `PROT_READ`; the in-memory copy is never written again) and are freed only in `deinit`, when
/// no index that holds this storage remains.
public final class LayerStorage: @unchecked Sendable {
    /// The first byte.
    let base: UnsafeRawPointer
    /// How many bytes.
    let count: Int
    private let release: @Sendable (UnsafeRawPointer, Int) -> Void

    /// Maps `path` read-only.
    /// - Throws: ``ReferenceDataError/compiledLayers(_:)`` when it cannot be opened or mapped.
    init(mapping path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ReferenceDataError.compiledLayers("\(path): cannot be opened") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { throw ReferenceDataError.compiledLayers("\(path): empty") }
        let size = Int(info.st_size)
        // returns MAP_FAILED on error; unmapped in deinit
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != MAP_FAILED else {
            throw ReferenceDataError.compiledLayers("\(path): cannot be mapped into memory")
        }
        base = UnsafeRawPointer(address)
        count = size
        release = { pointer, size in munmap(UnsafeMutableRawPointer(mutating: pointer), size) }
    }

    /// Copies `bytes` into storage of its own (16-byte aligned).
    init(copying bytes: [UInt8]) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        base = UnsafeRawPointer(memory)
        count = bytes.count
        release = { pointer, _ in UnsafeMutableRawPointer(mutating: pointer).deallocate() }
    }

    deinit { release(base, count) }

    /// All the bytes.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// `count` values of `T` stored at byte `offset`, read in place.
    /// - Throws: when the range is outside the storage or misaligned for `T`.
    func array<T: BitwiseCopyable>(of type: T.Type, at offset: Int, count: Int) throws -> UnsafeBufferPointer<T> {
        let size = count * MemoryLayout<T>.stride
        guard offset >= 0, count >= 0, offset + size <= self.count, offset % MemoryLayout<T>.alignment == 0 else {
            throw ReferenceDataError.compiledLayers("an array of \(T.self) lies outside the file or is misaligned")
        }
        guard count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: (base + offset).assumingMemoryBound(to: T.self), count: count)
    }

    /// The raw bytes in `offset ..< offset + count`.
    func slice(at offset: Int, count: Int) throws -> UnsafeRawBufferPointer {
        guard offset >= 0, count >= 0, offset + count <= self.count else {
            throw ReferenceDataError.compiledLayers("a byte range lies outside the file")
        }
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }
}

/// Appends arrays of plain values to a growing byte buffer, each aligned for its type, and says
/// where it put them: the writing half of a compiled layer file.
struct LayerArchiveWriter {
    private(set) var bytes: [UInt8] = []

    /// Pads to a multiple of `alignment`.
    mutating func align(_ alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }

    /// Appends the values' bytes (16-byte aligned) and returns their offset.
    mutating func append<T: BitwiseCopyable>(_ values: [T]) -> Int {
        align(16)
        let offset = bytes.count
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        return offset
    }

    /// Appends raw bytes (unaligned) and returns their offset.
    mutating func append(raw: [UInt8]) -> Int {
        let offset = bytes.count
        bytes.append(contentsOf: raw)
        return offset
    }

    /// Writes `value` at `offset` (which must have been reserved before).
    mutating func patch<T: BitwiseCopyable>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value) { raw in
            for (i, byte) in raw.enumerated() { bytes[offset + i] = byte }
        }
    }
}
