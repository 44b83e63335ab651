import Fluent
import SQLKit

/// A booking statement announces the ledgers it changed itself, all in one notification (`PostgresBooking`),
/// instead of one per portfolio from migration 006's trigger: with many orders per statement, the trigger's
/// notifications were a measurable share of PostgreSQL's work per order. The statement records what it
/// announced (`draizer.ledger_announced`: `user:version …`, local to its transaction), and the trigger stays
/// silent for exactly those rows; every other change to a portfolio (a reset, a venue switch, psql, a later
/// update in the same transaction) is still announced by the trigger.
struct UpdateLedgerNotifications: AsyncMigration {
    static let setting = "draizer.ledger_announced"

    func prepare(on database: any Database) async throws {
        try await replaceFunction(on: database, skipping: true)
    }

    func revert(on database: any Database) async throws {
        try await replaceFunction(on: database, skipping: false)
    }

    private func replaceFunction(on database: any Database, skipping: Bool) async throws {
        guard database.isPostgres, let sql = database as? any SQLDatabase else { return }
        let skip = skipping ? """
            IF TG_OP = 'UPDATE' AND strpos(' ' || current_setting('\(Self.setting)', true) || ' ',
                                           ' ' || NEW.user_id::text || ':' || NEW.version::text || ' ') > 0 THEN
              RETURN NULL;
            END IF;
            """ : ""
        try await sql.raw(SQLQueryString("""
            CREATE OR REPLACE FUNCTION draizer_notify_portfolio() RETURNS trigger AS $$
            DECLARE changed portfolios%ROWTYPE;
            BEGIN
              \(unsafeRaw: skip)
              IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
              PERFORM pg_notify('draizer_cache', TG_TABLE_SCHEMA || ' ledger ' || changed.user_id::text || ' ' || changed.version::text);
              RETURN NULL;
            END $$ LANGUAGE plpgsql
            """)).run()
    }
}
