import Fluent
import Vapor

/// What a piece of work needs to act on the user's behalf, whether a request started it or the bot did:
/// the database, the time, a logger, the keys, and where the action came from for the audit trail.
struct ActionContext: Sendable {
    /// A database handle, made when asked for (as `Request.db`, Fluent builds one per call, a measurable
    /// cost on every order, and most orders need none: ledgers come from the cache, bookings go through
    /// the group commit).
    var db: any Database { database() }
    private let database: @Sendable () -> any Database
    let now: Date
    let logger: Logger
    let secretBox: SecretBox
    /// The caller's address and agent, nil for the server's own work.
    let clientIP: String?
    let userAgent: String?
    /// The request id, or a label such as `bot:<id>` for background work, so audit rows lead to log lines.
    let requestID: String?

    fileprivate init(database: @escaping @Sendable () -> any Database, now: Date, logger: Logger, secretBox: SecretBox,
                     clientIP: String?, userAgent: String?, requestID: String?) {
        self.database = database
        self.now = now
        self.logger = logger
        self.secretBox = secretBox
        self.clientIP = clientIP
        self.userAgent = userAgent
        self.requestID = requestID
    }
}

extension Request {
    var actionContext: ActionContext {
        ActionContext(database: { [self] in db }, now: now, logger: logger, secretBox: services.secretBox,
                      clientIP: clientIP, userAgent: userAgent, requestID: id)
    }
}

extension Application {
    /// The context of an operator's command (`draizer user`, `draizer keys`): audited as coming from the
    /// command line, with the command and the operator's login as its agent.
    func operatorContext(command: String) -> ActionContext {
        // Made now, not on demand: work outside a request may outlive the database (Fluent's `db` traps
        // after shutdown, where a handle made earlier answers with an error).
        let db = self.db
        return ActionContext(
            database: { db }, now: Date(), logger: logger, secretBox: services.secretBox, clientIP: "cli",
            userAgent: "draizer \(command) (operator: \(ProcessInfo.processInfo.environment["USER"] ?? "unknown"))", requestID: nil)
    }

    /// The context of work the server does by itself, labelled for the audit trail.
    func backgroundContext(label: String, now: Date? = nil) -> ActionContext {
        var logger = self.logger
        logger[metadataKey: "task"] = .string(label)
        let db = self.db  // made now, as for operators
        return ActionContext(database: { db }, now: now ?? wallClock.now(), logger: logger,
                             secretBox: services.secretBox, clientIP: nil, userAgent: nil, requestID: label)
    }
}
