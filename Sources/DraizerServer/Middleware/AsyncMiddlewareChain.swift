import Vapor

/// Async middlewares run in one task. Vapor runs every `AsyncMiddleware` in a task of its own, with a
/// promise and a future between each layer and the next: an order went through nine such layers (six
/// global, the rate limit, the access token, the handler), about a tenth of its CPU. Chained here, each
/// layer calls the next directly; what each one sees and does is unchanged.
struct AsyncMiddlewareChain: AsyncMiddleware {
    let layers: [any AsyncMiddleware]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await Link(layers: layers[...], last: next).respond(to: request)
    }

    /// The layers from here on, then `last`.
    fileprivate struct Link: AsyncResponder {
        let layers: ArraySlice<any AsyncMiddleware>
        let last: any Responder

        func respond(to request: Request) async throws -> Response {
            guard let layer = layers.first else {
                if let last = last as? any AsyncResponder { return try await last.respond(to: request) }
                return try await last.respond(to: request).get()
            }
            return try await layer.respond(to: request, chainingTo: Link(layers: layers.dropFirst(), last: last))
        }
    }
}

extension Middlewares {
    /// The middlewares in order, outermost first, with each run of consecutive async ones in one chain.
    static func chained(_ middlewares: [any Middleware]) -> Middlewares {
        var result = Middlewares(), run: [any AsyncMiddleware] = []
        func flush() {
            if run.count == 1 { result.use(run[0]) } else if !run.isEmpty { result.use(AsyncMiddlewareChain(layers: run)) }
            run = []
        }
        for middleware in middlewares {
            if let async = middleware as? any AsyncMiddleware { run.append(async) } else { flush(); result.use(middleware) }
        }
        flush()
        return result
    }
}

extension RoutesBuilder {
    /// `grouped(_:)` for async middlewares: a route's layers from every nested `chained` group and its
    /// async handler run in one task.
    func chained(_ middlewares: any AsyncMiddleware...) -> any RoutesBuilder {
        ChainedGroup(root: self, layers: middlewares)
    }
}

private final class ChainedGroup: RoutesBuilder {
    let root: any RoutesBuilder
    let layers: [any AsyncMiddleware]

    init(root: any RoutesBuilder, layers: [any AsyncMiddleware]) {
        self.root = root
        self.layers = layers
    }

    func add(_ route: Route) {
        // Groups wrap inner first: an outer group's layers go in front of the chain an inner one made.
        if let inner = route.responder as? AsyncMiddlewareChain.Link {
            route.responder = AsyncMiddlewareChain.Link(layers: (layers + inner.layers)[...], last: inner.last)
        } else {
            route.responder = AsyncMiddlewareChain.Link(layers: layers[...], last: route.responder)
        }
        root.add(route)
    }
}
