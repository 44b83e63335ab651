import Foundation

/// Where the Binance clients connect: live or Spot Testnet, or explicit URLs (`BINANCE_API_URL`,
/// `BINANCE_STREAM_URL`) that win over the testnet flag, which is how tests point them at a fake server.
public struct BinanceConfiguration: Sendable, Hashable {
    public static let liveRESTURL = "https://api.binance.com"
    public static let testnetRESTURL = "https://testnet.binance.vision"
    public static let liveStreamURL = "wss://stream.binance.com:9443"
    public static let testnetStreamURL = "wss://stream.testnet.binance.vision"

    /// Spot Testnet rather than the live exchange; only labels the source when both URLs are explicit.
    public let testnet: Bool
    /// REST base without a trailing slash, e.g. `https://api.binance.com`.
    public let restBaseURL: String
    /// WebSocket market-stream base without a trailing slash, e.g. `wss://stream.binance.com:9443`.
    public let streamBaseURL: String

    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Throws when an override is not an `http(s)://` (REST) or `ws(s)://` (stream) URL with a host.
    public init(testnet: Bool = false, restURL: String? = nil, streamURL: String? = nil) throws(Invalid) {
        self.testnet = testnet
        self.restBaseURL = try Self.validated(
            restURL ?? (testnet ? Self.testnetRESTURL : Self.liveRESTURL), schemes: ["http", "https"], name: "REST")
        self.streamBaseURL = try Self.validated(
            streamURL ?? (testnet ? Self.testnetStreamURL : Self.liveStreamURL), schemes: ["ws", "wss"],
            name: "stream")
    }

    /// The label a `MarketDataSource` shows.
    public var displayName: String { testnet ? "Binance Spot Testnet" : "Binance" }

    private static func validated(_ url: String, schemes: Set<String>, name: String) throws(Invalid) -> String {
        var text = url.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let separator = text.range(of: "://"),
              schemes.contains(text[..<separator.lowerBound].lowercased()),
              !text[separator.upperBound...].isEmpty
        else {
            throw Invalid(description: "Binance \(name) URL '\(url)' must start with \(schemes.sorted().joined(separator: "/"))://")
        }
        return text
    }
}
