import DraizerAI
import DraizerCore
import Testing

@Test func defaultsToDeepSeekV4FlashWithoutThinking() throws {
    let configuration = try LLMConfiguration(environment: ["DEEPSEEK_API_KEY": "sk-abc"])
    #expect(configuration.baseURL == "https://api.deepseek.com")
    #expect(configuration.model == "deepseek-v4-flash")
    #expect(configuration.thinking == .disabled)
    #expect(configuration.maxTokens == 1_024)
    #expect(configuration.apiKey == "sk-abc")
    #expect(configuration.requestTimeout == .seconds(120))
}

@Test func thinkingModeGetsMoreTokenRoom() throws {
    let configuration = try LLMConfiguration(environment: ["DEEPSEEK_THINKING": "true", "DEEPSEEK_REASONING_EFFORT": "max"])
    #expect(configuration.thinking == .enabled)
    #expect(configuration.reasoningEffort == "max")
    #expect(configuration.maxTokens == 8_192)
}

@Test func readsEveryVariable() throws {
    let configuration = try LLMConfiguration(environment: [
        "DEEPSEEK_BASE_URL": "https://proxy.example/v1/", "DEEPSEEK_MODEL": "deepseek-v4-pro", "DEEPSEEK_THINKING": "omit",
        "DEEPSEEK_MAX_TOKENS": "2048", "DEEPSEEK_TIMEOUT_SECONDS": "30", "DEEPSEEK_API_KEY": "  ",
    ])
    #expect(configuration.baseURL == "https://proxy.example/v1")
    #expect(configuration.model == "deepseek-v4-pro")
    #expect(configuration.thinking == nil)
    #expect(configuration.maxTokens == 2_048)
    #expect(configuration.requestTimeout == .seconds(30))
    #expect(configuration.apiKey == nil)
}

@Test func refusesUnreadableSettings() {
    #expect(throws: LLMConfiguration.Invalid.self) { try LLMConfiguration(environment: ["DEEPSEEK_THINKING": "maybe"]) }
    #expect(throws: LLMConfiguration.Invalid.self) { try LLMConfiguration(environment: ["DEEPSEEK_MAX_TOKENS": "12"]) }
    #expect(throws: LLMConfiguration.Invalid.self) { try LLMConfiguration(environment: ["DEEPSEEK_BASE_URL": "api.deepseek.com"]) }
    #expect(throws: LLMConfiguration.Invalid.self) { try LLMConfiguration(environment: ["DEEPSEEK_TIMEOUT_SECONDS": "soon"]) }
}

@Test func backOffDoublesUpToTheCapWithJitter() {
    let retry = LLMRetryPolicy(maxAttempts: 6, baseDelay: .seconds(1), maxDelay: .seconds(5))
    #expect((1...5).map { retry.delay(beforeRetry: $0, jitter: 1) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
    #expect(retry.delay(beforeRetry: 2, jitter: 0.5) == .seconds(1))
    #expect(retry.delay(beforeRetry: 2, jitter: 0) == .seconds(1))
}

@Test func costChargesHitsMissesAndOutputAtTheirPrices() throws {
    let flash = try #require(PriceTable.deepSeekV4["deepseek-v4-flash"])
    let usage = TokenUsage(promptTokens: 1_000_000, completionTokens: 1_000_000, cacheHitTokens: 1_000_000, cacheMissTokens: 0)
    #expect(flash.cost(of: usage) == money("0.2828"))
    let missOnly = TokenUsage(promptTokens: 2_000_000, completionTokens: 0, cacheHitTokens: 0, cacheMissTokens: 2_000_000)
    #expect(flash.cost(of: missOnly) == money("0.28"))
}

@Test func costRoundsUpToTheSmallestUnit() throws {
    let flash = try #require(PriceTable.deepSeekV4["deepseek-v4-flash"])
    // One cache-hit token: 0.0028 / 1 000 000 = 0.0000000028 → 0.00000001.
    #expect(flash.cost(of: TokenUsage(promptTokens: 1, completionTokens: 0, cacheHitTokens: 1, cacheMissTokens: 0)) == money("0.00000001"))
}

@Test func proPricesAreTheListPrices() throws {
    let pro = try #require(PriceTable.deepSeekV4["deepseek-v4-pro"])
    #expect(pro == ModelPricing(cacheHitPerMillion: money("0.0145"), cacheMissPerMillion: money("1.74"), outputPerMillion: money("3.48")))
    #expect(PriceTable.deepSeekV4["deepseek-chat"] == nil)
}
