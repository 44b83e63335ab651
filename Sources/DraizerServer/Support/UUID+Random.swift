import Foundation
import NIOConcurrencyHelpers

extension UUID {
    /// A random (version 4) UUID from the system's generator. Foundation's `UUID()` opens, reads and closes
    /// `/dev/urandom` on every call here, and the standard library's generator makes a system call per
    /// eight bytes: an order needs four UUIDs. The kernel's bytes are read a page at a time instead.
    static func random() -> UUID {
        let (high, low) = RandomPool.shared.withLockedValue { $0.next() }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { raw in
            raw.storeBytes(of: high, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: low, toByteOffset: 8, as: UInt64.self)
            raw[6] = raw[6] & 0x0F | 0x40  // version 4
            raw[8] = raw[8] & 0x3F | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: bytes)
    }
}

/// Random bytes from `/dev/urandom` (kept open), read 4 KiB at a time and each handed out once; the
/// standard library's generator if the device cannot be read.
private struct RandomPool {
    static let shared = NIOLockedValueBox(RandomPool())
    private static let device = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    private var words = [UInt64](repeating: 0, count: 512)
    private var used = 512

    mutating func next() -> (UInt64, UInt64) {
        if used + 2 > words.count { refill() }
        defer { used += 2 }
        return (words[used], words[used + 1])
    }

    private mutating func refill() {
        let complete = words.withUnsafeMutableBytes { buffer in
            var filled = 0
            while Self.device >= 0, filled < buffer.count {
                let count = read(Self.device, buffer.baseAddress! + filled, buffer.count - filled)
                if count > 0 { filled += count } else if count < 0, errno == EINTR { continue } else { break }
            }
            return filled == buffer.count
        }
        if !complete {
            var generator = SystemRandomNumberGenerator()
            for index in words.indices { words[index] = generator.next() }
        }
        used = 0
    }
}
