/// The readings a decision is made on, computed from one series of closed candles with the core's own
/// indicators, so the live bot, a backtest and the prompt all see the same numbers.
///
/// Each reading is nil while its indicator is not ready (too few candles): an engine must say "not enough
/// data" rather than guess.
public struct IndicatorSnapshot: Sendable, Hashable {
    /// How many candles the readings were computed from.
    public let candleCount: Int
    public let ema20: Double?
    public let ema50: Double?
    public let rsi14: Double?
    /// MACD (12, 26, 9).
    public let macd: MovingAverageConvergenceDivergence.Reading?
    public let atr14: Double?
    /// Bollinger bands (20, 2).
    public let bollinger: BollingerBands.Reading?

    public init(
        candleCount: Int, ema20: Double?, ema50: Double?, rsi14: Double?,
        macd: MovingAverageConvergenceDivergence.Reading?, atr14: Double?, bollinger: BollingerBands.Reading?
    ) {
        self.candleCount = candleCount
        self.ema20 = ema20
        self.ema50 = ema50
        self.rsi14 = rsi14
        self.macd = macd
        self.atr14 = atr14
        self.bollinger = bollinger
    }

    /// Feeds `candles` (closed, oldest first) through fresh indicators and keeps their last readings.
    /// Gaps in the series are not filled: the indicators see the bars that exist, as on the exchange.
    public init(candles: [Candle]) {
        var ema20 = ExponentialMovingAverage(period: 20)
        var ema50 = ExponentialMovingAverage(period: 50)
        var rsi = RelativeStrengthIndex(period: 14)
        var macd = MovingAverageConvergenceDivergence()
        var atr = AverageTrueRange(period: 14)
        var bollinger = BollingerBands(period: 20, multiplier: 2)
        for candle in candles {
            ema20.update(candle)
            ema50.update(candle)
            rsi.update(candle)
            macd.update(candle)
            atr.update(candle)
            bollinger.update(candle)
        }
        self.init(
            candleCount: candles.count, ema20: ema20.value, ema50: ema50.value, rsi14: rsi.value,
            macd: macd.value, atr14: atr.value, bollinger: bollinger.value)
    }

    /// Candles needed before every reading is ready: EMA50 needs 50 closes (MACD 34, the rest fewer).
    public static let warmUpCandles = 50

    /// Whether every reading is available.
    public var isComplete: Bool {
        ema20 != nil && ema50 != nil && rsi14 != nil && macd != nil && atr14 != nil && bollinger != nil
    }
}
