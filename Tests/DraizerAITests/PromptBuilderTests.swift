import DraizerCore
import Testing

@testable import DraizerAI

private let pastDecisions = [
    PastDecision(
        decidedAt: snapshotTime - 4 * 3_600_000, action: .buy, confidence: 70, amount: money("300"), price: price("49500"),
        outcome: .closed(realizedPnL: money("-12.3"))),
    PastDecision(
        decidedAt: snapshotTime - 2 * 3_600_000, action: .sell, confidence: 65, amount: nil, price: price("49800"),
        outcome: .notExecuted(reason: "cooldown: next trade allowed in 12 min")),
    PastDecision(
        decidedAt: snapshotTime - 900_000, action: .hold, confidence: 35, amount: nil, price: price("49950"), outcome: .held),
]

private let snapshot = makeSnapshot(recentDecisions: pastDecisions)
private let user = PromptBuilder().userPrompt(for: snapshot)
private let system = PromptBuilder.systemPrompt

@Test func systemPromptSaysJSONAndShowsTheExactSchema() {
    #expect(system.contains("json"))
    #expect(system.contains(AnswerSchema.jsonSchema))
    #expect(system.contains(AnswerSchema.example))
    for key in AnswerSchema.keys + AnswerSchema.exitPlanKeys { #expect(system.contains("\"\(key)\"")) }
    #expect(system.contains(#"{"enum": ["BUY", "SELL", "HOLD"]}"#))
}

@Test func systemPromptWarnsThatFeesMakeOvertradingCostly() {
    #expect(system.contains("Fees make overtrading costly"))
    #expect(system.contains("round trip costs twice the rate"))
}

@Test func systemPromptHoldsNoDataSoEveryCallSharesIt() {
    let other = makeSnapshot(price: "61000", cash: "5", equity: "70000", feeRate: "0.00075")
    #expect(PromptBuilder().prompt(for: snapshot).system == PromptBuilder().prompt(for: other).system)
    #expect(!system.contains("BTCUSDT"))
    #expect(!system.contains("0.001"))
    #expect(!system.contains("10000"))
}

@Test func userPromptGivesTheFeeRateAndRoundTripCost() {
    #expect(user.contains("fee_rate: 0.001 (0.1 % of every order; a buy followed by a sell costs 0.2 %)"))
}

@Test func userPromptGivesEveryRiskLimit() {
    #expect(user.contains("- max_position: 25 % of equity"))
    #expect(user.contains("- max_order: 1000.00 USD per buy"))
    #expect(user.contains("- min_confidence: 60"))
    #expect(user.contains("- cooldown: 30 min between trades"))
    #expect(user.contains("- daily_loss_limit: 3 % of the day's starting equity, then buying pauses"))
    #expect(user.contains("- stop_loss_required_for_buy: yes"))
}

@Test func userPromptGivesTheLocallyComputedIndicators() throws {
    let readings = snapshot.indicators15m
    #expect(readings.isComplete)
    #expect(user.contains("## Indicators 15m (from 120 closed candles)"))
    #expect(user.contains("ema20: \(PromptFormat.fixed(readings.ema20!, 2))"))
    #expect(user.contains("ema50: \(PromptFormat.fixed(readings.ema50!, 2))"))
    #expect(user.contains("rsi14: \(PromptFormat.reading(readings.rsi14, 2))"))
    let macd = try #require(readings.macd)
    #expect(user.contains("macd(12,26,9): macd \(PromptFormat.signed(macd.macd, 2))"))
    #expect(user.contains("atr14: \(PromptFormat.fixed(readings.atr14!, 2))"))
    let bands = try #require(readings.bollinger)
    #expect(user.contains("bollinger(20,2): lower \(PromptFormat.fixed(bands.lower, 2))"))
    #expect(user.contains("## Indicators 4h (from 60 closed candles)"))
}

@Test func userPromptGivesRecentDecisionsWithOutcomes() {
    #expect(user.contains("2021-12-02T14:00:00Z,BUY,70,300.00,49500,closed, realized P&L -12.30 USD"))
    #expect(user.contains("2021-12-02T16:00:00Z,SELL,65,-,49800,not executed (cooldown: next trade allowed in 12 min)"))
    #expect(user.contains("2021-12-02T17:45:00Z,HOLD,35,-,49950,no trade"))
}

@Test func userPromptSaysWhenThereIsNoRecordYet() {
    #expect(PromptBuilder().userPrompt(for: makeSnapshot()).contains("## Your recent decisions (oldest first)\nnone yet"))
}

@Test func userPromptShowsOnlyTheLastDecisionsAsked() {
    let prompt = PromptBuilder(recentDecisionRows: 1).userPrompt(for: snapshot)
    #expect(!prompt.contains(",BUY,70,"))
    #expect(prompt.contains(",HOLD,35,"))
}

@Test func userPromptGivesTheMarketAndTheAccount() {
    #expect(user.contains("price: 50000 (observed 2021-12-02T18:00:00Z, source: replay)"))
    #expect(user.contains("change_24h: +1.25 %"))
    #expect(user.contains("volume_24h: 31234.5 (base asset)"))
    #expect(user.contains("cash_usd: 10000.00"))
    #expect(user.contains("equity_usd: 10000.00"))
    #expect(user.contains("position: none (flat)"))
}

@Test func userPromptDescribesAnOpenPosition() {
    let open = makeSnapshot(
        position: PositionSnapshot(quantity: quantity("0.1"), averageEntryPrice: price("48000"), unrealizedPnL: money("195.2")))
    #expect(PromptBuilder().userPrompt(for: open).contains(
        "position: 0.1 held, average entry 48000, worth 5000.00 USD, unrealized P&L 195.20 USD"))
}

@Test func userPromptShowsTheLastCandlesOfEachInterval() {
    let lastCandle = snapshot.candles15m.last!
    #expect(user.contains("## Candles 15m (last 24, oldest first)"))
    #expect(user.contains("## Candles 4h (last 18, oldest first)"))
    #expect(user.contains("\(PromptFormat.utc(lastCandle.openTime)),\(lastCandle.open),\(lastCandle.high),\(lastCandle.low),\(lastCandle.close),12.5"))
    let rows = user.split(separator: "\n").filter { $0.hasPrefix("2021-") && $0.hasSuffix(",12.5") }
    #expect(rows.count == 24 + 18)
}

@Test func userPromptPutsSettingsFirstAndTheMarketLast() throws {
    func position(_ marker: String) throws -> String.Index { try #require(user.range(of: marker)).lowerBound }
    #expect(try position("## Settings") < position("## Your recent decisions"))
    #expect(try position("## Your recent decisions") < position("## Account"))
    #expect(try position("## Account") < position("## Market"))
    #expect(try position("## Market") < position("## Candles 15m"))
    #expect(user.hasSuffix("Current price 50000. Reply with the json object now."))
}

@Test func userPromptShowsNotAvailableForIndicatorsWithoutData() {
    let sparse = makeSnapshot(candles15m: syntheticCandles(count: 10, start: 50_000, step: 5))
    let prompt = PromptBuilder().userPrompt(for: sparse)
    #expect(prompt.contains("## Indicators 15m (from 10 closed candles)\nema20: n/a\nema50: n/a\nrsi14: n/a\nmacd(12,26,9): n/a\natr14: n/a\nbollinger(20,2): n/a"))
}

@Test func samesnapshotGivesTheSamePromptByteForByte() {
    #expect(PromptBuilder().prompt(for: snapshot) == PromptBuilder().prompt(for: snapshot))
}
