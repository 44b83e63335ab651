import DraizerCore

/// Writes the two chat messages of a decision request.
///
/// The system message is one constant: the role, the rules, the fee warning and the exact answer schema.
/// Because it never varies, not by symbol, bot or settings, every request starts with the same prefix and
/// the provider's context cache serves it. Everything that varies goes in the user message, most stable
/// first (settings, then the bot's record, then the account, then the market), so consecutive cycles of one
/// bot share as long a prefix as possible.
public struct PromptBuilder: Sendable, Hashable {
    /// 15-minute candles shown as rows (the indicators use all of them): 24 is the last six hours.
    public var candleRows15m: Int
    /// 4-hour candles shown as rows: 18 is the last three days.
    public var candleRows4h: Int
    /// Most recent decisions shown.
    public var recentDecisionRows: Int

    public init(candleRows15m: Int = 24, candleRows4h: Int = 18, recentDecisionRows: Int = 10) {
        self.candleRows15m = candleRows15m
        self.candleRows4h = candleRows4h
        self.recentDecisionRows = recentDecisionRows
    }

    public func prompt(for snapshot: MarketSnapshot) -> Prompt {
        Prompt(system: Self.systemPrompt, user: userPrompt(for: snapshot))
    }

    /// The static instructions. Says "json" and shows the schema, as JSON Output mode requires.
    public static let systemPrompt = """
        You are the decision engine of Draizer, a paper-trading bot for one spot crypto pair quoted in USDT.
        Each user message gives you the current market data, locally computed indicators, the account, the \
        fee rate, the risk limits and your own recent decisions with their outcomes. Decide one action for now.

        Actions:
        - BUY: spend amount_usd of cash on the pair (open or add to the long position).
        - SELL: sell amount_usd worth of the held position, or all of it when amount_usd is null.
        - HOLD: do nothing.
        This is spot trading: no shorting, no leverage, and you can only SELL what is held.

        Rules:
        1. Fees: every order pays the fee rate on its full amount, on the way in and again on the way out, so \
        a round trip costs twice the rate. Fees make overtrading costly: trade only when the expected move \
        clearly exceeds the round-trip fee; otherwise HOLD. HOLD is the right answer most of the time.
        2. Risk limits: stay inside the limits given. Orders that break them are reduced or blocked by the \
        guardrails; a confidence below the minimum confidence means nothing is executed.
        3. Exit plan: a BUY must set stop_loss below the current price, take_profit above it, and say in \
        invalidation what would prove the trade wrong. For SELL and HOLD, give prices only if they protect \
        the remaining position (stop_loss below the price, take_profit above it), otherwise null.
        4. Learn from your recent decisions and their outcomes; do not repeat what lost money.
        5. Use only the data given. Confidence is an integer from 0 to 100. Amounts and prices are decimal \
        strings in USDT without a sign or exponent, at most 8 decimals.
        6. In reasoning, cite the numbers your decision rests on, in at most five sentences.

        Output: reply with a single json object and nothing else: no markdown, no code fences, no text \
        before or after it. It must have exactly these keys and validate against this JSON Schema:
        \(AnswerSchema.jsonSchema)
        Example of a valid answer:
        \(AnswerSchema.example)
        """

