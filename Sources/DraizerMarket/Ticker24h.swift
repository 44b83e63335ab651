import DraizerCore

/// Rolling 24-hour statistics of one symbol, in exact decimals.
public struct Ticker24h: Sendable, Hashable {
    public let symbol: Symbol
    public let lastPrice: Price
    /// The price 24 hours ago, at `openTime`.
    public let openPrice: Price
    public let highPrice: Price
    public let lowPrice: Price
    /// `lastPrice − openPrice` in quote units per base unit; negative when the price fell.
    public let priceChange: Money
    /// `priceChange / openPrice` as a fraction: `-0.9596` is −95.96 %.
    public let priceChangeRatio: Ratio
    /// Base-asset volume over the window.
    public let volume: Quantity
    /// Quote-asset volume over the window.
    public let quoteVolume: Money
    /// The window, in milliseconds since the epoch.
    public let openTime: Int64
    public let closeTime: Int64
    /// Number of trades, when the source counts them.
    public let tradeCount: Int?
    public let source: MarketSourceKind

    public init(
        symbol: Symbol, lastPrice: Price, openPrice: Price, highPrice: Price, lowPrice: Price,
        priceChange: Money, priceChangeRatio: Ratio, volume: Quantity, quoteVolume: Money,
        openTime: Int64, closeTime: Int64, tradeCount: Int?, source: MarketSourceKind
    ) {
        self.symbol = symbol
        self.lastPrice = lastPrice
        self.openPrice = openPrice
        self.highPrice = highPrice
        self.lowPrice = lowPrice
        self.priceChange = priceChange
        self.priceChangeRatio = priceChangeRatio
        self.volume = volume
        self.quoteVolume = quoteVolume
        self.openTime = openTime
        self.closeTime = closeTime
        self.tradeCount = tradeCount
        self.source = source
    }

    /// The change in percent with Binance's three decimals (`"-95.960"`), for display.
    public var priceChangePercentText: String {
        FixedPoint.format(priceChangeRatio.units * 100, decimals: 3)
    }
}

extension Ticker24h {
    /// Statistics of a run of candles (oldest first, non-empty) ending at `last`: how the simulated and
    /// replayed markets compute their ticker.
    static func summarising(
        _ candles: [Candle], symbol: Symbol, last: Price, closeTime: Int64,
        source: MarketSourceKind
    ) -> Ticker24h {
        let first = candles[0]
        var high = last, low = last, volume = Quantity.zero, quoteVolume = Money.zero
        for candle in candles {
            high = max(high, candle.high)
            low = min(low, candle.low)
            volume += candle.volume
            quoteVolume += typicalPrice(candle).notional(of: candle.volume, rounding: .halfUp)
        }
        let change = Money(units: last.units - first.open.units)
        let ratio = first.open.isZero ? Ratio.zero : Ratio(change, over: Money(units: first.open.units), rounding: .halfUp)
        return Ticker24h(
            symbol: symbol, lastPrice: last, openPrice: first.open, highPrice: high, lowPrice: low,
            priceChange: change, priceChangeRatio: ratio, volume: volume, quoteVolume: quoteVolume,
            openTime: first.openTime, closeTime: closeTime, tradeCount: nil, source: source)
    }

    /// (high + low + close) / 3: the usual stand-in for a bar's average trade price when only OHLCV is known.
    static func typicalPrice(_ candle: Candle) -> Price {
        Price(units: (candle.high.units + candle.low.units + candle.close.units) / 3)
    }
}
