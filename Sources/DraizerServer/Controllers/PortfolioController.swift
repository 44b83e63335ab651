import DraizerCore
import Fluent
import Foundation
import Vapor

/// `/api/v1/portfolio`: the account valued at current prices, its positions, history, statistics, equity
/// curve, and reset.
struct PortfolioController: RouteCollection {
    let trading: TradingService
    let rendered = RenderedPortfolios()

    func boot(routes: any RoutesBuilder) throws {
        let portfolio = routes.grouped("portfolio").chained(AccessTokenMiddleware(allowsPendingMFA: false))
        portfolio.get(use: show)
        portfolio.get("positions", use: positions)
        portfolio.get("transactions", use: transactions)
        portfolio.get("stats", use: stats)
        portfolio.get("equity", use: equity)
        portfolio.post("reset", use: reset)
    }

    struct PortfolioResponse: Content {
        let cash: String
        let initialBalance: String
        let equity: String?
        let positionsValue: String?
        let totalPnl: String?
        let realizedPnl: String
        let unrealizedPnl: String?
        let feesPaid: String
        let runNumber: Int
        let runStartedAt: Date
        /// Symbols held whose price is unknown: equity cannot be valued until one arrives.
        let unpricedSymbols: [String]
        let positions: [PositionResponse]
    }

