import DraizerCore

/// An offline strategy on the same indicators the LLM is shown: deterministic, free, and no I/O, so it
/// runs backtests, stands in when no model is configured, and gives the LLM a baseline to beat.
///
/// Flat, it buys in two situations: a confirmed uptrend (15m EMA20 above EMA50, the 4h trend up too, MACD
/// histogram positive, RSI between 50 and 70, price below the upper Bollinger band) or a dip in a 4h uptrend
/// (price at or below the lower band with RSI under 30). Holding, it sells when the 15m trend turns down with
/// MACD confirming, or at an overbought extreme (RSI 75 or more at or above the upper band). A buy sets its
/// stop-loss and take-profit in multiples of the ATR, sizes the order to risk a fixed share of equity at
/// the stop, and is skipped when the target would not clearly pay the round-trip fee.
public struct RulesEngine: DecisionEngine {
    public struct Parameters: Sendable, Hashable {
        /// Stop-loss distance below the price, in ATRs.
        public var stopLossATRs: Double
        /// Take-profit distance above the price, in ATRs.
        public var takeProfitATRs: Double
        /// Equity lost if the stop-loss is hit, before fees: sizes the order.
        public var riskPerTrade: Double
        /// The target must be at least this many round-trip fees away.
        public var minTargetInFees: Double

        public init(stopLossATRs: Double = 2, takeProfitATRs: Double = 3, riskPerTrade: Double = 0.01, minTargetInFees: Double = 3) {
            precondition(stopLossATRs > 0 && takeProfitATRs > 0, "ATR multiples must be positive")
            precondition(riskPerTrade > 0 && riskPerTrade <= 1, "risk per trade is a share of equity")
            self.stopLossATRs = stopLossATRs
            self.takeProfitATRs = takeProfitATRs
            self.riskPerTrade = riskPerTrade
            self.minTargetInFees = minTargetInFees
        }
    }

    public let parameters: Parameters

    public init(parameters: Parameters = Parameters()) { self.parameters = parameters }

    public var kind: EngineKind { .rules }

    public func decide(_ snapshot: MarketSnapshot) async -> DecisionRecord {
        let clock = ContinuousClock()
        let start = clock.now
        let decision = decision(for: snapshot)
        return DecisionRecord(decision: decision, engine: .rules, latency: clock.now - start, cost: .zero, attempts: 1)
    }

    /// The decision itself, synchronous for callers (a backtest) that need no record.
    public func decision(for snapshot: MarketSnapshot) -> Decision {
        let readings = snapshot.indicators15m
        guard let ema20 = readings.ema20, let ema50 = readings.ema50, let rsi = readings.rsi14,
              let macd = readings.macd, let atr = readings.atr14, let bands = readings.bollinger
        else {
            return .hold(
                reasoning: "Not enough 15m data: \(readings.candleCount) closed candles, the indicators need "
                    + "\(IndicatorSnapshot.warmUpCandles).")
        }
        let price = snapshot.price.price.doubleValue
        let market = Market(
            price: price, ema20: ema20, ema50: ema50, rsi: rsi, macd: macd, atr: atr, bands: bands,
            trend4h: Trend(snapshot.indicators4h))
        return snapshot.position.isOpen ? whileHolding(market) : whileFlat(market, snapshot: snapshot)
    }

    private enum Trend: CustomStringConvertible {
        case up(ema20: Double, ema50: Double)
        case down(ema20: Double, ema50: Double)
        case unknown

        init(_ readings: IndicatorSnapshot) {
            guard let fast = readings.ema20, let slow = readings.ema50 else {
                self = .unknown
                return
            }
            self = fast > slow ? .up(ema20: fast, ema50: slow) : .down(ema20: fast, ema50: slow)
        }

        var isUp: Bool { if case .up = self { true } else { false } }
        var isDown: Bool { if case .down = self { true } else { false } }

