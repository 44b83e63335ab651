import DraizerCore
import Foundation
import Testing

@testable import DraizerAI

private let marketPrice = price("50000")

private func parse(_ content: String) -> Result<Decision, AnswerError> {
    AnswerParser.decision(from: content, price: marketPrice)
}

/// An answer with every key, where `overrides` replaces raw JSON values by key (`"exit_plan"` included).
private func answer(
    action: String = #""BUY""#, confidence: String = "72", reasoning: String = #""Trend up, RSI 58.""#,
    amount: String = #""250.50""#, stopLoss: String = #""49000""#, takeProfit: String = #""52500""#,
    invalidation: String = #""a 4h close below the EMA50""#
) -> String {
    """
    {"action": \(action), "confidence": \(confidence), "reasoning": \(reasoning), "amount_usd": \(amount), \
    "exit_plan": {"stop_loss": \(stopLoss), "take_profit": \(takeProfit), "invalidation": \(invalidation)}}
    """
}

private func expectInvalid(_ content: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
    switch parse(content) {
    case .success(let decision):
        Issue.record("accepted \(decision)", sourceLocation: sourceLocation)
    case .failure(let error):
        #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    }
}

@Test func parsesAValidBuyExactly() throws {
    let decision = try parse(answer()).get()
    #expect(decision.action == .buy)
    #expect(decision.confidence == 72)
    #expect(decision.reasoning == "Trend up, RSI 58.")
    #expect(decision.amount == money("250.5"))
    #expect(decision.exitPlan == (try ExitPlan(stopLoss: price("49000"), takeProfit: price("52500"), invalidation: "a 4h close below the EMA50")))
}

@Test func readsJSONNumberAmountsDigitForDigit() throws {
    let decision = try parse(answer(amount: "250.10000001", stopLoss: "49000.5", takeProfit: "52500")).get()
    #expect(decision.amount == money("250.10000001"))
    #expect(decision.exitPlan.stopLoss == price("49000.5"))
}

@Test func acceptsASellOfEverything() throws {
    let decision = try parse(answer(action: #""SELL""#, amount: "null", stopLoss: "null", takeProfit: "null", invalidation: #""""#)).get()
    #expect(decision.action == .sell)
    #expect(decision.amount == nil)
}

@Test func acceptsAPartialSell() throws {
    let decision = try parse(answer(action: #""SELL""#, amount: #""100""#, stopLoss: "null", takeProfit: "null")).get()
    #expect(decision.amount == money("100"))
}

@Test func acceptsAHoldWithNullOrZeroAmount() throws {
    let null = try parse(answer(action: #""HOLD""#, amount: "null", stopLoss: "null", takeProfit: "null", invalidation: #""""#)).get()
    #expect(null.action == .hold)
    let zero = try parse(answer(action: #""HOLD""#, amount: #""0""#, stopLoss: "null", takeProfit: "null")).get()
    #expect(zero.amount == nil)
}

@Test func acceptsTheSchemaExampleShownToTheModel() throws {
    let decision = try AnswerParser.decision(from: AnswerSchema.example, price: price("61000")).get()
    #expect(decision.action == .buy)
}

@Test func toleratesWhitespaceAroundTheObject() throws {
    #expect(throws: Never.self) { try parse("\n  " + answer() + "\n").get() }
}

@Test func rejectsWhatIsNotOneJSONObject() {
    for content in [
        "", "BUY", "[1, 2]", "\"BUY\"", answer() + " Good luck!", "Here you go: " + answer(),
        "```json\n" + answer() + "\n```", answer() + answer(), #"{"action": "BUY",}"#, "{'action': 'BUY'}",
    ] {
        guard case .failure(.malformed) = parse(content) else {
            Issue.record("expected a malformed answer for \(content)")
            continue
        }
    }
}

@Test func rejectsMissingExtraAndRepeatedKeys() {
    expectInvalid(#"{"action": "HOLD", "confidence": 10, "reasoning": "x", "amount_usd": null}"#, "missing the key \"exit_plan\"")
    expectInvalid(answer().replacingOccurrences(of: #""action": "BUY","#, with: #""action": "BUY", "symbol": "BTCUSDT","#), "unexpected key \"symbol\"")
    expectInvalid(answer().replacingOccurrences(of: #""action": "BUY","#, with: #""action": "HOLD", "action": "BUY","#), "repeats the key \"action\"")
    expectInvalid(answer().replacingOccurrences(of: #""invalidation""#, with: #""invalidation_condition""#), "unexpected key \"invalidation_condition\"")
    expectInvalid(answer().replacingOccurrences(of: #""amount_usd""#, with: #""amount""#), "unexpected key \"amount\"")
}

@Test func rejectsActionsOtherThanTheThreeWords() {
    for action in [#""buy""#, #""SHORT""#, #""Buy ""#, "1", "null"] {
        expectInvalid(answer(action: action), "action must be")
    }
}

@Test func rejectsConfidenceThatIsNotAnIntegerFrom0To100() {
    expectInvalid(answer(confidence: "101"), "confidence 101 is outside 0...100")
    expectInvalid(answer(confidence: "-1"), "confidence -1 is outside 0...100")
    expectInvalid(answer(confidence: "72.5"), "confidence must be an integer, got 72.5")
    expectInvalid(answer(confidence: "72.0"), "confidence must be an integer")
    expectInvalid(answer(confidence: "7.2e1"), "confidence must be an integer")
    expectInvalid(answer(confidence: #""72""#), "confidence must be an integer, got a string")
    expectInvalid(answer(confidence: "0.72"), "confidence must be an integer")
}

@Test func rejectsAmountsThatAreNotPlainNonNegativeDecimals() {
    expectInvalid(answer(amount: #""-250""#), "plain non-negative decimal")
    expectInvalid(answer(amount: "-250"), "plain non-negative decimal")
    expectInvalid(answer(amount: #""1e3""#), "plain non-negative decimal")
    expectInvalid(answer(amount: "1e3"), "plain non-negative decimal")
    expectInvalid(answer(amount: #""$250""#), "plain non-negative decimal")
    expectInvalid(answer(amount: #""250 USD""#), "plain non-negative decimal")
    expectInvalid(answer(amount: #"".5""#), "plain non-negative decimal")
    expectInvalid(answer(amount: #""250.123456789""#), "more than 8 decimals")
    expectInvalid(answer(amount: "true"), "must be a decimal string or null")
}

@Test func rejectsABuyWithoutAPositiveAmount() {
    expectInvalid(answer(amount: "null"), "a BUY needs a positive amount_usd")
    expectInvalid(answer(amount: #""0""#), "a BUY needs a positive amount_usd")
}

@Test func rejectsABuyWithoutAFullExitPlan() {
    expectInvalid(answer(stopLoss: "null"), "a BUY needs both stop_loss and take_profit")
    expectInvalid(answer(takeProfit: "null"), "a BUY needs both stop_loss and take_profit")
    expectInvalid(answer(invalidation: #"" ""#), "a BUY needs an invalidation condition")
    expectInvalid(answer(invalidation: "null"), "invalidation must be a string")
}

@Test func rejectsExitPricesOnTheWrongSideOfThePrice() {
    expectInvalid(answer(stopLoss: #""50000""#), "stop_loss 50000 must be below the current price 50000")
    expectInvalid(answer(takeProfit: #""49500""#), "take_profit 49500 must be above the current price 50000")
    expectInvalid(answer(stopLoss: #""0""#), "stop_loss must be above zero")
    expectInvalid(
        answer(action: #""HOLD""#, amount: "null", stopLoss: #""51000""#, takeProfit: "null"),
        "stop_loss 51000 must be below the current price")
}

@Test func rejectsAHoldThatNamesAnAmount() {
    expectInvalid(answer(action: #""HOLD""#, amount: #""100""#, stopLoss: "null", takeProfit: "null"), "a HOLD must have amount_usd null")
}

@Test func rejectsASellOfZero() {
    expectInvalid(answer(action: #""SELL""#, amount: #""0""#, stopLoss: "null", takeProfit: "null"), "a SELL amount_usd must be positive")
}

@Test func rejectsEmptyReasoning() {
    expectInvalid(answer(reasoning: #""  ""#), "reasoning must be a non-empty string")
    expectInvalid(answer(reasoning: "null"), "reasoning must be a non-empty string")
}

@Test func rejectsAnExitPlanThatIsNotAnObject() {
    expectInvalid(
        #"{"action": "HOLD", "confidence": 10, "reasoning": "x", "amount_usd": null, "exit_plan": null}"#,
        "exit_plan must be an object")
}
