import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

/// Sessions and ledgers are served from memory (`AppCaches`); these pin down that no change, wherever it
/// is made, leaves an instance answering from what it cached before.
@Suite("Caches follow every change")
struct CacheCoherenceTests {
    /// Polls `check` for up to three seconds, well under the caches' ten-second lifetime: passing cannot
    /// be the lifetime's doing.
    private func eventually(_ check: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<60 {
            if try await check() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Reads the portfolio until the session's grant is cached: a change fences its user's entries for
    /// half a second, and signing in is a change.
    private func cached(_ app: Application, _ user: TestUser) async throws -> Bool {
        try await eventually { () async throws -> Bool in
            let status = try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).status
            return status == .ok && app.services.caches.sessions.count == 1
        }
    }

    @Test func aRevokedSessionIsRefusedAtOnceByTheInstanceThatRevokedIt() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            #expect(try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).status == .ok)
            #expect(try await app.sendRequest(.POST, "/api/v1/auth/logout-all", headers: user.bearer).status == .noContent)
            #expect(try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).status == .unauthorized)
        }
    }

    @Test func aTradeIsInThePortfolioTheNextMomentItIsRead() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let before = try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).json()
            let order = try await app.sendRequest(.POST, "/api/v1/trading/orders", headers: user.bearer,
                                                  body: .json(#"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#))
            #expect(order.status == .created)
            let after = try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).json()
            #expect(before["cash"] as? String == "1000")
            #expect(after["cash"] as? String != before["cash"] as? String)
            #expect((after["positions"] as? [Any])?.count == 1)
        }
    }

    /// A change nobody in the server made (psql, another deployment's tool) reaches the cache through the
    /// table's trigger and `NOTIFY`.
    @Test(.enabled(if: TestDatabase.isPostgres, "needs the PostgreSQL the test command starts"))
    func aSessionRevokedInTheDatabaseDirectlyIsRefused() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            #expect(try await eventually { app.services.caches.isLive }, "the change listener connects")
            #expect(try await cached(app, user), "the session's grant is cached")
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE user_sessions SET revoked_at = now()").run()
            #expect(try await eventually {
                try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).status == .unauthorized
            })
        }
    }

    @Test(.enabled(if: TestDatabase.isPostgres, "needs the PostgreSQL the test command starts"))
    func cashChangedInTheDatabaseDirectlyIsShown() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            #expect(try await eventually { app.services.caches.isLive }, "the change listener connects")
            #expect(try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).json()["cash"] as? String == "1000")
            #expect(try await cached(app, user) && app.services.caches.ledgers.count == 1, "the ledger is cached")
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE portfolios SET balance_usd = 50000000000, version = version + 1").run()
            #expect(try await eventually {
                try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).json()["cash"] as? String == "500"
            })
        }
    }

    /// A booking statement announces its rows itself and tells the trigger which ones (their user and new
    /// version, for the rest of its transaction): a later change in that transaction is still announced.
    @Test(.enabled(if: TestDatabase.isPostgres, "needs the PostgreSQL the test command starts"))
    func aChangeAfterABookingInItsTransactionIsStillAnnounced() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            #expect(try await eventually { app.services.caches.isLive }, "the change listener connects")
            #expect(try await cached(app, user) && app.services.caches.ledgers.count == 1, "the ledger is cached")
            try await app.db.transaction { db in
                let sql = try #require(db as? any SQLDatabase)
                // What the booking statement leaves behind (PostgresBooking), for the row version it booked.
                try await sql.raw("""
                    SELECT set_config('draizer.ledger_announced', user_id::text || ':' || (version + 1)::text, true)
                    FROM portfolios
                    """).run()
                try await sql.raw("UPDATE portfolios SET version = version + 1").run()
                try await sql.raw("UPDATE portfolios SET balance_usd = 50000000000, version = version + 1").run()
            }
            #expect(try await eventually {
                try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).json()["cash"] as? String == "500"
            })
        }
    }

    /// Notifications sent while the listener is disconnected are lost: until it is back, nothing is
    /// served from memory.
    @Test(.enabled(if: TestDatabase.isPostgres, "needs the PostgreSQL the test command starts"))
    func withoutItsListenerAnInstanceServesNothingFromMemory() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            #expect(try await eventually { app.services.caches.isLive }, "the change listener connects")
            #expect(try await cached(app, user))
            let sql = try #require(app.db as? any SQLDatabase)
            let listener = ChangeListener.applicationName(schema: try #require(app.config.postgresSchema))
            let darkBefore = app.services.caches.timesDark
            try await sql.raw("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \(bind: listener)").run()
            // It notices the lost connection and empties the caches (it may be back already: on a loaded
            // machine a look at `isLive` can miss its quarter second in the dark).
            #expect(try await eventually { app.services.caches.timesDark > darkBefore }, "it notices the lost connection")
            try await sql.raw("UPDATE user_sessions SET revoked_at = now()").run()
            #expect(try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).status == .unauthorized)
            // It reconnects and serves from memory again.
            var fresh = user
            try await fresh.signIn(app)
            #expect(try await eventually { app.services.caches.isLive }, "the listener is back")
            #expect(try await cached(app, fresh), "and the cache serves again")
        }
    }

    @Test(.enabled(if: TestDatabase.isPostgres, "needs the PostgreSQL the test command starts"))
    func twoInstancesSeeEachOthersTradesAndSignOuts() async throws {
        let environment = try TestDatabase.deploymentEnvironment().merging([
            "LOG_LEVEL": "warning", "MARKET_DATA_SOURCE": "simulated", "SIMULATION_HISTORY_DAYS": "1",
        ]) { $1 }
        let first = try await ServerProcess(environment: environment)
        defer { first.stop() }
        let second = try await ServerProcess(environment: environment)
        defer { second.stop() }
        let (status, body) = try await first.post("api/v1/auth/register", [
            "email": "ada@example.com", "username": "ada", "password": "correct-Horse-battery-9"])
        try #require(status == 201, "register: \(body)")
        let token = try #require(body["access_token"] as? String)

        #expect(try await second.get("api/v1/portfolio", token: token).1["cash"] as? String == "1000")
        let (ordered, _) = try await first.post("api/v1/trading/orders",
                                                ["side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"], token: token)
        #expect(ordered == 201)
        #expect(try await eventually {
            try await second.get("api/v1/portfolio", token: token).1["cash"] as? String != "1000"
        }, "the second instance shows the trade the first one booked")

        let (signedOut, _) = try await first.post("api/v1/auth/logout-all", [:], token: token)
        #expect(signedOut == 204)
        #expect(try await eventually { try await second.get("api/v1/portfolio", token: token).0 == 401 },
                "the second instance refuses the token the first one revoked")
    }
}
