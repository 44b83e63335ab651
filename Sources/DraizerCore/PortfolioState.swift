/// A paper account as the ledger sees it: cash, positions by symbol and running counters.
///
/// A value: booking a fill produces a new state (see `PortfolioState+Ledger.swift`), so a backtest, the
/// live bot and a rejected booking can never share or half-update one. Named apart from the server's
/// Fluent `Portfolio` model, which persists it.
public struct PortfolioState: Sendable, Hashable {
    /// Cash at the start of the run; the reference for returns.
    public let initialCash: Money
    /// The currency cash, prices and fees are counted in.
    public let cashAsset: Asset
    /// Never negative: the ledger refuses any fill that would make it so.
    public internal(set) var cash: Money
    /// Every symbol ever traded in this run, open or closed.
    public internal(set) var positions: [Symbol: PositionState]
    /// Fills booked, buys and sells.
    public internal(set) var tradeCount: Int
    /// Sells that realized a profit (after all fees).
    public internal(set) var winningSells: Int
    /// Sells that realized a loss (after all fees); a sell that realizes exactly zero is neither.
    public internal(set) var losingSells: Int
    /// All fees booked, buy and sell.
    public internal(set) var feesPaid: Money

    /// A fresh account holding only cash.
    public init(initialCash: Money, cashAsset: Asset = .usdt) {
        precondition(!initialCash.isNegative, "initial cash cannot be negative")
        self.initialCash = initialCash
        self.cashAsset = cashAsset
        self.cash = initialCash
        self.positions = [:]
        self.tradeCount = 0
        self.winningSells = 0
        self.losingSells = 0
        self.feesPaid = .zero
    }

    /// Restores a state booked earlier (from the database), checking the ledger's invariants.
    public init(
        initialCash: Money, cashAsset: Asset = .usdt, cash: Money, positions: [PositionState], tradeCount: Int,
        winningSells: Int, losingSells: Int, feesPaid: Money
    ) throws(LedgerError) {
        guard !initialCash.isNegative, !cash.isNegative else { throw .invalidState("cash cannot be negative") }
        guard !feesPaid.isNegative else { throw .invalidState("fees paid cannot be negative") }
        guard winningSells >= 0, losingSells >= 0, winningSells + losingSells <= tradeCount else {
            throw .invalidState("trade counters are inconsistent")
        }
        var bySymbol: [Symbol: PositionState] = [:]
        for position in positions {
            guard bySymbol.updateValue(position, forKey: position.symbol) == nil else {
                throw .invalidState("\(position.symbol) appears twice")
            }
        }
        self.initialCash = initialCash
        self.cashAsset = cashAsset
        self.cash = cash
        self.positions = bySymbol
        self.tradeCount = tradeCount
        self.winningSells = winningSells
        self.losingSells = losingSells
        self.feesPaid = feesPaid
    }

    /// The position in `symbol`, or an empty one when it was never traded.
    public func position(_ symbol: Symbol) -> PositionState {
        positions[symbol] ?? PositionState(symbol: symbol)
    }

    /// Positions with a non-zero quantity, in symbol order.
    public var openPositions: [PositionState] {
        positions.values.filter(\.isOpen).sorted { $0.symbol < $1.symbol }
    }

    /// Realized P&L of every sell in this run, net of all fees.
    public var realizedPnL: Money {
        positions.values.reduce(.zero) { $0 + $1.realizedPnL }
    }
}
