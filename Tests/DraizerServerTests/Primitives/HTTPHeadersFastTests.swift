@testable import DraizerServer
import Testing
import Vapor

/// The byte-level header readers of the hot path answer what Vapor's own readers answer.
@Suite("Header readers")
struct HTTPHeadersFastTests {
    private func headers(_ name: HTTPHeaders.Name, _ value: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: name, value: value)
        return headers
    }

    @Test(arguments: [
        "Bearer abc.def.ghi", "bearer abc", "BEARER abc", "BeArEr abc", "Bearer  abc", " Bearer abc ", "Bearer",
        "Bearer ", "Bearer a b", "Basic abc", "Bearerx abc", "Bearé abc", "Bear abc", "Bearer\tabc", "Bearer é😀",
        "Rearer abc", "Bearer\u{0}abc", "", "bearer\u{02} abc",
    ])
    func theBearerTokenIsReadAsVaporReadsIt(value: String) {
        let headers = headers(.authorization, value)
        #expect(headers.bearerToken == headers.bearerAuthorization?.token)
    }

    @Test func noAuthorizationHeaderHasNoToken() {
        #expect(HTTPHeaders().bearerToken == nil)
    }

    @Test(arguments: [
        "application/json", "Application/JSON", "application/json; charset=utf-8", "text/json", "application/jsonx",
        "application/jso", "application/problem+json", "application/x-www-form-urlencoded", "text/plain", "*/*",
        "application/*", "applicatioN/json", "application\u{0F}json", "application/json ", "",
    ])
    func aJSONBodyIsRecognisedAsVaporRecognisesIt(value: String) {
        let headers = headers(.contentType, value)
        let vapor = headers.contentType.map { $0 == .json || $0.subType == "json" } ?? false
        #expect(headers.declaresJSON == vapor)
    }
}