        var description: String {
            switch self {
            case .up(let fast, let slow):
                "4h trend up (EMA20 \(PromptFormat.price(fast)) > EMA50 \(PromptFormat.price(slow)))"
            case .down(let fast, let slow):
                "4h trend down (EMA20 \(PromptFormat.price(fast)) < EMA50 \(PromptFormat.price(slow)))"
            case .unknown: "4h trend unknown (too few 4h candles)"
            }
        }
    }

    private struct Market {
        let price: Double
        let ema20: Double
        let ema50: Double
        let rsi: Double
        let macd: MovingAverageConvergenceDivergence.Reading
        let atr: Double
        let bands: BollingerBands.Reading
        let trend4h: Trend

        var trendUp: Bool { ema20 > ema50 }
        var places: Int { PromptFormat.priceDecimals(price) }

        /// A price-like reading with the price's decimals.
        func show(_ x: Double) -> String { PromptFormat.fixed(x, places) }

        /// The readings every reasoning starts from.
        var summary: String {
            "Price \(show(price)); 15m EMA20 \(show(ema20)) \(trendUp ? ">" : "<=") EMA50 \(show(ema50)); RSI14 "
                + "\(PromptFormat.fixed(rsi, 1)); MACD histogram \(PromptFormat.signed(macd.histogram, places)); "
                + "Bollinger \(show(bands.lower))–\(show(bands.upper)); ATR14 \(show(atr)); \(trend4h)."
        }
    }

    private func whileHolding(_ m: Market) -> Decision {
        if !m.trendUp, m.macd.histogram < 0 {
            let confidence = m.trend4h.isDown ? 80 : 70
            return decide(
                .sell, confidence,
                "\(m.summary) The 15m trend turned down with MACD confirming: selling the position.")
        }
        if m.rsi >= 75, m.price >= m.bands.upper {
            return decide(
                .sell, 65,
                "\(m.summary) RSI \(PromptFormat.fixed(m.rsi, 1)) at or above 75 with the price at or above the upper "
                    + "band is an overbought extreme: taking the profit.")
        }
        return decide(.hold, 50, "\(m.summary) No exit signal: keeping the position and its exit plan.")
    }

