import DraizerTestFakes
import Foundation
import DraizerCore
import Testing

@testable import DraizerAI

/// An engine pointed at the fake server, with instant back-off and no jitter.
private func engine(
    _ server: FakeLLMServer, apiKey: String? = "sk-test-key", thinking: LLMConfiguration.Thinking? = .disabled,
    reasoningEffort: String? = nil, maxAttempts: Int = 3, timeout: Duration = .seconds(10),
    sleeper: SleepRecorder = SleepRecorder()
) -> LLMDecisionEngine {
    LLMDecisionEngine(
        configuration: LLMConfiguration(
            apiKey: apiKey, baseURL: server.baseURL + "/", thinking: thinking, reasoningEffort: reasoningEffort,
            requestTimeout: timeout, retry: LLMRetryPolicy(maxAttempts: maxAttempts, baseDelay: .seconds(1))),
        sleep: sleeper.sleep, jitter: { 1 })
}

/// Runs one decision against a server scripted with `replies`, returning the record and what the server saw.
private func decide(
    _ replies: FakeLLMServer.Reply..., snapshot: MarketSnapshot = makeSnapshot(), maxAttempts: Int = 3,
    timeout: Duration = .seconds(10), sleeper: SleepRecorder = SleepRecorder()
) async throws -> (DecisionRecord, [RecordedChatRequest]) {
    try await FakeLLMServer.with { server in
        for reply in replies { await server.enqueue(reply) }
        let record = await engine(server, maxAttempts: maxAttempts, timeout: timeout, sleeper: sleeper).decide(snapshot)
        return (record, await server.chatRequests)
    }
}

/// The record is a HOLD that trades nothing and carries `error`.
private func expectHold(_ record: DecisionRecord, _ error: DecisionError?, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(record.decision.action == .hold, sourceLocation: sourceLocation)
    #expect(record.decision.amount == nil, sourceLocation: sourceLocation)
    #expect(record.decision.confidence == 0, sourceLocation: sourceLocation)
    #expect(record.error == error, sourceLocation: sourceLocation)
    #expect(record.engine == .llm, sourceLocation: sourceLocation)
}

// MARK: - Answers that validate

@Test func validBuyAnswerBecomesTheDecision() async throws {
    let (record, requests) = try await decide(ChatReplies.completion(content: ChatReplies.buyAnswer))
    #expect(record.error == nil)
    #expect(record.decision.action == .buy)
    #expect(record.decision.confidence == 72)
    #expect(record.decision.amount == money("250.50"))
    #expect(record.decision.exitPlan.stopLoss == price("49000"))
    #expect(record.decision.exitPlan.takeProfit == price("52500"))
    #expect(record.decision.exitPlan.invalidation == "a 4h close below the EMA50")
    #expect(record.engine == .llm)
    #expect(record.model == "deepseek-v4-flash")
    #expect(record.rawAnswer == ChatReplies.buyAnswer)
    #expect(record.attempts == 1)
    #expect(requests.count == 1)
}

@Test func requestUsesJSONModeNonThinkingAndTheConfiguredModel() async throws {
    try await FakeLLMServer.with { server in
        await server.enqueue(ChatReplies.completion(content: ChatReplies.holdAnswer))
        _ = await engine(server).decide(makeSnapshot())
        let received = try #require(await server.received.first)
        #expect(received.method == "POST")
        #expect(received.path == "/chat/completions")
        #expect(received.headers["authorization"] == "Bearer sk-test-key")
        #expect(received.headers["content-type"] == "application/json")
        let chat = received.chat
        #expect(chat.model == "deepseek-v4-flash")
        #expect(chat.responseFormat?.type == "json_object")
        #expect(chat.thinking?.type == "disabled")
        #expect(chat.reasoningEffort == nil)
        #expect(chat.temperature == 0)
        #expect(chat.maxTokens == 1_024)
        #expect(chat.stream == false)
        #expect(chat.messages.map(\.role) == ["system", "user"])
    }
}

@Test func promptSentIsTheBuildersStaticSystemThenTheDataLast() async throws {
    let snapshot = makeSnapshot()
    let (record, requests) = try await decide(ChatReplies.completion(content: ChatReplies.holdAnswer), snapshot: snapshot)
    let expected = PromptBuilder().prompt(for: snapshot)
    #expect(requests[0].system == PromptBuilder.systemPrompt)
    #expect(requests[0].user == expected.user)
    #expect(record.prompt == expected)
}

