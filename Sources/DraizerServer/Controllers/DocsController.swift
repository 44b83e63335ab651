import Foundation
import Vapor

/// The API's contract and its reference page: `GET /api/v1/openapi.json` (the OpenAPI 3.1 document the
/// contract tests check the server against) and `GET /api/v1/docs` (a page that renders it).
struct DocsController: RouteCollection {
    private struct Asset {
        let body: ByteBuffer
        let type: HTTPMediaType
    }

    private let assets: [String: Asset]

    init() throws {
        func load(_ name: String, _ type: HTTPMediaType, in directory: String? = nil) throws -> Asset {
            let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: directory)
            guard let url, let data = FileManager.default.contents(atPath: url.path) else {
                throw Abort(.internalServerError, reason: "resource \(name) is missing from the build")
            }
            return Asset(body: ByteBuffer(data: data), type: type)
        }
        assets = [
            "openapi.json": try load("openapi.json", .json),
            "index.html": try load("index.html", .html, in: "api-docs"),
            "api-docs.js": try load("api-docs.js", HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]), in: "api-docs"),
            "api-docs.css": try load("api-docs.css", HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]), in: "api-docs"),
        ]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.json") { req in try serve("openapi.json", req) }
        routes.get("docs") { req in try serve("index.html", req) }
        routes.get("docs", "api-docs.js") { req in try serve("api-docs.js", req) }
        routes.get("docs", "api-docs.css") { req in try serve("api-docs.css", req) }
    }

    private func serve(_ name: String, _ req: Request) throws -> Response {
        guard let asset = assets[name] else { throw Abort(.notFound) }
        let response = Response(status: .ok, body: .init(buffer: asset.body))
        response.headers.contentType = asset.type
        return response
    }
}
