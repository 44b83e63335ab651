import DraizerCore
import Testing

@Test func decisionRefusesConfidenceOutsideTheRange() {
    #expect(throws: Decision.Invalid.confidenceOutOfRange(101)) {
        try Decision(action: .buy, confidence: 101, reasoning: "x")
    }
    #expect(throws: Decision.Invalid.confidenceOutOfRange(-1)) {
        try Decision(action: .hold, confidence: -1, reasoning: "x")
    }
}

@Test func decisionRefusesANegativeAmount() {
    #expect(throws: Decision.Invalid.negativeAmount(money("-1"))) {
        try Decision(action: .buy, confidence: 80, reasoning: "x", amount: money("-1"))
    }
}

@Test func holdFallbackHasZeroConfidenceAndNoOrder() {
    let hold = Decision.hold(reasoning: "No trade: timeout.")
    #expect(hold.action == .hold)
    #expect(hold.confidence == 0)
    #expect(hold.amount == nil)
    #expect(hold.exitPlan == .none)
}

@Test func exitPlanNeedsTheStopBelowTheTarget() {
    #expect(throws: ExitPlan.Invalid.stopLossNotBelowTakeProfit(stopLoss: price("50"), takeProfit: price("50"))) {
        try ExitPlan(stopLoss: price("50"), takeProfit: price("50"), invalidation: "")
    }
    #expect(throws: ExitPlan.Invalid.zeroPrice) { try ExitPlan(stopLoss: .zero, takeProfit: nil, invalidation: "") }
}

@Test func exitPlanKnowsWhetherItProtectsALong() throws {
    let plan = try ExitPlan(stopLoss: price("90"), takeProfit: price("120"), invalidation: "")
    #expect(plan.isConsistent(withLongAt: price("100")))
    #expect(!plan.isConsistent(withLongAt: price("90")))
    #expect(!plan.isConsistent(withLongAt: price("125")))
}

@Test func actionsAreSpelledInCapitals() {
    #expect(DecisionAction.allCases.map(\.rawValue) == ["BUY", "SELL", "HOLD"])
}

@Test func riskLimitsRefuseNonsense() {
    #expect(throws: RiskLimits.Invalid.positionShareOutOfRange(.zero)) {
        try RiskLimits(maxPositionShare: .zero, maxOrderAmount: money("1"), minConfidence: 0, cooldownMilliseconds: 0, maxDailyLossShare: nil)
    }
    #expect(throws: RiskLimits.Invalid.orderAmountNotPositive(.zero)) {
        try RiskLimits(maxPositionShare: .one, maxOrderAmount: .zero, minConfidence: 0, cooldownMilliseconds: 0, maxDailyLossShare: nil)
    }
    #expect(throws: RiskLimits.Invalid.confidenceOutOfRange(101)) {
        try RiskLimits(maxPositionShare: .one, maxOrderAmount: money("1"), minConfidence: 101, cooldownMilliseconds: 0, maxDailyLossShare: nil)
    }
    #expect(throws: RiskLimits.Invalid.negativeCooldown(-1)) {
        try RiskLimits(maxPositionShare: .one, maxOrderAmount: money("1"), minConfidence: 0, cooldownMilliseconds: -1, maxDailyLossShare: nil)
    }
    #expect(throws: RiskLimits.Invalid.dailyLossShareOutOfRange(ratio("1.5"))) {
        try RiskLimits(maxPositionShare: .one, maxOrderAmount: money("1"), minConfidence: 0, cooldownMilliseconds: 0, maxDailyLossShare: ratio("1.5"))
    }
}

@Test func positionSnapshotValuesTheLedgerPosition() throws {
    let position = try PositionState(
        symbol: btcusdt, quantity: quantity("0.1"), averageEntryPrice: price("48000"), costBasis: money("4804.8"),
        realizedPnL: .zero)
    let snapshot = PositionSnapshot(position, at: price("50000"))
    #expect(snapshot.quantity == quantity("0.1"))
    #expect(snapshot.averageEntryPrice == price("48000"))
    #expect(snapshot.unrealizedPnL == money("195.2"))
    #expect(snapshot.isOpen)
}