@Test func serverReceivesTheSchemaTheFeeTheLimitsTheIndicatorsAndTheRecord() async throws {
    let snapshot = makeSnapshot(recentDecisions: [
        PastDecision(
            decidedAt: snapshotTime - 3_600_000, action: .buy, confidence: 68, amount: money("400"), price: price("49700"),
            outcome: .open(unrealizedPnL: money("2.5")))
    ])
    let (_, requests) = try await decide(ChatReplies.completion(content: ChatReplies.holdAnswer), snapshot: snapshot)
    let system = requests[0].system
    let user = requests[0].user
    #expect(system.contains("json"))
    #expect(system.contains(AnswerSchema.jsonSchema))
    #expect(system.contains("Fees make overtrading costly"))
    #expect(user.contains("fee_rate: 0.001"))
    #expect(user.contains("- max_order: 1000.00 USD per buy"))
    #expect(user.contains("- min_confidence: 60"))
    #expect(user.contains("ema20: \(PromptFormat.fixed(snapshot.indicators15m.ema20!, 2))"))
    #expect(user.contains("rsi14: "))
    #expect(user.contains("2021-12-02T17:00:00Z,BUY,68,400.00,49700,position open, unrealized P&L 2.50 USD"))
    #expect(user.hasSuffix("Reply with the json object now."))
}

@Test func systemPromptIsIdenticalAcrossCallsSoThePrefixCacheApplies() async throws {
    try await FakeLLMServer.with { server in
        await server.enqueue(
            ChatReplies.completion(content: ChatReplies.holdAnswer), ChatReplies.completion(content: ChatReplies.holdAnswer))
        let engine = engine(server)
        _ = await engine.decide(makeSnapshot(price: "50000"))
        _ = await engine.decide(
            makeSnapshot(price: "50100", cash: "900", equity: "12000", feeRate: "0.00075", recentDecisions: [
                PastDecision(
                    decidedAt: snapshotTime - 900_000, action: .hold, confidence: 30, amount: nil, price: price("50000"),
                    outcome: .held)
            ]))
        let requests = await server.chatRequests
        #expect(requests.count == 2)
        #expect(requests[0].system == requests[1].system)
        #expect(requests[0].user != requests[1].user)
    }
}

@Test func thinkingModeAsksToThinkWithRoomAndKeepsTheChainOfThought() async throws {
    try await FakeLLMServer.with { server in
        await server.enqueue(
            ChatReplies.completion(
                content: ChatReplies.holdAnswer, reasoning: "RSI is neutral and the fee eats the move...",
                completionTokens: 400, reasoningTokens: 350))
        let record = await engine(server, thinking: .enabled, reasoningEffort: "high").decide(makeSnapshot())
        let chat = try #require(await server.chatRequests.first)
        #expect(chat.thinking?.type == "enabled")
        #expect(chat.reasoningEffort == "high")
        #expect(chat.temperature == nil)
        #expect(chat.maxTokens == 8_192)
        #expect(record.decision.action == .hold)
        #expect(record.error == nil)
        #expect(record.reasoningContent == "RSI is neutral and the fee eats the move...")
        #expect(record.usage.reasoningTokens == 350)
        #expect(record.usage.completionTokens == 400)
    }
}

@Test func thinkingFieldIsLeftOutForProvidersThatRejectIt() async throws {
    try await FakeLLMServer.with { server in
        await server.enqueue(ChatReplies.completion(content: ChatReplies.holdAnswer))
        _ = await engine(server, thinking: nil).decide(makeSnapshot())
        let received = try #require(await server.received.first)
        #expect(!received.body.contains("\"thinking\""))
    }
}

@Test func usageRecordsDeepSeekCacheHitsAndMisses() async throws {
    let (record, _) = try await decide(
        ChatReplies.completion(content: ChatReplies.holdAnswer, promptTokens: 1_500, cacheHitTokens: 1_280, completionTokens: 90))
    #expect(record.usage == TokenUsage(promptTokens: 1_500, completionTokens: 90, cacheHitTokens: 1_280, cacheMissTokens: 220))
}

@Test func costIsComputedFromThePriceTable() async throws {
    // 1 280 × 0.0028 + 220 × 0.14 + 90 × 0.28 = 59.584 USD per million requests → 0.000059584, rounded up.
    let (record, _) = try await decide(
        ChatReplies.completion(content: ChatReplies.holdAnswer, promptTokens: 1_500, cacheHitTokens: 1_280, completionTokens: 90))
    #expect(record.cost == money("0.00005959"))
}

