import DraizerCore
import Foundation
import Vapor

/// `POST /api/v1/stream/ticket` (bearer) gives a one-use ticket valid 60 s; `GET /api/v1/stream?ticket=…`
/// upgrades to a WebSocket. A browser cannot set an Authorization header on a WebSocket, and a long-lived
/// token in a URL would end up in logs: hence the short single-use ticket.
///
/// Client → server: `{"type": "subscribe", "symbols": ["BTCUSDT"]}`, `{"type": "unsubscribe", "symbols": […]}`.
/// Server → client: `price`, `candle` (per subscribed symbol), `trade` (the user's own), `subscribed`, `error`.
struct StreamController: RouteCollection {
    let stream: StreamHub
    let market: MarketHub

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("stream").chained(AccessTokenMiddleware(allowsPendingMFA: false)).post("ticket", use: ticket)
        routes.get("stream", use: open)
    }

    struct TicketResponse: Content {
        let ticket: String
        let expiresIn: Int
    }

    @Sendable func ticket(req: Request) async throws -> TicketResponse {
        let caller = try req.caller
        let issued = try await req.services.tokens.issue(.streamTicket, subject: caller.userID, session: caller.sessionID,
                                                         lifetime: TokenService.streamTicketLifetime)
        return TicketResponse(ticket: issued.token, expiresIn: Int(TokenService.streamTicketLifetime))
    }

    @Sendable func open(req: Request) async throws -> Response {
        guard let ticket = try? req.query.get(String.self, at: "ticket") else {
            throw Problem.unauthorized("Get a ticket from POST /api/v1/stream/ticket and pass it as ?ticket=.")
        }
        let claims = try await req.services.tokens.verify(ticket, as: .streamTicket)
        guard req.headers.first(name: .upgrade)?.lowercased() == "websocket" else {
            throw Problem(.upgradeRequired, type: "websocket-required", title: "WebSocket required",
                          detail: "Open this URL as a WebSocket.", headers: ["Upgrade": "websocket"])
        }
        guard let userID = UUID(uuidString: claims.sub.value),
              await stream.redeem(ticketID: claims.jti.value, expiresAt: claims.exp.value, now: req.now)
        else { throw Problem.unauthorized("This stream ticket was already used; get a new one.") }
        let stream = self.stream, market = self.market
        let response = Response(status: .switchingProtocols)
        response.upgrader = StreamUpgrader(maxFrameSize: 1 << 14) { socket, writer in
            // Callbacks are set here, on the socket's event loop, as WebSocketKit requires.
            let id = UUID()
            socket.pingInterval = .seconds(20)
            socket.onText { socket, text in
                Task {
                    await stream.add(id: id, userID: userID, socket: socket, writer: writer)
                    await Self.handle(text, client: id, stream: stream, market: market)
                }
            }
            socket.onClose.whenComplete { _ in Task { await stream.remove(id) } }
            Task { await stream.add(id: id, userID: userID, socket: socket, writer: writer) }
        }
        return response
    }

    private static func handle(_ text: String, client id: UUID, stream: StreamHub, market: MarketHub) async {
        guard let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let type = object["type"] as? String, type == "subscribe" || type == "unsubscribe",
              let names = object["symbols"] as? [String], names.count <= 20
        else {
            if let message = StreamMessage.error("Send {\"type\": \"subscribe\" or \"unsubscribe\", \"symbols\": [\"BTCUSDT\"]}.") {
                await stream.send(message, to: id)
            }
            return
        }
        var symbols = Set<Symbol>()
        for name in names {
            guard let symbol = try? Symbol(name), await market.symbolInfo(symbol) != nil else {
                if let message = StreamMessage.error("\(name) is not a tradable symbol here.") { await stream.send(message, to: id) }
                return
            }
            symbols.insert(symbol)
        }
        var current = await stream.symbols(of: id)
        if type == "subscribe" { current.formUnion(symbols) } else { current.subtract(symbols) }
        await stream.setSymbols(current, for: id)
        if let message = StreamMessage.subscribed(current) { await stream.send(message, to: id) }
    }
}
