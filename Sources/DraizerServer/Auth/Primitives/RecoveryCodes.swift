import Crypto
import Foundation

/// Single-use recovery codes that stand in for a TOTP code when the authenticator is lost.
///
/// A code looks like `7kq4-mz2d-x9bt`: 12 symbols from Crockford's Base32 alphabet (digits and lower-case
/// letters without `i`, `l`, `o`, `u`), 5 bits each, 60 bits in all. Input is forgiving: case, dashes and
/// spaces are ignored, and `o`/`i`/`l` are read as `0`/`1`/`1`, the symbols they are mistaken for.
///
/// Storage keeps only ``hash(_:salt:)`` of each code. A fast hash (SHA-256) is enough because, unlike a
/// password, a code is uniformly random: guessing one means trying 2⁶⁰ candidates, which no amount of
/// hashing speed makes practical, and a slow hash would only make each login attempt expensive for us.
/// The per-user salt stops an attacker holding the database from testing each guess against every
/// user's codes at once. Single use is the caller's job: delete or mark the matched hash.
public enum RecoveryCodes {
    /// How many codes ``generate(count:)`` makes by default.
    public static let defaultCount = 10
    /// Symbols per code, not counting dashes.
    public static let symbolCount = 12

    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)
    /// Domain separation, so these digests cannot be confused with any other SHA-256 use.
    static let hashPrefix = Array("draizer/recovery-code/v1".utf8)

    /// `count` new codes, formatted `xxxx-xxxx-xxxx`, from the system's secure random generator.
    public static func generate(count: Int = defaultCount) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return generate(count: count, using: &generator)
    }

    /// `count` new codes drawn from `generator`. Production must use a cryptographically secure one.
    public static func generate(count: Int, using generator: inout some RandomNumberGenerator) -> [String] {
        (0..<count).map { _ in
            // 32 symbols divide 256 evenly, so masking a random byte keeps the choice uniform.
            let symbols = (0..<symbolCount).map { _ in
                alphabet[Int(UInt8.random(in: .min ... .max, using: &generator) & 0x1F)]
            }
            return format(symbols)
        }
    }

    /// The canonical form of what a user typed (12 lower-case symbols, no separators), or `nil` if it
    /// cannot be a recovery code.
    public static func normalize(_ input: String) -> String? {
        var symbols: [UInt8] = []
        for scalar in input.unicodeScalars {
            guard scalar.isASCII else { return nil }
            var byte = UInt8(scalar.value)
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: " ") { continue }
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { byte |= 0x20 }
            switch byte {
            case UInt8(ascii: "o"): byte = UInt8(ascii: "0")
            case UInt8(ascii: "i"), UInt8(ascii: "l"): byte = UInt8(ascii: "1")
            default: break
            }
            guard alphabet.contains(byte) else { return nil }
            symbols.append(byte)
        }
        guard symbols.count == symbolCount else { return nil }
        return String(decoding: symbols, as: UTF8.self)
    }

    /// The value to store for a code: hex SHA-256 over the normalised code and `salt`, or `nil` if `code`
    /// is not a recovery code.
    ///
    /// - Parameter salt: a stable per-user value such as the user id.
    public static func hash(_ code: String, salt: String) -> String? {
        guard let canonical = normalize(code) else { return nil }
        return digest(canonical: canonical, salt: salt).map { ($0 < 0x10 ? "0" : "") + String($0, radix: 16) }
            .joined()
    }

    /// The index in `storedHashes` of the hash that `input` matches, if any. Every stored hash is compared
    /// in constant time, so timing reveals neither which code matched nor how close a guess came.
    public static func firstMatch(_ input: String, in storedHashes: [String], salt: String) -> Int? {
        guard let candidate = hash(input, salt: salt) else { return nil }
        let candidateBytes = Array(candidate.utf8)
        var matched: Int?
        for (index, stored) in storedHashes.enumerated()
        where ConstantTime.equals(candidateBytes, Array(stored.utf8)) && matched == nil {
            matched = index
        }
        return matched
    }

    /// Whether `input` is the code `storedHash` was made from.
    public static func matches(_ input: String, storedHash: String, salt: String) -> Bool {
        firstMatch(input, in: [storedHash], salt: salt) != nil
    }

    static func digest(canonical: String, salt: String) -> SHA256.Digest {
        var hasher = SHA256()
        // Zero bytes end the prefix and the salt, and the code has a fixed length, so no two different
        // (salt, code) pairs feed the hash the same bytes.
        hasher.update(data: hashPrefix + [0])
        hasher.update(data: Array(salt.utf8) + [0])
        hasher.update(data: Array(canonical.utf8))
        return hasher.finalize()
    }

    static func format(_ symbols: [UInt8]) -> String {
        stride(from: 0, to: symbols.count, by: 4)
            .map { String(decoding: symbols[$0..<min($0 + 4, symbols.count)], as: UTF8.self) }
            .joined(separator: "-")
    }
}