@Test func openAIShapedAnswerIsReadWithItsCachedTokens() async throws {
    let (record, _) = try await decide(
        ChatReplies.openAICompletion(content: ChatReplies.buyAnswer, promptTokens: 1_500, cachedTokens: 1_024))
    #expect(record.decision.action == .buy)
    #expect(record.usage.cacheHitTokens == 1_024)
    #expect(record.usage.cacheMissTokens == 476)
}

@Test func keepAliveBlankLinesBeforeTheBodyAreSkipped() async throws {
    var reply = ChatReplies.completion(content: ChatReplies.buyAnswer)
    reply.body = "\n\n\n" + reply.body
    let (record, _) = try await decide(reply)
    #expect(record.error == nil)
    #expect(record.decision.action == .buy)
}

// MARK: - Answers that do not validate: HOLD, never a trade

@Test func malformedJSONAnswerHolds() async throws {
    let (record, requests) = try await decide(ChatReplies.completion(content: #"{"action": "BUY", "confidence": 80,"#))
    expectHold(record, record.error)
    guard case .malformedAnswer = record.error else { Issue.record("expected malformedAnswer, got \(String(describing: record.error))"); return }
    #expect(record.rawAnswer == #"{"action": "BUY", "confidence": 80,"#)
    #expect(requests.count == 1)
}

@Test func proseAnswerHoldsWithoutFishingNumbersFromIt() async throws {
    let prose = "I would BUY 500 USD now with confidence 90, stop-loss 49000, take-profit 52000."
    let (record, _) = try await decide(ChatReplies.completion(content: prose))
    expectHold(record, record.error)
    #expect(record.error?.code == "malformed_answer")
    #expect(record.decision.exitPlan == .none)
}

@Test func answerInCodeFencesHolds() async throws {
    let (record, _) = try await decide(ChatReplies.completion(content: "```json\n" + ChatReplies.buyAnswer + "\n```"))
    expectHold(record, record.error)
    #expect(record.error?.code == "malformed_answer")
}

@Test func refusalHolds() async throws {
    let (record, _) = try await decide(
        ChatReplies.openAICompletion(content: nil, refusal: "I can't help with trading decisions."))
    expectHold(record, .refusal("I can't help with trading decisions."))
}

@Test func contentFilterStopHoldsAsARefusal() async throws {
    let (record, _) = try await decide(ChatReplies.completion(content: "", finishReason: "content_filter"))
    expectHold(record, .refusal("the provider's content filter stopped the answer"))
    #expect(record.attempts == 1)
}

@Test func outOfRangeConfidenceHolds() async throws {
    let answer = ChatReplies.buyAnswer.replacingOccurrences(of: "\"confidence\": 72", with: "\"confidence\": 150")
    let (record, _) = try await decide(ChatReplies.completion(content: answer))
    expectHold(record, .invalidAnswer("confidence 150 is outside 0...100"))
}

@Test func buyWithStopLossAboveThePriceHolds() async throws {
    let answer = ChatReplies.buyAnswer.replacingOccurrences(of: "\"49000.00\"", with: "\"50500.00\"")
    let (record, _) = try await decide(ChatReplies.completion(content: answer))
    expectHold(record, .invalidAnswer("stop_loss 50500 must be below the current price 50000"))
}

@Test func negativeAmountHolds() async throws {
    let answer = ChatReplies.buyAnswer.replacingOccurrences(of: "\"250.50\"", with: "\"-250.50\"")
    let (record, _) = try await decide(ChatReplies.completion(content: answer))
    expectHold(record, record.error)
    #expect(record.error?.code == "invalid_answer")
}

@Test func emptyAnswerIsAskedForOnceMoreAndThenUsed() async throws {
    let (record, requests) = try await decide(
        ChatReplies.completion(content: ""), ChatReplies.completion(content: ChatReplies.buyAnswer))
    #expect(record.error == nil)
    #expect(record.decision.action == .buy)
    #expect(record.attempts == 2)
    #expect(requests.count == 2)
}

@Test func emptyAnswerTwiceHolds() async throws {
    let (record, requests) = try await decide(
        ChatReplies.completion(content: nil), ChatReplies.completion(content: "  \n"),
        ChatReplies.completion(content: ChatReplies.buyAnswer))
    expectHold(record, .emptyAnswer)
    #expect(record.attempts == 2)
    #expect(requests.count == 2)
}

@Test func truncatedAnswerIsAskedForOnceMoreWithMoreRoom() async throws {
    let (record, requests) = try await decide(
        ChatReplies.completion(content: #"{"action": "BUY", "confid"#, finishReason: "length"),
        ChatReplies.completion(content: ChatReplies.buyAnswer))
    #expect(record.error == nil)
    #expect(record.decision.action == .buy)
    #expect(record.attempts == 2)
    #expect(requests.map(\.maxTokens) == [1_024, 2_048])
}

@Test func truncatedAnswerTwiceHolds() async throws {
    let (record, _) = try await decide(
        ChatReplies.completion(content: #"{"action": "BUY""#, finishReason: "length"),
        ChatReplies.completion(content: ChatReplies.buyAnswer, finishReason: "length"))
    expectHold(record, .truncatedAnswer)
    #expect(record.attempts == 2)
}

@Test func costAndUsageAddUpOverEveryBilledAttempt() async throws {
    let (record, _) = try await decide(
        ChatReplies.completion(content: "", promptTokens: 1_000, cacheHitTokens: 0, completionTokens: 0),
        ChatReplies.completion(content: ChatReplies.holdAnswer, promptTokens: 1_000, cacheHitTokens: 1_000, completionTokens: 100))
    #expect(record.usage == TokenUsage(promptTokens: 2_000, completionTokens: 100, cacheHitTokens: 1_000, cacheMissTokens: 1_000))
    // 1 000 × 0.0028 + 1 000 × 0.14 + 100 × 0.28 = 170.8 per million.
    #expect(record.cost == money("0.0001708"))
}

@Test func responseThatIsNotAChatCompletionHolds() async throws {
    let (record, _) = try await decide(FakeLLMServer.Reply(status: 200, body: "<html>gateway</html>"))
    expectHold(record, record.error)
    #expect(record.error?.code == "malformed_response")
    #expect(record.attempts == 1)
}

// MARK: - Provider errors

@Test func unauthorizedIsAClearErrorAndNotRetried() async throws {
    let (record, requests) = try await decide(
        ChatReplies.error(401, "Authentication Fails, Your api key: ****abcd is invalid", type: "authentication_error"))
    expectHold(record, .authenticationFailed("Authentication Fails, Your api key: ****abcd is invalid"))
    #expect(record.attempts == 1)
    #expect(requests.count == 1)
}

@Test func insufficientBalanceIsAClearErrorAndNotRetried() async throws {
    let (record, _) = try await decide(ChatReplies.error(402, "Insufficient Balance", type: "unknown_error"))
    expectHold(record, .insufficientBalance("Insufficient Balance"))
    #expect(record.attempts == 1)
}

@Test func unknownModelIsAClearError() async throws {
    let (record, _) = try await decide(
        ChatReplies.error(404, "The model `deepseek-v4-flash` does not exist", code: "model_not_found"))
    expectHold(record, .modelNotFound(model: "deepseek-v4-flash", message: "The model `deepseek-v4-flash` does not exist"))
}

@Test func deepSeeksBadRequestForARetiredModelIsAModelError() async throws {
    let (record, _) = try await decide(ChatReplies.error(400, "Model Not Exist"))
    expectHold(record, .modelNotFound(model: "deepseek-v4-flash", message: "Model Not Exist"))
    #expect(record.attempts == 1)
}

@Test func invalidParametersAreNotRetried() async throws {
    let (record, _) = try await decide(ChatReplies.error(422, "max_tokens must be at most 393216"))
    expectHold(record, .invalidRequest(status: 422, message: "max_tokens must be at most 393216"))
    #expect(record.attempts == 1)
}

@Test func rateLimitIsRetriedAfterABackOff() async throws {
    let sleeper = SleepRecorder()
    let (record, requests) = try await decide(
        ChatReplies.error(429, "Rate Limit Reached"), ChatReplies.completion(content: ChatReplies.buyAnswer),
        sleeper: sleeper)
    #expect(record.error == nil)
    #expect(record.decision.action == .buy)
    #expect(record.attempts == 2)
    #expect(requests.count == 2)
    #expect(await sleeper.delays == [.seconds(1)])
}

@Test func serverErrorsAreRetriedWithExponentialBackOff() async throws {
    let sleeper = SleepRecorder()
    let (record, _) = try await decide(
        ChatReplies.error(500, "Server Error"), ChatReplies.error(503, "Server Overloaded"),
        ChatReplies.completion(content: ChatReplies.holdAnswer), sleeper: sleeper)
    #expect(record.error == nil)
    #expect(record.attempts == 3)
    #expect(await sleeper.delays == [.seconds(1), .seconds(2)])
}

@Test func serverErrorOnEveryAttemptHolds() async throws {
    let (record, requests) = try await decide(
        ChatReplies.error(500, "Server Error"), ChatReplies.error(500, "Server Error"),
        ChatReplies.error(503, "Server Overloaded"))
    expectHold(record, .providerError(status: 503, message: "Server Overloaded"))
    #expect(record.attempts == 3)
    #expect(requests.count == 3)
}

@Test func rateLimitOnEveryAttemptHolds() async throws {
    let (record, _) = try await decide(
        ChatReplies.error(429, "Rate Limit Reached"), ChatReplies.error(429, "Rate Limit Reached"), maxAttempts: 2)
    expectHold(record, .rateLimited("Rate Limit Reached"))
    #expect(record.attempts == 2)
}

@Test func slowAnswerTimesOutAndHolds() async throws {
    let slow = ChatReplies.completion(content: ChatReplies.buyAnswer, delay: .seconds(30))
    let (record, _) = try await decide(slow, slow, maxAttempts: 2, timeout: .milliseconds(300))
    expectHold(record, .timeout)
    #expect(record.attempts == 2)
}

@Test func slowAnswerIsRetriedAndAFastOneUsed() async throws {
    let (record, _) = try await decide(
        ChatReplies.completion(content: ChatReplies.buyAnswer, delay: .seconds(30)),
        // The timeout leaves the fast answer room even on a loaded CI machine; the slow one still exceeds it.
        ChatReplies.completion(content: ChatReplies.holdAnswer), timeout: .seconds(5))
    #expect(record.error == nil)
    #expect(record.decision.action == .hold)
    #expect(record.attempts == 2)
}

@Test func droppedConnectionIsRetried() async throws {
    let (record, _) = try await decide(
        FakeLLMServer.Reply(status: 200, body: "", dropsConnection: true),
        ChatReplies.completion(content: ChatReplies.buyAnswer))
    #expect(record.error == nil)
    #expect(record.decision.action == .buy)
    #expect(record.attempts == 2)
}

@Test func unreachableProviderHoldsWithANetworkError() async throws {
    // A port that was free a moment ago: nothing listens on it. AsyncHTTPClient keeps retrying a refused
    // connection until the request's deadline, so the timeout is short to keep the test fast.
    let port = try await FakeLLMServer.with { $0.port }
    let sleeper = SleepRecorder()
    let engine = LLMDecisionEngine(
        configuration: LLMConfiguration(
            apiKey: "sk-test", baseURL: "http://127.0.0.1:\(port)", requestTimeout: .milliseconds(300),
            retry: LLMRetryPolicy(maxAttempts: 2)),
        sleep: sleeper.sleep, jitter: { 1 })
    let record = await engine.decide(makeSnapshot())
    expectHold(record, record.error)
    #expect(record.error?.code == "network_error")
    #expect(record.attempts == 2)
    #expect(await sleeper.delays.count == 1)
}

@Test func missingAPIKeyHoldsWithoutCallingTheProvider() async throws {
    try await FakeLLMServer.with { server in
        let record = await engine(server, apiKey: nil).decide(makeSnapshot())
        expectHold(record, .notConfigured("no API key (set DEEPSEEK_API_KEY)"))
        #expect(record.attempts == 0)
        #expect(await server.received.isEmpty)
    }
}

// MARK: - Model check

@Test func checkModelFindsTheConfiguredModel() async throws {
    try await FakeLLMServer.with { server in
        await server.setModels(ChatReplies.models(["deepseek-v4-flash", "deepseek-v4-pro"]))
        let availability = await engine(server).checkModel()
        #expect(availability == .available(model: "deepseek-v4-flash"))
        #expect(availability.isAvailable)
        let request = try #require(await server.received.first)
        #expect(request.method == "GET")
        #expect(request.path == "/models")
        #expect(request.headers["authorization"] == "Bearer sk-test-key")
    }
}

@Test func checkModelReportsAMissingModelAndWhatIsOffered() async throws {
    try await FakeLLMServer.with { server in
        await server.setModels(ChatReplies.models(["deepseek-v4-pro", "deepseek-chat"]))
        let availability = await engine(server).checkModel()
        #expect(availability == .missing(model: "deepseek-v4-flash", available: ["deepseek-chat", "deepseek-v4-pro"]))
        #expect(!availability.isAvailable)
        #expect(availability.description.contains("'deepseek-v4-flash' does not exist"))
    }
}

@Test func checkModelReportsAWrongKey() async throws {
    try await FakeLLMServer.with { server in
        await server.setModels(ChatReplies.error(401, "Authentication Fails (no such user)", type: "authentication_error"))
        let availability = await engine(server).checkModel()
        #expect(availability == .unreachable(.authenticationFailed("Authentication Fails (no such user)")))
    }
}
