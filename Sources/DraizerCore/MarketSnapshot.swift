/// Everything a decision engine is given to decide on one symbol at one moment: the market, locally
/// computed indicators, the account, the guardrails, the fee, and the bot's recent record.
///
/// A value with no I/O behind it, so the live bot, a backtest and a test can build the same one and any
/// engine answers it identically.
public struct MarketSnapshot: Sendable, Hashable {
    /// Where the price came from, so a decision made on simulated or replayed data is never mistaken for
    /// one made on the live market.
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        case binance
        case simulated
        case replay

        public var description: String { rawValue }
    }

    public let symbol: Symbol
    /// The last price and when it was observed (epoch milliseconds).
    public let price: ReferencePrice
    public let source: Source
    /// Price change over the last 24 hours as a fraction (`0.0125` is +1.25 %); nil when unknown.
    public let change24h: Ratio?
    /// Base-asset volume over the last 24 hours; nil when unknown.
    public let volume24h: Quantity?
    /// Closed 15-minute candles, oldest first.
    public let candles15m: [Candle]
    /// Closed 4-hour candles, oldest first.
    public let candles4h: [Candle]
    /// Computed from `candles15m`.
    public let indicators15m: IndicatorSnapshot
    /// Computed from `candles4h`.
    public let indicators4h: IndicatorSnapshot
    public private(set) var position: PositionSnapshot
    public private(set) var cash: Money
    /// Cash plus every open position at its mark.
    public private(set) var equity: Money
    public private(set) var limits: RiskLimits
    /// The fee charged on every fill, as a fraction of its amount.
    public let feeRate: Ratio
    /// The bot's last decisions with their outcomes, oldest first.
    public private(set) var recentDecisions: [PastDecision]

    /// Builds the snapshot and computes both indicator sets from the candles, so readings and candles can
    /// never disagree.
    public init(
        symbol: Symbol, price: ReferencePrice, source: Source, change24h: Ratio? = nil, volume24h: Quantity? = nil,
        candles15m: [Candle], candles4h: [Candle], position: PositionSnapshot, cash: Money, equity: Money,
        limits: RiskLimits, feeRate: Ratio, recentDecisions: [PastDecision] = []
    ) {
        self.symbol = symbol
        self.price = price
        self.source = source
        self.change24h = change24h
        self.volume24h = volume24h
        self.candles15m = candles15m
        self.candles4h = candles4h
        self.indicators15m = IndicatorSnapshot(candles: candles15m)
        self.indicators4h = IndicatorSnapshot(candles: candles4h)
        self.position = position
        self.cash = cash
        self.equity = equity
        self.limits = limits
        self.feeRate = feeRate
        self.recentDecisions = recentDecisions
    }

    /// The same market seen from another account: the candles and their indicators are shared, so a
    /// cycle computes them once per symbol however many bots decide on it.
    public func forAccount(
        position: PositionSnapshot, cash: Money, equity: Money, limits: RiskLimits, recentDecisions: [PastDecision]
    ) -> MarketSnapshot {
        var copy = self
        copy.position = position
        copy.cash = cash
        copy.equity = equity
        copy.limits = limits
        copy.recentDecisions = recentDecisions
        return copy
    }
}
