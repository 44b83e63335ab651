import CArgon2
import Foundation

/// A failure reported by libargon2, other than "the password does not match".
public struct Argon2Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// libargon2's `argon2_error_codes` value, e.g. -32 (`ARGON2_DECODING_FAIL`) for a corrupt stored hash.
    public let code: Int32
    /// libargon2's own description of `code`.
    public let message: String

    init(code: Int32) {
        self.code = code
        self.message = String(cString: argon2_error_message(code))
    }

    public var description: String { "argon2 error \(code): \(message)" }
}
