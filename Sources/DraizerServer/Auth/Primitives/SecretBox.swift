import Crypto
import Foundation

/// Encrypts small secrets at rest (TOTP secrets, exchange API keys) with AES-256-GCM.
///
/// A sealed value is printable and self-describing:
///
///     v1.<key id: 16 hex digits>.<base64url without padding of nonce(12) || ciphertext || tag(16)>
///
/// The key id lets `ENCRYPTION_KEY` be rotated: configure the new key as current and keep the old ones
/// until every row has been re-sealed (see ``needsRotation(_:)`` and ``reseal(_:associatedData:)``).
///
/// The optional associated data binds a ciphertext to its place, e.g. `"user:42/totp"`: it is
/// authenticated but not stored, so a value copied into another row (another user's TOTP secret, say)
/// fails to open there. The `v1.<key id>.` header is authenticated too.
public struct SecretBox: Sendable {
    /// The format version written by this code.
    public static let version = "v1"

    /// The key used to seal.
    public let currentKey: Key
    private let keysByID: [String: Key]

    /// A box that seals with `current` and opens values sealed with `current` or any of `previous`.
    public init(current: Key, previous: [Key] = []) {
        self.currentKey = current
        var keys: [String: Key] = [:]
        for key in previous { keys[key.id] = key }
        keys[current.id] = current
        self.keysByID = keys
    }

    /// A box built from configured key strings, e.g. `ENCRYPTION_KEY` and the retired keys kept for
    /// rotation.
    public init(currentKey: String, previousKeys: [String] = []) throws(SecretBoxError) {
        var previous: [Key] = []
        for string in previousKeys { previous.append(try Key(encryptionKey: string)) }
        self.init(current: try Key(encryptionKey: currentKey), previous: previous)
    }

    /// The id of the key new values are sealed with.
    public var currentKeyID: String { currentKey.id }

    // MARK: Sealing

    /// Encrypts `plaintext` with the current key and a fresh random nonce.
    public func seal(_ plaintext: some DataProtocol, associatedData: String = "") throws(SecretBoxError) -> String {
        let header = Self.header(keyID: currentKey.id)
        let combined: Data
        do {
            let box = try AES.GCM.seal(
                plaintext, using: currentKey.symmetricKey,
                authenticating: Self.authenticatedData(header: header, associatedData: associatedData)
            )
            // A default 12-byte nonce always yields a combined representation.
            guard let data = box.combined else { throw SecretBoxError.sealingFailed(reason: "no combined form") }
            combined = data
        } catch let error as SecretBoxError {
            throw error
        } catch {
            throw .sealingFailed(reason: "\(error)")
        }
        return header + Self.base64URLEncode(combined)
    }

    /// Encrypts the UTF-8 bytes of `plaintext`.
    public func seal(_ plaintext: String, associatedData: String = "") throws(SecretBoxError) -> String {
        try seal(Data(plaintext.utf8), associatedData: associatedData)
    }

    // MARK: Opening

    /// Decrypts a value sealed by this box's current key or one of its old keys.
    ///
    /// - Throws: ``SecretBoxError/malformed(reason:)``, ``SecretBoxError/unsupportedVersion(_:)``,
    ///   ``SecretBoxError/unknownKeyID(_:)`` or ``SecretBoxError/authenticationFailed``.
    public func open(_ sealed: String, associatedData: String = "") throws(SecretBoxError) -> [UInt8] {
        let parts = try Self.parse(sealed)
        guard let key = keysByID[parts.keyID] else { throw .unknownKeyID(parts.keyID) }
        do {
            let box = try AES.GCM.SealedBox(combined: parts.payload)
            let plaintext = try AES.GCM.open(
                box, using: key.symmetricKey,
                authenticating: Self.authenticatedData(
                    header: Self.header(keyID: parts.keyID), associatedData: associatedData)
            )
            return Array(plaintext)
        } catch {
            throw .authenticationFailed
        }
    }

    /// Decrypts a value that was sealed from a `String`.
    public func openString(_ sealed: String, associatedData: String = "") throws(SecretBoxError) -> String {
        let bytes = try open(sealed, associatedData: associatedData)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8 }
        return text
    }

    // MARK: Rotation

    /// `true` unless `sealed` is a well-formed value under the current key. Unparseable values count as
    /// needing rotation so that a re-sealing job tries them and reports the error instead of skipping
    /// them silently.
    public func needsRotation(_ sealed: String) -> Bool {
        guard let parts = try? Self.parse(sealed) else { return true }
        return parts.keyID != currentKey.id
    }

    /// Opens `sealed` with whichever key it names and seals the plaintext again under the current key.
    public func reseal(_ sealed: String, associatedData: String = "") throws(SecretBoxError) -> String {
        try seal(open(sealed, associatedData: associatedData), associatedData: associatedData)
    }

    // MARK: Format

    static func header(keyID: String) -> String { "\(version).\(keyID)." }

    static func authenticatedData(header: String, associatedData: String) -> [UInt8] {
        // The header has a fixed length, so concatenation is unambiguous.
        Array(header.utf8) + Array(associatedData.utf8)
    }

    static func parse(_ sealed: String) throws(SecretBoxError) -> (keyID: String, payload: [UInt8]) {
        let parts = sealed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed(reason: "expected 3 dot-separated parts") }
        guard parts[0] == version else { throw .unsupportedVersion(String(parts[0])) }
        let keyID = String(parts[1])
        guard keyID.utf8.count == 16, keyID.utf8.allSatisfy(isLowerHex) else {
            throw .malformed(reason: "key id is not 16 hex digits")
        }
        guard let payload = base64URLDecode(parts[2]) else {
            throw .malformed(reason: "payload is not base64url")
        }
        // Nonce and tag alone take 28 bytes; shorter data cannot have come from `seal`.
        guard payload.count >= 12 + 16 else { throw .malformed(reason: "payload too short") }
        return (keyID, payload)
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    static func base64URLEncode(_ data: Data) -> String {
        var text = data.base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        // Only the URL-safe alphabet without padding is accepted: that is all `seal` writes.
        guard text.utf8.allSatisfy({ byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
            default: false
            }
        }), text.utf8.count % 4 != 1 else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        return Data(base64Encoded: standard).map(Array.init)
    }
}
