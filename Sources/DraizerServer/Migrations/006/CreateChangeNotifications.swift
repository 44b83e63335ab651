import Fluent
import SQLKit

/// On PostgreSQL, every committed change to a user, a session or a portfolio is announced on the
/// `draizer_cache` channel, whoever made it (a request, a bot, `draizer user lock`, a cascade, psql), so each
/// instance drops what it cached. Triggers fire inside the writing transaction and PostgreSQL delivers the
/// notification only when it commits. The payload starts with the table's schema: instances of several
/// deployments (or test runs) may share one database. SQLite has one process and nothing to notify.
struct CreateChangeNotifications: AsyncMigration {
    private static let triggers: [(table: String, function: String, payload: String)] = [
        ("users", "draizer_notify_user", "' user ' || changed.id::text"),
        ("user_sessions", "draizer_notify_session", "' user ' || changed.user_id::text"),
        ("portfolios", "draizer_notify_portfolio", "' ledger ' || changed.user_id::text || ' ' || changed.version::text"),
    ]

    func prepare(on database: any Database) async throws {
        guard database.isPostgres, let sql = database as? any SQLDatabase else { return }
        for trigger in Self.triggers {
            try await sql.raw(SQLQueryString("""
                CREATE OR REPLACE FUNCTION \(unsafeRaw: trigger.function)() RETURNS trigger AS $$
                DECLARE changed \(unsafeRaw: trigger.table)%ROWTYPE;
                BEGIN
                  IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
                  PERFORM pg_notify('draizer_cache', TG_TABLE_SCHEMA || \(unsafeRaw: trigger.payload));
                  RETURN NULL;
                END $$ LANGUAGE plpgsql
                """)).run()
            try await sql.raw(SQLQueryString("""
                CREATE TRIGGER \(unsafeRaw: trigger.function) AFTER UPDATE OR DELETE ON \(unsafeRaw: trigger.table)
                FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: trigger.function)()
                """)).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard database.isPostgres, let sql = database as? any SQLDatabase else { return }
        for trigger in Self.triggers {
            try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger.function) ON \(unsafeRaw: trigger.table)")).run()
            try await sql.raw(SQLQueryString("DROP FUNCTION IF EXISTS \(unsafeRaw: trigger.function)()")).run()
        }
    }
}
