import CArgon2
import Foundation

/// Password hashing with Argon2id (RFC 9106) through libargon2, stored as PHC strings such as
/// `$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>` (the format Python's argon2-cffi reads and writes).
///
/// Every method is synchronous and deliberately slow (that is the point of a password hash): run them on
/// a thread pool, never on an event loop.
public struct Argon2id: Sendable {
    /// Settings for new hashes and the standard ``needsRehash(encoded:)`` compares against.
    public let parameters: Parameters

    /// A hash of a random password made with ``parameters``. Verifying a login for an unknown user against
    /// it takes as long as verifying a real hash, so response times do not reveal which accounts exist.
    public let dummyHash: String

    /// Validates `parameters` by computing ``dummyHash`` once, so a bad configuration fails at startup.
    public init(parameters: Parameters = Parameters()) throws(Argon2Error) {
        self.parameters = parameters
        let randomPassword = Self.randomBytes(count: 32)
        self.dummyHash = try Self.hash(bytes: randomPassword, parameters: parameters)
    }

    /// A new PHC-format hash of `password` with a fresh random salt.
    public func hash(password: String) throws(Argon2Error) -> String {
        try Self.hash(bytes: Array(password.utf8), parameters: parameters)
    }

    /// Whether `password` matches `encoded`, using the cost settings stored in `encoded`.
    ///
    /// A mismatch is `false`. Anything else libargon2 reports — a stored hash that is corrupt or not
    /// Argon2id, memory or threads that could not be allocated — is thrown instead, because it is a fault
    /// to log, not a wrong password to show the user. A login handler should treat a throw as a failed
    /// login as well.
    public func verify(password: String, encoded: String) throws(Argon2Error) -> Bool {
        let bytes = Array(password.utf8)
        // libargon2 compares the hashes in constant time.
        let result = bytes.withUnsafeBytes { argon2id_verify(encoded, $0.baseAddress, $0.count) }
        switch result {
        case ARGON2_OK.rawValue: return true
        case ARGON2_VERIFY_MISMATCH.rawValue: return false
        default: throw Argon2Error(code: result)
        }
    }

    /// Spends the time of one verification against ``dummyHash``; the login path for unknown users.
    public func verifyDummy(password: String) {
        _ = try? verify(password: password, encoded: dummyHash)
    }

    /// `true` when `encoded` was not made with ``parameters`` (other costs, salt or hash length, an older
    /// Argon2 version or variant, or unparseable): after a successful login, hash the password again and
    /// store the new string.
    public func needsRehash(encoded: String) -> Bool {
        guard let stored = Self.settings(of: encoded) else { return true }
        return stored != parameters
    }

    // MARK: Internals

    /// The `v=` field libargon2 writes: version 0x13 of the algorithm.
    static let algorithmVersion = 19

    static func hash(bytes password: [UInt8], parameters: Parameters) throws(Argon2Error) -> String {
        let salt = randomBytes(count: parameters.saltLength)
        // argon2_encodedlen counts the terminating NUL.
        let capacity = argon2_encodedlen(
            parameters.iterations, parameters.memoryKiB, parameters.parallelism,
            UInt32(clamping: parameters.saltLength), UInt32(clamping: parameters.hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: capacity + 1)
        let result = password.withUnsafeBytes { passwordBuffer in
            salt.withUnsafeBytes { saltBuffer in
                argon2id_hash_encoded(
                    parameters.iterations, parameters.memoryKiB, parameters.parallelism,
                    passwordBuffer.baseAddress, passwordBuffer.count,
                    saltBuffer.baseAddress, saltBuffer.count,
                    parameters.hashLength, &encoded, encoded.count)
            }
        }
        guard result == ARGON2_OK.rawValue else { throw Argon2Error(code: result) }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Reads the settings out of a PHC string; `nil` unless it is a well-formed current-version Argon2id hash.
    static func settings(of encoded: String) -> Parameters? {
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].isEmpty, fields[1] == "argon2id",
              fields[2] == "v=\(algorithmVersion)"
        else { return nil }
        var costs: [Substring: UInt32] = [:]
        for pair in fields[3].split(separator: ",") {
            let keyValue = pair.split(separator: "=", maxSplits: 1)
            guard keyValue.count == 2, let value = UInt32(keyValue[1]) else { return nil }
            costs[keyValue[0]] = value
        }
        guard costs.count == 3, let memory = costs["m"], let iterations = costs["t"],
              let parallelism = costs["p"],
              let saltLength = unpaddedBase64ByteCount(fields[4]),
              let hashLength = unpaddedBase64ByteCount(fields[5])
        else { return nil }
        return Parameters(memoryKiB: memory, iterations: iterations, parallelism: parallelism,
                          saltLength: saltLength, hashLength: hashLength)
    }

    /// Decoded length of PHC's unpadded standard base64; `nil` for an impossible length.
    private static func unpaddedBase64ByteCount(_ text: Substring) -> Int? {
        let count = text.utf8.count
        guard count > 0, count % 4 != 1 else { return nil }
        return count * 3 / 4
    }

    static func randomBytes(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
