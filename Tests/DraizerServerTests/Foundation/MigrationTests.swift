import DraizerCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import DraizerServer

@Suite("Migrations and the schema")
struct MigrationTests {
    static let tables = ["users", "portfolios", "positions", "transactions", "ai_decisions", "market_data",
                         "audit_logs", "security_events"]

    private func tableNames(_ app: Application) async throws -> Set<String> {
        let sql = try #require(app.db as? any SQLDatabase)
        let rows: [SQLRow]
        if TestDatabase.isPostgres {
            rows = try await sql.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()").all()
        } else {
            rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
        }
        return Set(try rows.map { try $0.decode(column: "name", as: String.self) })
    }

    private func makeUser(_ app: Application, email: String = "ada@example.com", username: String = "ada") async throws -> User {
        let user = User(email: email, username: username, hashedPassword: "$argon2id$v=19$m=65536,t=3,p=4$x$y")
        try await user.create(on: app.db)
        return user
    }

    @Test func everyTableOfTheDesignExists() async throws {
        try await withDraizerApp { app in
            let names = try await tableNames(app)
            for table in Self.tables { #expect(names.contains(table), "missing table \(table)") }
        }
    }

    @Test func revertRemovesEverythingAndMigratingAgainRestoresIt() async throws {
        try await withDraizerApp { app in
            try await app.autoRevert()
            let afterRevert = try await tableNames(app)
            for table in Self.tables { #expect(!afterRevert.contains(table), "\(table) survived the revert") }
            try await app.autoMigrate()
            try await app.autoMigrate()  // idempotent: nothing left to run
            let names = try await tableNames(app)
            for table in Self.tables { #expect(names.contains(table)) }
        }
    }

    @Test func moneyRoundTripsExactly() async throws {
        try await withDraizerApp { app in
            let user = try await makeUser(app)
            let odd = try Money("1000.12345678")
            let portfolio = Portfolio(userID: try user.requireID(), initialBalance: odd)
            try await portfolio.create(on: app.db)
            let loaded = try #require(try await Portfolio.find(portfolio.id, on: app.db))
            #expect(loaded.balance == odd)
            #expect(loaded.balance.description == "1000.12345678")
        }
    }

    @Test func emailAndUsernameAreUnique() async throws {
        try await withDraizerApp { app in
            _ = try await makeUser(app)
            await #expect(throws: (any Error).self) { _ = try await makeUser(app, username: "other") }
            await #expect(throws: (any Error).self) { _ = try await makeUser(app, email: "other@example.com") }
        }
    }

    @Test func aUserHasAtMostOnePortfolio() async throws {
        try await withDraizerApp { app in
            let user = try await makeUser(app)
            try await Portfolio(userID: try user.requireID(), initialBalance: Money(1000)).create(on: app.db)
            await #expect(throws: (any Error).self) {
                try await Portfolio(userID: try user.requireID(), initialBalance: Money(1000)).create(on: app.db)
            }
        }
    }

    @Test func theDatabaseRefusesANegativeCashBalance() async throws {
        try await withDraizerApp { app in
            let user = try await makeUser(app)
            let portfolio = Portfolio(userID: try user.requireID(), initialBalance: Money(1000))
            try await portfolio.create(on: app.db)
            let sql = try #require(app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE portfolios SET balance_usd = balance_usd - \(bind: Money(1001).units)").run()
            }
        }
    }

    @Test func deletingAUserDeletesTheirDataButKeepsTheAuditTrail() async throws {
        try await withDraizerApp { app in
            let user = try await makeUser(app)
            let userID = try user.requireID()
            try await Portfolio(userID: userID, initialBalance: Money(1000)).create(on: app.db)
            let event = SecurityEvent()
            event.$user.id = userID
            event.eventType = "login_failed"
            event.severity = "warning"
            try await event.create(on: app.db)
            try await audit(app, userID: userID)

            try await user.delete(on: app.db)
            #expect(try await Portfolio.query(on: app.db).count() == 0)
            #expect(try await SecurityEvent.query(on: app.db).count() == 0)
            #expect(try await AuditLog.query(on: app.db).filter(\.$userID == userID).count() == 1)
        }
    }

    @Test func theAuditTrailIsAppendOnly() async throws {
        try await withDraizerApp { app in
            try await audit(app, userID: UUID())
            let sql = try #require(app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_logs SET outcome = 'success'").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM audit_logs").run()
            }
            #expect(try await AuditLog.query(on: app.db).filter(\.$outcome == "failure").count() == 1)
        }
    }

    @Test func aCandleIsStoredOncePerSourceSymbolIntervalAndOpenTime() async throws {
        try await withDraizerApp { app in
            func candle(source: String) -> MarketCandle {
                let candle = MarketCandle()
                candle.source = source
                candle.symbol = "BTCUSDT"
                candle.interval = "1m"
                candle.openTime = 1_679_004_900_000
                candle.closeTime = 1_679_004_959_999
                candle.openUnits = 2_489_918_000_000
                candle.highUnits = 2_494_398_000_000
                candle.lowUnits = 2_489_629_000_000
                candle.closeUnits = 2_493_420_000_000
                candle.volumeUnits = 29_313_711_000
                candle.quoteVolumeUnits = 0
                candle.tradeCount = 0
                return candle
            }
            try await candle(source: "binance").create(on: app.db)
            try await candle(source: "simulated").create(on: app.db)
            await #expect(throws: (any Error).self) { try await candle(source: "binance").create(on: app.db) }
        }
    }

    private func audit(_ app: Application, userID: UUID) async throws {
        let entry = AuditLog()
        entry.userID = userID
        entry.action = "auth.login"
        entry.outcome = "failure"
        entry.requestID = "req-1"
        try await entry.create(on: app.db)
    }
}

@Suite("The PostgreSQL run")
struct PostgresRunTests {
    /// The test command sets DRAIZER_TEST_REQUIRE_POSTGRES on its PostgreSQL run: if the database did not
    /// come up, this fails instead of the whole run silently testing SQLite twice.
    @Test func postgresIsReallyInUseWhenRequired() async throws {
        guard TestDatabase.postgresRequired else { return }
        #expect(TestDatabase.postgresURL != nil, "DRAIZER_TEST_DATABASE_URL is not set")
        try await withDraizerApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            #expect(sql.dialect.name == "postgresql")
            let row = try await sql.raw("SELECT current_schema() AS schema").first()
            #expect(try row?.decode(column: "schema", as: String.self).hasPrefix("test_") == true)
        }
    }
}
