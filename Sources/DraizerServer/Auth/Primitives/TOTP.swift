import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238) on top of HOTP (RFC 4226).
///
/// The defaults (HMAC-SHA1, 6 digits, 30-second steps) are the only combination every authenticator app
/// supports; the other algorithms and 8 digits exist so the RFC's own test vectors can be checked.
/// Time is always passed in, never read from the system clock, so callers and tests control it.
public struct TOTP: Sendable, Equatable {
    /// The HMAC hash function.
    public enum Algorithm: String, Sendable, CaseIterable {
        case sha1 = "SHA1"
        case sha256 = "SHA256"
        case sha512 = "SHA512"
    }

    /// Byte count of secrets made by ``randomSecret()``: 160 bits, the HMAC-SHA1 output size that
    /// RFC 4226 recommends.
    public static let secretByteCount = 20

    public let algorithm: Algorithm
    /// Number of decimal digits in a code, 6 to 8.
    public let digits: Int
    /// Length of one time step in seconds.
    public let period: Int

    /// The settings authenticator apps assume when a URI does not say otherwise.
    public static let standard = TOTP()

    /// - Precondition: `digits` is in 6...8 (RFC 4226 allows no fewer; more overflow the 31-bit
    ///   truncated value's useful range) and `period` is positive.
    public init(algorithm: Algorithm = .sha1, digits: Int = 6, period: Int = 30) {
        precondition((6...8).contains(digits), "TOTP codes have 6 to 8 digits")
        precondition(period > 0, "TOTP period must be positive")
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
    }

    /// The time-step counter for `date`: whole periods since the Unix epoch (negative before it).
    public func counter(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// The code for `date`.
    public func generate(secret: some ContiguousBytes, at date: Date) -> String {
        generate(secret: secret, counter: counter(at: date))
    }

    /// The HOTP code for an explicit counter (RFC 4226 §5.3), zero-padded to ``digits``.
    public func generate(secret: some ContiguousBytes, counter: Int64) -> String {
        let key = SymmetricKey(data: secret)
        // The counter is an 8-byte big-endian unsigned integer; negative steps (before 1970) only occur
        // with nonsensical clocks and simply wrap.
        let message = withUnsafeBytes(of: UInt64(bitPattern: counter).bigEndian) { Array($0) }
        let mac: [UInt8] = switch algorithm {
        case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        // Dynamic truncation: the low nibble of the last byte picks 4 bytes; the top bit is dropped so the
        // value is the same whether a platform reads it as signed or unsigned.
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24)
            | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        let modulus = (0..<digits).reduce(UInt32(1)) { power, _ in power * 10 }
        let digitsString = String(value % modulus)
        return String(repeating: "0", count: digits - digitsString.count) + digitsString
    }

    /// Checks `code` against the steps around `date` and returns the matched time-step counter.
    ///
    /// To refuse replays, store the returned counter and pass it as `lastUsedCounter` next time: only
    /// steps strictly after it are considered, so each code (and any code older than the last one
    /// used) is accepted at most once.
    ///
    /// - Parameters:
    ///   - code: what the user typed; spaces are ignored, anything but exactly ``digits`` ASCII digits
    ///     fails.
    ///   - window: how many steps before and after the current one are accepted, to allow for clock
    ///     drift and typing time. The default of 1 accepts codes up to about 30 s early or late.
    ///   - lastUsedCounter: the counter returned by the last successful verification, if any.
    /// - Returns: the matched counter, or `nil` when nothing matched. If the code happens to match
    ///   several steps, the latest one is returned, which burns the most steps for replay purposes.
    public func verify(
        code: String, secret: some ContiguousBytes, at date: Date, window: Int = 1,
        after lastUsedCounter: Int64? = nil
    ) -> Int64? {
        precondition(window >= 0, "TOTP window cannot be negative")
        let typed = Array(code.utf8.filter { $0 != UInt8(ascii: " ") })
        guard typed.count == digits, typed.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }

        let current = counter(at: date)
        var matched: Int64?
        // Every candidate is computed and compared, whether or not an earlier one matched, so timing
        // does not reveal which step (if any) matched.
        for step in (current - Int64(window))...(current + Int64(window)) {
            let expected = Array(generate(secret: secret, counter: step).utf8)
            let isMatch = ConstantTime.equals(expected, typed)
            let isFresh = lastUsedCounter.map { step > $0 } ?? true
            if isMatch, isFresh, step >= 0 { matched = step }
        }
        return matched
    }

    /// A new random secret of ``secretByteCount`` bytes from the system's cryptographically secure
    /// generator.
    public static func randomSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<secretByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The `otpauth://` Key URI that authenticator apps import, usually shown as a QR code.
    ///
    /// Shape: `otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30`.
    /// The issuer appears twice because older apps read only the label prefix and newer ones prefer the
    /// parameter. Issuer and account are percent-encoded separately (a `:` inside either becomes `%3A`,
    /// so it cannot be mistaken for the separator).
    public func otpauthURI(secret: some ContiguousBytes, account: String, issuer: String) -> String {
        let base32 = secret.withUnsafeBytes { Base32.encode($0) }
        let label = "\(Self.percentEncode(issuer)):\(Self.percentEncode(account))"
        let query = [
            ("secret", base32),
            ("issuer", issuer),
            ("algorithm", algorithm.rawValue),
            ("digits", String(digits)),
            ("period", String(period)),
        ].map { "\($0)=\(Self.percentEncode($1))" }.joined(separator: "&")
        return "otpauth://totp/\(label)?\(query)"
    }

    /// RFC 3986 unreserved characters plus `@` (legal in both paths and queries and common in account
    /// names) stay literal; everything else, including spaces, becomes `%XX` of its UTF-8 bytes.
    static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "@"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += (byte < 0x10 ? "%0" : "%") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }
}
