import Fluent
import SQLKit

struct CreateAuditLogs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditLog.schema)
            .id()
            .field("user_id", .uuid)
            .field("action", .string, .required)
            .field("resource_type", .string)
            .field("resource_id", .string)
            .field("outcome", .string, .required)
            .field("ip_address", .string)
            .field("user_agent", .string)
            .field("request_id", .string)
            .field("details", .string)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("ix_audit_logs_user_created", on: AuditLog.schema, columns: ["user_id", "created_at"])
        try await database.createIndex("ix_audit_logs_action_created", on: AuditLog.schema, columns: ["action", "created_at"])
        try await Self.forbidChanges(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditLog.schema).delete()
        if database.isPostgres, let sql = database as? any SQLDatabase {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_logs_append_only()").run()
        }
    }

    /// The trail is append-only in the database itself, not only by convention in Swift.
    private static func forbidChanges(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if database.isPostgres {
            try await sql.raw("""
                CREATE OR REPLACE FUNCTION audit_logs_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit_logs is append-only'; END;
                $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_logs_no_update_delete BEFORE UPDATE OR DELETE ON audit_logs
                FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only()
                """).run()
        } else {
            for operation in ["UPDATE", "DELETE"] {
                try await sql.raw("""
                    CREATE TRIGGER audit_logs_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON audit_logs
                    BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only'); END
                    """).run()
            }
        }
    }
}
