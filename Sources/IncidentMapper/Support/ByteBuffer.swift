/// A growable run of bytes, appended to through a pointer: what `[UInt8]` does for text being
/// written, without its bookkeeping on every append (an export of a million features makes
/// some sixty million appends, and that bookkeeping was a fifth of its time).
///
/// A value: copies share their storage until one of them is written to (copy on write).
struct ByteBuffer {
    private final class Storage {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage
    /// How many bytes are written.
    private(set) var count = 0

    init(capacity: Int = 0) {
        storage = Storage(capacity: capacity)
    }

    /// Where the next `n` bytes go: storage of this value alone with room for them.
    @inline(__always)
    private mutating func room(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if count + n > storage.capacity || !isKnownUniquelyReferenced(&storage) { grow(to: count + n) }
        return storage.base + count
    }

    private mutating func grow(to needed: Int) {
        let larger = Storage(capacity: max(needed, storage.capacity * 2))
        larger.base.initialize(from: storage.base, count: count)
        storage = larger
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        room(1).initialize(to: byte)
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        room(bytes.count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        append(bytes.bindMemory(to: UInt8.self))
    }

    /// `byte`, `times` times.
    mutating func append(_ byte: UInt8, times: Int) {
        guard times > 0 else { return }
        room(times).initialize(repeating: byte, count: times)
        count += times
    }

    /// Drops the bytes from `length` on.
    mutating func truncate(to length: Int) {
        precondition(length >= 0 && length <= count, "truncating a ByteBuffer of \(count) bytes to \(length)")
        count = length
    }

    /// Calls `body` with the bytes written.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// The bytes written, as an array (a copy).
    var array: [UInt8] { withBytes { Array($0) } }
}
