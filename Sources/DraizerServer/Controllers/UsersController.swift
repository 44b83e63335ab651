import Fluent
import Vapor

/// `/api/v1/users/me`: the caller's profile, sessions and security events, and account deletion.
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("users", "me")
        // Reading the profile is allowed during 2FA enrolment, so the web app knows who is enrolling.
        me.chained(AccessTokenMiddleware(allowsPendingMFA: true)).get(use: show)
        let signedIn = me.chained(AccessTokenMiddleware(allowsPendingMFA: false))
        signedIn.patch(use: update)
        signedIn.delete(use: delete)
        signedIn.get("sessions", use: sessions)
        signedIn.delete("sessions", ":sessionID", use: revokeSession)
        signedIn.get("security-events", use: securityEvents)
    }

    @Sendable func show(req: Request) async throws -> UserResponse {
        UserResponse(try await req.callerUser())
    }

    @Sendable func update(req: Request) async throws -> UserResponse {
        let body = try req.decodeStrict(UpdateMeRequest.self)
        let caller = try req.caller
        let user = try await req.callerUser()
        var changed: [String: String] = [:]
        if let username = body.username {
            user.username = try FieldRules.username(username)
            changed["username"] = user.username
        }
        if body.fullName != nil {
            user.fullName = try FieldRules.fullName(body.fullName)
            changed["full_name"] = "updated"
        }
        do { try await user.save(on: req.db) } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem(.conflict, type: "account-exists", title: "Username taken", detail: "That username is already in use.")
        }
        try await AuditTrail.record("user.update", outcome: .success, user: caller.userID, details: changed, request: req)
        return UserResponse(user)
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let body = try req.decodeStrict(PasswordAndCodeRequest.self)
        let caller = try req.caller
        let user = try await req.callerUser()
        try await Reauthentication.require(body, for: user, on: req)
        try await req.db.transaction { db in
            // The audit trail keeps this line after everything else of the user is gone.
            try await AuditTrail.record("user.delete", outcome: .success, user: caller.userID,
                                        details: ["email_domain": String(user.email.split(separator: "@").last ?? "")],
                                        request: req, on: db)
            try await user.delete(on: db)
        }
        req.services.caches.userChanged(caller.userID)
        req.services.caches.ledgerChanged(caller.userID, version: nil)
        let response = Response(status: .noContent)
        AuthCookies.clear(on: response, for: req)
        return response
    }

    @Sendable func sessions(req: Request) async throws -> [SessionResponse] {
        let caller = try req.caller
        return try await UserSession.query(on: req.db)
            .filter(\.$user.$id == caller.userID)
            .filter(\.$revokedAt == nil)
            .filter(\.$expiresAt > req.now)
            .sort(\.$lastUsedAt, .descending)
            .all()
            .map { session in
                SessionResponse(id: session.id!, createdAt: session.createdAt, lastUsedAt: session.lastUsedAt,
                                ipAddress: session.ipAddress, userAgent: session.userAgent,
                                mfaVerified: session.mfaVerified, current: session.id == caller.sessionID)
            }
    }

    @Sendable func revokeSession(req: Request) async throws -> HTTPStatus {
        let caller = try req.caller
        guard let sessionID = req.parameters.get("sessionID", as: UUID.self) else {
            throw Problem.validation("The session id is not a UUID.", params: [.init(name: "session_id", reason: "must be a UUID")])
        }
        guard let session = try await UserSession.find(sessionID, on: req.db), session.$user.id == caller.userID,
              session.revokedAt == nil
        else { throw Problem(.notFound, type: "not-found", title: "Not found", detail: "No active session with that id.") }
        try await SessionIssuer.revoke(session, reason: "revoked_by_user", on: req.db, at: req.now)
        try await SecurityEvents.record("session_revoked", severity: .info, user: caller.userID,
                                        details: ["session_id": sessionID.uuidString], request: req)
        try await AuditTrail.record("user.session.revoke", outcome: .success, user: caller.userID,
                                    resource: ("session", sessionID.uuidString), request: req)
        return .noContent
    }

    @Sendable func securityEvents(req: Request) async throws -> Page<SecurityEventResponse> {
        let caller = try req.caller
        let (page, perPage) = try req.query.decode(PageQuery.self).validated()
        let query = SecurityEvent.query(on: req.db).filter(\.$user.$id == caller.userID)
        let total = try await query.count()
        let events = try await query.sort(\.$createdAt, .descending).sort(\.$id)
            .range(((page - 1) * perPage)..<(page * perPage)).all()
        return Page(items: events.map(SecurityEventResponse.init), page: page, perPage: perPage, total: total)
    }
}
