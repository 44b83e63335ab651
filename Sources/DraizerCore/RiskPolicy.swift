/// The guardrails between a decision and an order: applied after every decision and before anything is
/// executed, and on every price tick for stop-losses and take-profits.
///
/// Pure and deterministic: time comes in through `RiskContext.now`, so a backtest replays the live bot's
/// verdicts exactly. Every outcome is a `RiskVerdict` naming the guardrail, never a thrown error.
public struct RiskPolicy: Sendable, Hashable {
    public let limits: RiskLimits

    public init(limits: RiskLimits) { self.limits = limits }

    /// Judges `decision` and returns the order to execute, changed or refused as the limits require.
    ///
    /// Checks run from the broadest to the most specific: confidence, cooldown and the daily loss pause
    /// (which stops buys only: selling reduces risk), then the buy's exit plan, then its size against the
    /// order cap, the position cap and cash, each of which shrinks the order with a note rather than
    /// refusing it outright. Sells are never capped: they can only shrink the position, down to all of it.
    public func check(_ decision: Decision, context: RiskContext) -> RiskVerdict {
        guard decision.action != .hold else { return .noTrade }
        guard decision.confidence >= limits.minConfidence else {
            return .block(RiskNote(
                .minConfidence,
                "confidence \(decision.confidence) is below the minimum of \(limits.minConfidence)"))
        }
        if let note = cooldown(context) { return .block(note) }
        switch decision.action {
        case .buy: return checkBuy(decision, context: context)
        case .sell: return checkSell(decision, context: context)
        case .hold: return .noTrade
        }
    }

    /// The note explaining why the bot may not buy today, or nil when the daily loss limit is not reached.
    public func dailyLossPause(_ context: RiskContext) -> RiskNote? {
        guard let share = limits.maxDailyLossShare, context.dayStartEquity.isPositive else { return nil }
        let loss = context.dayStartEquity - context.equity
        let limit = context.dayStartEquity.scaled(by: share, rounding: .down)
        guard loss.isPositive, loss >= limit else { return nil }
        return RiskNote(
            .dailyLossLimit,
            "equity is down \(loss.formatted(decimals: 2)) USD today from \(context.dayStartEquity.formatted(decimals: 2)), "
                + "at or beyond the daily loss limit of \(Self.percent(share)) (\(limit.formatted(decimals: 2)) USD): "
                + "buying is paused until the next UTC day")
    }

    /// The exit that `price` triggers for `position` under `plan`, or nil. Cheap enough for every tick;
    /// ignores the cooldown and the daily pause, because closing a losing position must never wait.
    public func exitTrigger(for position: PositionState, plan: ExitPlan, price: Price) -> ExitTrigger? {
        guard position.isOpen, !price.isZero else { return nil }
        let closing = OrderRequest.sell(position.symbol, quantity: position.quantity)
        if let stop = plan.stopLoss, price <= stop {
            return ExitTrigger(reason: .stopLoss, level: stop, price: price, order: closing)
        }
        if let take = plan.takeProfit, price >= take {
            return ExitTrigger(reason: .takeProfit, level: take, price: price, order: closing)
        }
        return nil
    }

    private func cooldown(_ context: RiskContext) -> RiskNote? {
        guard limits.cooldownMilliseconds > 0, let last = context.lastTradeAt else { return nil }
        let elapsed = context.now - last
        guard elapsed < limits.cooldownMilliseconds else { return nil }
        let remaining = limits.cooldownMilliseconds - elapsed
        let minutes = (remaining + 59_999) / 60_000
        return RiskNote(
            .cooldown,
            "the last trade was \(elapsed / 1_000) s ago; the cooldown of \(limits.cooldownMilliseconds / 60_000) min "
                + "allows the next one in \(minutes) min")
    }

    private func checkBuy(_ decision: Decision, context: RiskContext) -> RiskVerdict {
        if let note = dailyLossPause(context) { return .block(note) }
        let plan = decision.exitPlan
        if limits.requireStopLoss, plan.stopLoss == nil {
            return .block(RiskNote(.exitPlan, "a buy must carry a stop-loss"))
        }
        guard plan.isConsistent(withLongAt: context.price) else {
            return .block(RiskNote(
                .exitPlan,
                "exit plan (stop-loss \(plan.stopLoss.map(\.description) ?? "none"), take-profit "
                    + "\(plan.takeProfit.map(\.description) ?? "none")) is on the wrong side of the price \(context.price)"))
        }
        var notes: [RiskNote] = []
        var amount: Money
        if let suggested = decision.amount {
            guard suggested.isPositive else { return .block(RiskNote(.orderAmount, "the buy amount is zero")) }
            amount = suggested
        } else {
            amount = limits.maxOrderAmount
            notes.append(RiskNote(
                .orderAmount, "no amount was suggested: using the max order amount of \(Self.usd(amount))"))
        }
        if amount > limits.maxOrderAmount {
            notes.append(RiskNote(
                .maxOrderAmount,
                "reduced from \(Self.usd(amount)) to the max order amount of \(Self.usd(limits.maxOrderAmount))"))
            amount = limits.maxOrderAmount
        }
        let cap = context.equity.scaled(by: limits.maxPositionShare, rounding: .down)
        let held = context.price.notional(of: context.position, rounding: .up)
        let room = cap - held
        guard room.isPositive else {
            return .block(RiskNote(
                .maxPositionShare,
                "the position is already worth \(Self.usd(held)), at or above the cap of "
                    + "\(Self.percent(limits.maxPositionShare)) of equity (\(Self.usd(cap)))"))
        }
        if amount > room {
            notes.append(RiskNote(
                .maxPositionShare,
                "reduced from \(Self.usd(amount)) to \(Self.usd(room)) so the position stays within "
                    + "\(Self.percent(limits.maxPositionShare)) of equity (\(Self.usd(cap)))"))
            amount = room
        }
        guard context.cash.isPositive else { return .block(RiskNote(.cash, "no cash is available")) }
        if amount > context.cash {
            notes.append(RiskNote(
                .cash, "reduced from \(Self.usd(amount)) to the available cash of \(Self.usd(context.cash))"))
            amount = context.cash
        }
        let order = OrderRequest.buy(context.symbol, spending: amount)
        return notes.isEmpty ? .allow(order) : .adjust(order, notes: notes)
    }

    private func checkSell(_ decision: Decision, context: RiskContext) -> RiskVerdict {
        guard !context.position.isZero else {
            return .block(RiskNote(.position, "nothing of \(context.symbol) is held to sell"))
        }
        let all = OrderRequest.sell(context.symbol, quantity: context.position)
        guard let amount = decision.amount else { return .allow(all) }
        guard amount.isPositive else { return .block(RiskNote(.orderAmount, "the sell amount is zero")) }
        let worth = context.price.notional(of: context.position, rounding: .down)
        if amount > worth {
            return .adjust(all, notes: [RiskNote(
                .position,
                "asked to sell \(Self.usd(amount)) but the position is worth \(Self.usd(worth)): selling all of it")])
        }
        if amount == worth { return .allow(all) }
        return .allow(.sell(context.symbol, worth: amount))
    }

    private static func usd(_ amount: Money) -> String { "\(amount.formatted(decimals: 2)) USD" }

    /// `0.25` → `"25.00 %"`.
    private static func percent(_ ratio: Ratio) -> String {
        "\(FixedPoint.format(ratio.units * 100, decimals: 2)) %"
    }
}
