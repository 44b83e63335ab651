import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("Errors are RFC 9457 problems")
struct ProblemResponseTests {
    private struct SecretFailure: Error { let message = "password=hunter2 at /srv/db.swift:42" }

    private struct Payload: Content {
        let side: String
        let amount: Int
    }

    @Test func unknownRouteIsAProblemWithTheRequestID() async throws {
        try await withDraizerApp { app in
            let response = try await app.sendRequest(.GET, "/api/v1/nowhere")
            #expect(response.status == .notFound)
            #expect(response.headers.first(name: .contentType) == "application/problem+json; charset=utf-8")
            let body = try response.json()
            #expect(body["type"] as? String == "about:blank")
            #expect(body["title"] as? String == "Not Found")
            #expect(body["status"] as? Int == 404)
            #expect(body["instance"] as? String == "/api/v1/nowhere")
            let requestID = try #require(response.headers.first(name: .xRequestId))
            #expect(body["request_id"] as? String == requestID)
        }
    }

    @Test func inboundRequestIDIsKeptAndEchoed() async throws {
        try await withDraizerApp { app in
            let response = try await app.sendRequest(.GET, "/health", headers: ["X-Request-Id": "trace-1234"])
            #expect(response.headers.first(name: .xRequestId) == "trace-1234")
        }
    }

    @Test func unexpectedErrorsLeakNothing() async throws {
        try await withDraizerApp { app in
            app.get("boom") { _ -> String in throw SecretFailure() }
            let response = try await app.sendRequest(.GET, "/boom")
            #expect(response.status == .internalServerError)
            #expect(!response.body.string.contains("hunter2"))
            #expect(!response.body.string.contains("SecretFailure"))
            #expect(!response.body.string.contains(".swift"))
            let body = try response.json()
            #expect(body["type"] as? String == "/problems/internal")
            #expect((body["detail"] as? String)?.contains(response.headers.first(name: .xRequestId) ?? "?") == true)
        }
    }

    @Test func malformedJSONIsA400() async throws {
        try await withDraizerApp { app in
            app.post("echo") { req -> HTTPStatus in _ = try req.content.decode(Payload.self); return .ok }
            let response = try await app.sendRequest(.POST, "/echo", headers: ["Content-Type": "application/json"],
                                                     body: .json(#"{"side": "buy", "amount": "#))
            #expect(response.status == .badRequest)
            #expect(try response.json()["type"] as? String == "/problems/validation")
        }
    }

    @Test func missingAndMistypedFieldsAreNamed() async throws {
        try await withDraizerApp { app in
            app.post("echo") { req -> HTTPStatus in _ = try req.content.decode(Payload.self); return .ok }
            let missing = try await app.sendRequest(.POST, "/echo", headers: ["Content-Type": "application/json"],
                                                    body: .json(#"{"side": "buy"}"#))
            #expect(missing.status == .badRequest)
            let params = try missing.json()["invalid_params"] as? [[String: String]]
            #expect(params?.first?["name"] == "amount")

            let mistyped = try await app.sendRequest(.POST, "/echo", headers: ["Content-Type": "application/json"],
                                                     body: .json(#"{"side": "buy", "amount": "ten"}"#))
            #expect(mistyped.status == .badRequest)
            #expect((try mistyped.json()["invalid_params"] as? [[String: String]])?.first?["name"] == "amount")
        }
    }

    @Test func aDomainProblemKeepsItsTypeAndHeaders() async throws {
        try await withDraizerApp { app in
            app.get("busy") { _ -> String in
                throw Problem(.tooManyRequests, type: "rate-limited", detail: "Slow down.", headers: ["Retry-After": "7"])
            }
            let response = try await app.sendRequest(.GET, "/busy")
            #expect(response.status == .tooManyRequests)
            #expect(response.headers.first(name: "Retry-After") == "7")
            let body = try response.json()
            #expect(body["type"] as? String == "/problems/rate-limited")
            #expect(body["detail"] as? String == "Slow down.")
        }
    }
}
