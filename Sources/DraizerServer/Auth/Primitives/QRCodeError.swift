import Foundation

/// Why a ``QRCode`` could not be made.
public enum QRCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data needs more codewords than the largest allowed version holds at this error correction level.
    case dataTooLong(byteCount: Int, capacity: Int)
    /// Versions run from 1 to 40.
    case invalidVersion(Int)
    /// Masks run from 0 to 7.
    case invalidMask(Int)

    public var description: String {
        switch self {
        case .dataTooLong(let count, let capacity):
            "\(count) bytes do not fit in a QR code (at most \(capacity) at this error correction level and version)"
        case .invalidVersion(let version):
            "QR code version \(version) is not in 1...40"
        case .invalidMask(let mask):
            "QR code mask \(mask) is not in 0...7"
        }
    }
}
