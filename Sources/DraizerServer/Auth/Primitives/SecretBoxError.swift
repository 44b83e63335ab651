import Foundation

/// Why a ``SecretBox`` could not be built, or could not seal or open a value.
public enum SecretBoxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configured key string is shorter than ``SecretBox/Key/minimumByteCount`` bytes of UTF-8.
    case keyTooShort(byteCount: Int)
    /// The string is not `v1.<key id>.<base64url>` with a payload long enough to hold a nonce and a tag.
    case malformed(reason: String)
    /// The string starts with a version this code does not know, e.g. one written by a newer release.
    case unsupportedVersion(String)
    /// The ciphertext was sealed with a key that is neither the current key nor a listed old one.
    case unknownKeyID(String)
    /// Authentication failed: the data was altered, or the associated data differs from sealing time.
    case authenticationFailed
    /// The opened bytes were expected to be UTF-8 text and are not.
    case notUTF8
    /// The cryptographic library refused to encrypt (not expected with a valid 256-bit key).
    case sealingFailed(reason: String)

    public var description: String {
        switch self {
        case .keyTooShort(let count):
            "encryption key must be at least \(SecretBox.Key.minimumByteCount) bytes (got \(count))"
        case .malformed(let reason):
            "not a sealed secret: \(reason)"
        case .unsupportedVersion(let version):
            "sealed secret has unsupported version \"\(version)\""
        case .unknownKeyID(let id):
            "sealed secret uses unknown key id \(id); was ENCRYPTION_KEY rotated without keeping the old key?"
        case .authenticationFailed:
            "sealed secret failed authentication: it was altered or belongs to a different record"
        case .notUTF8:
            "sealed secret is not UTF-8 text"
        case .sealingFailed(let reason):
            "could not seal secret: \(reason)"
        }
    }
}