    private func whileFlat(_ m: Market, snapshot: MarketSnapshot) -> Decision {
        let trendEntry = m.trendUp && m.trend4h.isUp && m.macd.histogram > 0 && (50..<70).contains(m.rsi)
            && m.price < m.bands.upper
        let dipEntry = m.price <= m.bands.lower && m.rsi < 30 && m.trend4h.isUp
        guard trendEntry || dipEntry else {
            return decide(.hold, 50, "\(m.summary) \(missingSignal(m)) No entry.")
        }
        let stop = m.price - parameters.stopLossATRs * m.atr
        let target = m.price + parameters.takeProfitATRs * m.atr
        let targetMove = (target - m.price) / m.price
        let roundTripFee = 2 * snapshot.feeRate.doubleValue
        guard targetMove >= parameters.minTargetInFees * roundTripFee else {
            return decide(
                .hold, 50,
                "\(m.summary) The \(PromptFormat.fixed(parameters.takeProfitATRs, 0))×ATR target is only "
                    + "\(PromptFormat.fixed(targetMove * 100, 2)) % away, less than "
                    + "\(PromptFormat.fixed(parameters.minTargetInFees, 0))× the round-trip fee of "
                    + "\(PromptFormat.fixed(roundTripFee * 100, 2)) %: not worth trading.")
        }
        guard stop > 0 else { return decide(.hold, 50, "\(m.summary) The ATR is too wide for a stop-loss.") }
        var confidence: Int
        let why: String
        if trendEntry {
            confidence = 65 + ((55..<65).contains(m.rsi) ? 5 : 0) + (m.macd.macd > 0 ? 5 : 0)
            why = "Uptrend confirmed: EMA20 above EMA50, MACD histogram positive, RSI \(PromptFormat.fixed(m.rsi, 1)) "
                + "with room below 70, price under the upper band."
        } else {
            confidence = 60 + (m.rsi < 25 ? 5 : 0)
            why = "Dip in a 4h uptrend: price at or below the lower band with RSI \(PromptFormat.fixed(m.rsi, 1)) under 30."
        }
        confidence = min(confidence, 85)
        let amount = buyAmount(m, stop: stop, snapshot: snapshot)
        let stopPrice = Self.price(stop, places: m.places)
        let targetPrice = Self.price(target, places: m.places)
        let plan = try? ExitPlan(
            stopLoss: stopPrice, takeProfit: targetPrice,
            invalidation: trendEntry
                ? "a 15m close below the EMA50 (\(m.show(m.ema50))) with a negative MACD histogram"
                : "a close below the stop-loss, or the 4h EMA20 falling under the EMA50")
        guard let plan, amount.isPositive else {
            return decide(.hold, 50, "\(m.summary) \(why) But no cash is available to buy.")
        }
        let reasoning = "\(m.summary) \(why) Stop-loss \(FixedPoint.format(stopPrice.units, decimals: m.places)) "
            + "(\(PromptFormat.fixed(parameters.stopLossATRs, 0))×ATR), take-profit "
            + "\(FixedPoint.format(targetPrice.units, decimals: m.places)) (\(PromptFormat.fixed(parameters.takeProfitATRs, 0))×ATR, "
            + "\(PromptFormat.fixed(targetMove * 100, 2)) % away against a \(PromptFormat.fixed(roundTripFee * 100, 2)) % "
            + "round-trip fee); spending \(amount.formatted(decimals: 2)) USD risks "
            + "\(PromptFormat.fixed(parameters.riskPerTrade * 100, 1)) % of equity at the stop."
        return (try? Decision(action: .buy, confidence: confidence, reasoning: reasoning, amount: amount, exitPlan: plan))
            ?? .hold(reasoning: reasoning)
    }

    /// Names the first entry condition that failed, so a HOLD says why.
    private func missingSignal(_ m: Market) -> String {
        if !m.trendUp { return "EMA20 is not above EMA50, and the price is not a dip in a 4h uptrend." }
        if !m.trend4h.isUp { return "The 4h trend is not up." }
        if m.macd.histogram <= 0 { return "The MACD histogram is not positive." }
        if m.rsi >= 70 { return "RSI is 70 or more: overbought." }
        if m.rsi < 50 { return "RSI is below 50: momentum is weak." }
        return "The price is at or above the upper Bollinger band."
    }

    /// Spends what loses `riskPerTrade` of equity if the stop is hit, within the max order amount and cash;
    /// rounded down to the cent. A suggestion from indicator readings, hence computed in `Double`;
    /// `RiskPolicy` still applies every limit to it exactly.
    private func buyAmount(_ m: Market, stop: Double, snapshot: MarketSnapshot) -> Money {
        let stopDistance = (m.price - stop) / m.price
        let riskSized = Double(snapshot.equity.units) / Double(FixedPoint.scale) * parameters.riskPerTrade / stopDistance
        let cents = Int64(max(0, min(riskSized, 1e9)) * 100)
        let amount = Money(units: cents * (FixedPoint.scale / 100))
        return min(amount, snapshot.limits.maxOrderAmount, snapshot.cash)
    }

    private func decide(_ action: DecisionAction, _ confidence: Int, _ reasoning: String) -> Decision {
        (try? Decision(action: action, confidence: confidence, reasoning: reasoning)) ?? .hold(reasoning: reasoning)
    }

    /// A price-like reading as an exact `Price` with `places` decimals.
    private static func price(_ x: Double, places: Int) -> Price {
        let rounded = (x * Double(FixedPoint.pow10(places))).rounded()
        return Price(units: Int64(rounded) * FixedPoint.pow10(8 - places))
    }
}
