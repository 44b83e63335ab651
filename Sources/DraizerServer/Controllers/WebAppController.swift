import Vapor

/// Serves the web app's bundle (`WEB_DIR`, built by `scripts/build-web`) at `/`: its files as they are,
/// with year-long caching for the content-hashed `assets/`, and `index.html` for every other page path so
/// the app's own routes (`/dashboard`, `/decisions/…`) survive a reload. A catch-all route, so every API
/// route wins over it, and unknown API paths stay 404 problems.
struct WebAppController: RouteCollection {
    let directory: String

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: serve)
        routes.get(.catchall, use: serve)
    }

    @Sendable func serve(req: Request) async throws -> Response {
        let path = req.url.path
        guard !path.hasPrefix("/api/"), !path.contains("..") else { throw Abort(.notFound) }
        let relative = path == "/" ? "index.html" : String(path.dropFirst())
        var isDirectory: ObjCBool = false
        let file = directory + "/" + relative
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue {
            let response = try await req.fileio.asyncStreamFile(at: file)
            response.headers.replaceOrAdd(
                name: .cacheControl, value: relative.hasPrefix("assets/") ? "public, max-age=31536000, immutable" : "no-cache")
            return response
        }
        // A missing file (it has an extension) is a 404; any other path is a page of the app.
        if relative.split(separator: "/").last?.contains(".") == true { throw Abort(.notFound) }
        let response = try await req.fileio.asyncStreamFile(at: directory + "/index.html")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return response
    }
}
