import Crypto
import Foundation

/// A user's Binance API key and secret, used to sign `TRADE` and `USER_DATA` requests (HMAC-SHA256 keys).
///
/// The secret never appears in logs or error messages by accident: `description`, `debugDescription` and the
/// reflection `dump` uses all redact it, and show only the start of the API key so two keys can be told apart.
/// Deliberately not `Codable`: storing credentials (encrypted) is the server's business, not a side effect of
/// encoding some value that happens to contain them.
public struct BinanceCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Sent in the `X-MBX-APIKEY` header.
    public let apiKey: String
    /// The HMAC key. Never sent; only the signature made with it is.
    public let secretKey: String

    public init(apiKey: String, secretKey: String) {
        self.apiKey = apiKey
        self.secretKey = secretKey
    }

    /// `hex(HMAC_SHA256(key: secretKey, message: payload))`, lower case: Binance's `signature` parameter, where
    /// `payload` is the exact query string followed by the exact body, as sent, without the signature itself.
    public func signature(for payload: String) -> String {
        let key = SymmetricKey(data: Data(secretKey.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)
        return code.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Whether the key can go into an HTTP header as is: printable ASCII, no spaces. Binance keys are 64
    /// letters and digits; anything else (a pasted newline) is refused before a request is sent.
    var apiKeyIsWellFormed: Bool {
        !apiKey.isEmpty && apiKey.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// The first four characters of the key and its length, e.g. `vmPU…(64)`.
    public var redactedAPIKey: String { "\(apiKey.prefix(4))…(\(apiKey.count))" }

    public var description: String { "BinanceCredentials(apiKey: \(redactedAPIKey), secretKey: <redacted>)" }
    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["apiKey": redactedAPIKey, "secretKey": "<redacted>"], displayStyle: .struct)
    }
}
