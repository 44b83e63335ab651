import Crypto
import Foundation

extension SecretBox {
    /// One AES-256 key derived from a configured `ENCRYPTION_KEY` string, with its public key id.
    public struct Key: Sendable {
        /// Shortest accepted key string, in UTF-8 bytes (the length of 32 random bytes, or more).
        public static let minimumByteCount = 32

        /// Domain-separation strings for HKDF: changing either changes every derived key, so they are part
        /// of the `v1` format and must never change under that version.
        static let hkdfSalt = Array("draizer/secretbox/v1/salt".utf8)
        static let hkdfInfo = Array("draizer/secretbox/v1/aes-256-gcm".utf8)

        /// First 8 bytes of SHA-256 over the derived key, as 16 lower-case hex digits. It identifies the
        /// key inside each ciphertext without revealing it (SHA-256 is one-way and the key has 256 bits).
        public let id: String
        let symmetricKey: SymmetricKey

        /// Derives the AES key from `encryptionKey` as given.
        ///
        /// The string's UTF-8 bytes are the HKDF input as they are: it is not base64-decoded, so any
        /// string of at least 32 bytes works and the same string always yields the same key. HKDF
        /// turns an input that is not uniformly random (say, a long passphrase) into a uniform key.
        public init(encryptionKey: String) throws(SecretBoxError) {
            let material = Array(encryptionKey.utf8)
            guard material.count >= Self.minimumByteCount else {
                throw .keyTooShort(byteCount: material.count)
            }
            let derived = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: material),
                salt: Self.hkdfSalt, info: Self.hkdfInfo, outputByteCount: 32
            )
            let digest = derived.withUnsafeBytes { SHA256.hash(data: $0) }
            self.id = digest.prefix(8).map { ($0 < 0x10 ? "0" : "") + String($0, radix: 16) }.joined()
            self.symmetricKey = derived
        }
    }
}
