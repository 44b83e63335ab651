import DraizerCore

/// One symbol of a `SimulatedMarket`: its Binance-like filters and the character of its price series.
public struct SimulatedSymbol: Sendable, Hashable {
    public let info: SymbolInfo
    /// The price at the start of the simulated history.
    public let startPrice: Price
    /// Long-run standard deviation of one-minute log returns (real BTCUSDT: about 0.0007).
    public let minuteVolatility: Double
    /// Average base-asset volume per minute.
    public let meanMinuteVolume: Double
    /// Correlation of this symbol's shocks with the market factor (1 for the market leader).
    public let marketCorrelation: Double

    public init(
        info: SymbolInfo, startPrice: Price, minuteVolatility: Double, meanMinuteVolume: Double,
        marketCorrelation: Double
    ) {
        self.info = info
        self.startPrice = startPrice
        self.minuteVolatility = minuteVolatility
        self.meanMinuteVolume = meanMinuteVolume
        self.marketCorrelation = min(max(marketCorrelation, -1), 1)
    }

    public var symbol: Symbol { info.symbol }

    /// BTCUSDT with Binance's filters, starting at 60 000 USDT.
    public static let btcusdt = SimulatedSymbol(
        info: BinanceSymbolPresets.btcusdt, startPrice: Price(60_000), minuteVolatility: 0.0007, meanMinuteVolume: 30, marketCorrelation: 1)

    /// ETHUSDT with Binance-like filters, starting at 3 000 USDT.
    public static let ethusdt = SimulatedSymbol(
        info: BinanceSymbolPresets.ethusdt, startPrice: Price(3_000), minuteVolatility: 0.0009, meanMinuteVolume: 400, marketCorrelation: 0.8)
}
