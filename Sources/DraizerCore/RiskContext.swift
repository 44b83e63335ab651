/// The account and market facts `RiskPolicy` judges a decision against, with the time injected so a
/// backtest and a test decide exactly as the live bot would.
public struct RiskContext: Sendable, Hashable {
    public let symbol: Symbol
    /// The price an order would execute near.
    public let price: Price
    /// Milliseconds since the Unix epoch, from the injected clock.
    public let now: Int64
    public let cash: Money
    /// Cash plus every open position at its mark.
    public let equity: Money
    /// Equity at the start of the current UTC day, the reference for the daily loss limit.
    public let dayStartEquity: Money
    /// Quantity of `symbol` held.
    public let position: Quantity
    /// When the bot last traded (epoch milliseconds), nil if never; the reference for the cooldown.
    public let lastTradeAt: Int64?

    public init(
        symbol: Symbol, price: Price, now: Int64, cash: Money, equity: Money, dayStartEquity: Money,
        position: Quantity, lastTradeAt: Int64?
    ) {
        self.symbol = symbol
        self.price = price
        self.now = now
        self.cash = cash
        self.equity = equity
        self.dayStartEquity = dayStartEquity
        self.position = position
        self.lastTradeAt = lastTradeAt
    }

    /// The context of the snapshot a decision was made on.
    public init(snapshot: MarketSnapshot, now: Int64, dayStartEquity: Money, lastTradeAt: Int64?) {
        self.init(
            symbol: snapshot.symbol, price: snapshot.price.price, now: now, cash: snapshot.cash,
            equity: snapshot.equity, dayStartEquity: dayStartEquity, position: snapshot.position.quantity,
            lastTradeAt: lastTradeAt)
    }
}