    /// The market data, as plain text and CSV tables.
    public func userPrompt(for snapshot: MarketSnapshot) -> String {
        var lines: [String] = []
        let limits = snapshot.limits
        let price = snapshot.price.price
        lines.append("Decide now for \(snapshot.symbol). Answer with the json object only.")
        lines.append("")
        lines.append("## Settings")
        lines.append(
            "fee_rate: \(snapshot.feeRate) (\(PromptFormat.rate(snapshot.feeRate)) of every order; "
                + "a buy followed by a sell costs \(PromptFormat.rate(Ratio(units: snapshot.feeRate.units * 2))))")
        lines.append("risk_limits:")
        lines.append("- max_position: \(PromptFormat.rate(limits.maxPositionShare)) of equity")
        lines.append("- max_order: \(limits.maxOrderAmount.formatted(decimals: 2)) USD per buy")
        lines.append("- min_confidence: \(limits.minConfidence)")
        lines.append("- cooldown: \(Self.duration(limits.cooldownMilliseconds)) between trades")
        if let share = limits.maxDailyLossShare {
            lines.append("- daily_loss_limit: \(PromptFormat.rate(share)) of the day's starting equity, then buying pauses")
        } else {
            lines.append("- daily_loss_limit: none")
        }
        lines.append("- stop_loss_required_for_buy: \(limits.requireStopLoss ? "yes" : "no")")
        lines.append("")

        let decisions = snapshot.recentDecisions.suffix(recentDecisionRows)
        lines.append("## Your recent decisions (oldest first)")
        if decisions.isEmpty {
            lines.append("none yet")
        } else {
            lines.append("time,action,confidence,amount_usd,price,outcome")
            for past in decisions {
                lines.append(
                    "\(PromptFormat.utc(past.decidedAt)),\(past.action),\(past.confidence),"
                        + "\(past.amount?.formatted(decimals: 2) ?? "-"),\(past.price),\(past.outcome)")
            }
        }
        lines.append("")

        let position = snapshot.position
        lines.append("## Account")
        lines.append("cash_usd: \(snapshot.cash.formatted(decimals: 2))")
        lines.append("equity_usd: \(snapshot.equity.formatted(decimals: 2))")
        if position.isOpen {
            let value = price.notional(of: position.quantity, rounding: .down)
            lines.append(
                "position: \(position.quantity) held, average entry \(position.averageEntryPrice), "
                    + "worth \(value.formatted(decimals: 2)) USD, unrealized P&L "
                    + "\(position.unrealizedPnL.formatted(decimals: 2)) USD (fees paid on entry included)")
        } else {
            lines.append("position: none (flat)")
        }
        lines.append("")

        lines.append("## Market")
        lines.append("price: \(price) (observed \(PromptFormat.utc(snapshot.price.observedAt)), source: \(snapshot.source))")
        lines.append("change_24h: \(snapshot.change24h.map(PromptFormat.percent) ?? "n/a")")
        lines.append("volume_24h: \(snapshot.volume24h.map(\.description) ?? "n/a") (base asset)")
        lines.append("")
        Self.appendIndicators(snapshot.indicators4h, title: "4h", price: price, to: &lines)
        Self.appendIndicators(snapshot.indicators15m, title: "15m", price: price, to: &lines)
        Self.appendCandles(snapshot.candles4h.suffix(candleRows4h), title: "4h", to: &lines)
        Self.appendCandles(snapshot.candles15m.suffix(candleRows15m), title: "15m", to: &lines)
        lines.append("Current price \(price). Reply with the json object now.")
        return lines.joined(separator: "\n")
    }

    /// Price-like readings (EMAs, ATR, MACD, bands) carry the price's decimals; RSI two.
    private static func appendIndicators(
        _ readings: IndicatorSnapshot, title: String, price: Price, to lines: inout [String]
    ) {
        let places = PromptFormat.priceDecimals(price.doubleValue)
        func show(_ x: Double?) -> String { x.map { PromptFormat.fixed($0, places) } ?? "n/a" }
        lines.append("## Indicators \(title) (from \(readings.candleCount) closed candles)")
        lines.append("ema20: \(show(readings.ema20))")
        lines.append("ema50: \(show(readings.ema50))")
        lines.append("rsi14: \(PromptFormat.reading(readings.rsi14, 2))")
        if let macd = readings.macd {
            lines.append(
                "macd(12,26,9): macd \(PromptFormat.signed(macd.macd, places)), signal "
                    + "\(PromptFormat.signed(macd.signal, places)), histogram \(PromptFormat.signed(macd.histogram, places))")
        } else {
            lines.append("macd(12,26,9): n/a")
        }
        lines.append("atr14: \(show(readings.atr14))")
        if let bands = readings.bollinger {
            lines.append(
                "bollinger(20,2): lower \(show(bands.lower)), middle \(show(bands.middle)), upper \(show(bands.upper))")
        } else {
            lines.append("bollinger(20,2): n/a")
        }
        lines.append("")
    }

    private static func appendCandles(_ candles: ArraySlice<Candle>, title: String, to lines: inout [String]) {
        lines.append("## Candles \(title) (last \(candles.count), oldest first)")
        lines.append("open_time,open,high,low,close,volume")
        for candle in candles {
            lines.append(
                "\(PromptFormat.utc(candle.openTime)),\(candle.open),\(candle.high),\(candle.low),"
                    + "\(candle.close),\(candle.volume)")
        }
        lines.append("")
    }

    /// `1_800_000` → `"30 min"`.
    private static func duration(_ milliseconds: Int64) -> String {
        if milliseconds == 0 { return "none" }
        if milliseconds % 3_600_000 == 0 { return "\(milliseconds / 3_600_000) h" }
        if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000) min" }
        return "\(milliseconds / 1_000) s"
    }
}
