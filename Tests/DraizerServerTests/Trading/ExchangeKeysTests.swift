import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("Exchange keys and venue")
struct ExchangeKeysTests {
    private let apiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    private let secretKey = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"

    @Test func keysAreWriteOnlyAndStoredEncrypted() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let stored = try await app.sendRequest(.PUT, "/api/v1/users/me/exchange-keys", headers: user.bearer,
                                                   body: .json(#"{"api_key": "\#(apiKey)", "secret_key": "\#(secretKey)"}"#))
            #expect(stored.status == .ok)
            #expect(!stored.body.string.contains(apiKey) && !stored.body.string.contains(secretKey))
            let shown = try await app.sendRequest(.GET, "/api/v1/users/me/exchange-keys", headers: user.bearer)
            #expect(try shown.json()["configured"] as? Bool == true)
            #expect(try shown.json()["key_hint"] as? String == "…Eh8A")
            #expect(!shown.body.string.contains(secretKey))

            let row = try #require(try await ExchangeCredential.query(on: app.db).first())
            #expect(row.sealedAPIKey.hasPrefix("v1.") && !row.sealedAPIKey.contains(apiKey))
            #expect(row.sealedSecretKey.hasPrefix("v1.") && !row.sealedSecretKey.contains(secretKey))
            let userID = try #require(row.$user.id as UUID?)
            let opened = try app.services.secretBox.openString(row.sealedSecretKey,
                                                               associatedData: ExchangeCredential.context(userID, field: "secret_key"))
            #expect(opened == secretKey)
            // Bound to its field: the secret's ciphertext does not open as the API key.
            #expect(throws: (any Error).self) {
                try app.services.secretBox.openString(row.sealedSecretKey, associatedData: ExchangeCredential.context(userID, field: "api_key"))
            }
        }
    }

    @Test func theTestnetVenueNeedsKeysAndFallsBackToPaperWhenTheyGo() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let early = try await app.sendRequest(.PUT, "/api/v1/trading/venue", headers: user.bearer, body: .json(#"{"venue": "binance_testnet"}"#))
            #expect(early.status == .conflict)
            _ = try await app.sendRequest(.PUT, "/api/v1/users/me/exchange-keys", headers: user.bearer,
                                          body: .json(#"{"api_key": "\#(apiKey)", "secret_key": "\#(secretKey)"}"#))
            let set = try await app.sendRequest(.PUT, "/api/v1/trading/venue", headers: user.bearer, body: .json(#"{"venue": "binance_testnet"}"#))
            #expect(try set.json()["venue"] as? String == "binance_testnet")
            #expect(try await app.sendRequest(.PUT, "/api/v1/trading/venue", headers: user.bearer, body: .json(#"{"venue": "moon"}"#)).status == .badRequest)
            #expect(try await app.sendRequest(.DELETE, "/api/v1/users/me/exchange-keys", headers: user.bearer).status == .noContent)
            let after = try await app.sendRequest(.GET, "/api/v1/trading/venue", headers: user.bearer)
            #expect(try after.json()["venue"] as? String == "paper")
        }
    }

    @Test func malformedKeysAreRejected() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let response = try await app.sendRequest(.PUT, "/api/v1/users/me/exchange-keys", headers: user.bearer,
                                                     body: .json(#"{"api_key": "short", "secret_key": "x y z"}"#))
            #expect(response.status == .badRequest)
            #expect(try await ExchangeCredential.query(on: app.db).count() == 0)
        }
    }
}