    @Sendable func show(req: Request) async throws -> Response {
        let ledger = try await load(req)
        let marks = await trading.marks(for: ledger.state)
        let body = try rendered.body(for: ledger, marks: marks) {
            var buffer = ByteBuffer()
            var headers = HTTPHeaders()
            try ContentConfiguration.global.requireEncoder(for: .json).encode(Self.response(ledger, marks: marks), to: &buffer, headers: &headers)
            return buffer
        }
        return Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(buffer: body))
    }

    private static func response(_ ledger: LedgerSnapshot, marks: [Symbol: Price]) -> PortfolioResponse {
        let state = ledger.state
        let equity = state.equity(marks: marks)
        return PortfolioResponse(
            cash: state.cash.description, initialBalance: state.initialCash.description,
            equity: equity?.description, positionsValue: state.marketValue(marks: marks)?.description,
            totalPnl: equity.map { ($0 - state.initialCash).description },
            realizedPnl: state.realizedPnL.description, unrealizedPnl: state.unrealizedPnL(marks: marks)?.description,
            feesPaid: state.feesPaid.description, runNumber: ledger.runNumber, runStartedAt: ledger.runStartedAt,
            unpricedSymbols: state.openPositions.filter { marks[$0.symbol] == nil }.map(\.symbol.rawValue),
            positions: state.openPositions.map { PositionResponse($0, mark: marks[$0.symbol]) })
    }

    @Sendable func positions(req: Request) async throws -> [PositionResponse] {
        let state = try await load(req).state
        let marks = await trading.marks(for: state)
        return state.openPositions.map { PositionResponse($0, mark: marks[$0.symbol]) }
    }

    @Sendable func transactions(req: Request) async throws -> Response {
        let filters = try req.query.decode(TransactionFilters.self)
        if let format = filters.format, format != "csv", format != "json" {
            throw Problem.validation("format must be csv or json.", params: [.init(name: "format", reason: "must be csv or json")])
        }
        if filters.format == "csv" {
            return try await Self.transactionsCSV(req, filters: filters)
        }
        return try await Self.transactionsPage(req, filters: filters).encodeResponse(for: req)
    }

    struct StatsResponse: Content {
        let totalTrades: Int
        let winningTrades: Int
        let losingTrades: Int
        let winRate: String?
        let realizedPnl: String
        let unrealizedPnl: String?
        let feesPaid: String
        let equity: String?
        let maxDrawdown: String?
        let returnSinceStart: String?
    }

    @Sendable func stats(req: Request) async throws -> StatsResponse {
        let ledger = try await load(req)
        let state = ledger.state
        let marks = await trading.marks(for: state)
        let curve = try await EquitySnapshot.query(on: req.db).filter(\.$portfolio.$id == ledger.portfolioID)
            .filter(\.$runNumber == ledger.runNumber).sort(\.$takenAt).all().map { Money(units: $0.equityUnits) }
        let equity = state.equity(marks: marks)
        let statistics = PortfolioStatistics(portfolio: state, marks: marks, equityCurve: [state.initialCash] + curve + (equity.map { [$0] } ?? []))
        return StatsResponse(
            totalTrades: state.tradeCount, winningTrades: state.winningSells, losingTrades: state.losingSells,
            winRate: statistics?.winRate.description, realizedPnl: state.realizedPnL.description,
            unrealizedPnl: state.unrealizedPnL(marks: marks)?.description, feesPaid: state.feesPaid.description,
            equity: equity?.description, maxDrawdown: statistics.map { $0.maxDrawdown.description },
            returnSinceStart: statistics.map { $0.returnSinceStart.description })
    }

    struct EquityPoint: Content {
        let time: Date
        let equity: String
        let cash: String
        let reason: String
    }

    @Sendable func equity(req: Request) async throws -> [EquityPoint] {
        let ledger = try await load(req)
        var run = ledger.runNumber
        if let text = try? req.query.get(String.self, at: "run") {
            guard let number = Int(text), (1...ledger.runNumber).contains(number) else {
                throw Problem.validation("run must be a run number from 1 to \(ledger.runNumber).",
                                         params: [.init(name: "run", reason: "1…\(ledger.runNumber)")])
            }
            run = number
        }
        return try await EquitySnapshot.query(on: req.db).filter(\.$portfolio.$id == ledger.portfolioID)
            .filter(\.$runNumber == run).sort(\.$takenAt).limit(5000).all()
            .map { EquityPoint(time: $0.takenAt, equity: Money(units: $0.equityUnits).description,
                               cash: Money(units: $0.cashUnits).description, reason: $0.reason) }
    }

    @Sendable func reset(req: Request) async throws -> Response {
        let caller = try req.caller
        let portfolioID = try await Portfolio.of(user: caller.userID, on: req.db).requireID()
        try await trading.locks.withLock(portfolioID) {
            try await req.db.writeTransaction { db in
                guard let portfolio = try await Portfolio.find(portfolioID, on: db) else { return }
                let initial = req.application.config.initialBalance
                portfolio.balanceUnits = initial.units
                portfolio.initialBalanceUnits = initial.units
                portfolio.realizedPnLUnits = 0
                portfolio.feesPaidUnits = 0
                portfolio.tradeCount = 0
                portfolio.winningSells = 0
                portfolio.losingSells = 0
                portfolio.runNumber += 1
                portfolio.runStartedAt = req.now
                try await portfolio.save(on: db)
                // History stays (marked by run number); the holdings of the old run are gone.
                try await Position.query(on: db).filter(\.$portfolio.$id == portfolioID).delete()
                try await LedgerStore.snapshot(PortfolioState(initialCash: initial), marks: [:], portfolio: portfolio,
                                               reason: "reset", at: req.now, on: db)
                try await AuditTrail.record("portfolio.reset", outcome: .success, user: caller.userID,
                                            details: ["run_number": String(portfolio.runNumber)], request: req, on: db)
            }
        }
        // The save evicted before the transaction committed; again now that it has.
        req.services.caches.ledgerChanged(caller.userID, version: nil)
        return try await show(req: req)
    }

    // MARK: - Shared

    private func load(_ req: Request) async throws -> LedgerSnapshot {
        try await LedgerSnapshot.current(of: try req.caller.userID, caches: req.services.caches, on: req.db)
    }

    static func filteredTransactions(_ req: Request, filters: TransactionFilters) async throws -> QueryBuilder<PortfolioTransaction> {
        let userID = try req.caller.userID
        var query = PortfolioTransaction.query(on: req.db).filter(\.$user.$id == userID)
        if let side = filters.side {
            guard side == "buy" || side == "sell" else {
                throw Problem.validation("side must be buy or sell.", params: [.init(name: "side", reason: "must be buy or sell")])
            }
            query = query.filter(\.$side == side)
        }
        if let symbol = filters.symbol { query = query.filter(\.$symbol == (try QueryFilters.symbol(symbol)).rawValue) }
        return try QueryFilters.timeRange(query, \.$createdAt, from: filters.from, to: filters.to)
    }

    static func transactionsPage(_ req: Request, filters: TransactionFilters) async throws -> Page<TransactionResponse> {
        let query = try await filteredTransactions(req, filters: filters)
        return try await QueryFilters.page(query, \.$createdAt, page: filters.page, perPage: filters.perPage, TransactionResponse.init)
    }

    static func transactionsCSV(_ req: Request, filters: TransactionFilters) async throws -> Response {
        let rows = try await filteredTransactions(req, filters: filters).sort(\.$createdAt).limit(100_000).all()
        let formatter = ISO8601DateFormatter()
        var csv = "time,id,run,symbol,side,quantity,price,quote_amount,fee,fee_asset,realized_pnl,venue,source\n"
        for row in rows.map(TransactionResponse.init) {
            let fields = [row.createdAt.map(formatter.string(from:)) ?? "", row.id.uuidString, String(row.runNumber),
                          row.symbol, row.side, row.quantity, row.price, row.quoteAmount, row.fee, row.feeAsset,
                          row.realizedPnl ?? "", row.venue, row.source]
            csv += fields.joined(separator: ",") + "\n"
        }
        let response = Response(status: .ok, body: .init(string: csv))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "draizer-transactions.csv")
        return response
    }
}

extension Problem {
    static let noPortfolio = Problem(.notFound, type: "not-found", title: "No portfolio", detail: "This account has no portfolio.")
}

/// Query of `GET /portfolio/transactions` (also the paging of `GET /trading/orders`).
struct TransactionFilters: Content {
    var side: String?
    var symbol: String?
    var from: Date?
    var to: Date?
    var page: Int?
    var perPage: Int?
    var format: String?

    enum CodingKeys: String, CodingKey {
        case side, symbol, from, to, page, format
        case perPage = "per_page"
    }
}
