import AsyncHTTPClient
import DraizerCore
import Logging

/// Asks a language model over an OpenAI-compatible chat-completions API (DeepSeek by default) and turns
/// its answer into a validated decision, or into a HOLD that records why not.
///
/// Requests use JSON Output mode and put the static instructions first so the provider's prefix cache
/// serves them. Transient failures (429, 5xx, timeouts, dropped connections) are retried with exponential
/// back-off; an empty or truncated answer is asked for once more (with twice the token room after a
/// truncation); everything else ends the attempt. Nothing in this type can produce a trade from an answer
/// that did not pass `AnswerParser`.
public struct LLMDecisionEngine: DecisionEngine {
    public let configuration: LLMConfiguration
    public let promptBuilder: PromptBuilder
    private let httpClient: HTTPClient
    private let logger: Logger
    private let sleep: @Sendable (Duration) async -> Void
    private let jitter: @Sendable () -> Double

    /// - Parameters:
    ///   - httpClient: shared by default; the caller owns any other client's lifecycle.
    ///   - sleep: waits between retries; tests pass one that records and returns at once.
    ///   - jitter: the back-off's jitter factor in 0.5...1.
    public init(
        configuration: LLMConfiguration, httpClient: HTTPClient = .shared, promptBuilder: PromptBuilder = PromptBuilder(),
        logger: Logger = Logger(label: "draizer.ai.llm"),
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0.5...1) }
    ) {
        self.configuration = configuration
        self.promptBuilder = promptBuilder
        self.httpClient = httpClient
        self.logger = logger
        self.sleep = sleep
        self.jitter = jitter
    }

    public var kind: EngineKind { .llm }

    public func decide(_ snapshot: MarketSnapshot) async -> DecisionRecord {
        let clock = ContinuousClock()
        let start = clock.now
        let prompt = promptBuilder.prompt(for: snapshot)
        var usage = TokenUsage.zero
        var attempts = 0
        var rawAnswer: String?
        var reasoningContent: String?

        func finish(_ decision: Decision, _ error: DecisionError? = nil) -> DecisionRecord {
            let record = DecisionRecord(
                decision: decision, engine: .llm, model: configuration.model, prompt: prompt, rawAnswer: rawAnswer,
                reasoningContent: reasoningContent, latency: clock.now - start, usage: usage,
                cost: configuration.prices[configuration.model]?.cost(of: usage), error: error, attempts: attempts)
            if let error {
                logger.warning(
                    "LLM decision fell back to HOLD",
                    metadata: ["symbol": "\(snapshot.symbol)", "error": "\(error.code)", "attempts": "\(attempts)"])
            } else {
                logger.info(
                    "LLM decision",
                    metadata: [
                        "symbol": "\(snapshot.symbol)", "action": "\(decision.action)",
                        "confidence": "\(decision.confidence)", "attempts": "\(attempts)",
                        "prompt_tokens": "\(usage.promptTokens)", "cache_hit_tokens": "\(usage.cacheHitTokens)",
                    ])
            }
            return record
        }
        func hold(_ error: DecisionError) -> DecisionRecord {
            finish(.hold(reasoning: "No trade: \(error)."), error)
        }

        guard let apiKey = configuration.apiKey else {
            return hold(.notConfigured("no API key (set DEEPSEEK_API_KEY)"))
        }
        let client = ChatCompletionsClient(httpClient: httpClient, baseURL: configuration.baseURL, apiKey: apiKey)
        var maxTokens = configuration.maxTokens
        var retries = 0
        var askedAgain = false
        while true {
            attempts += 1
            let response: ChatResponse
            do {
                response = try await client.complete(
                    chatRequest(for: prompt, maxTokens: maxTokens), timeout: configuration.requestTimeout)
            } catch {
                guard error.isRetryable, retries + 1 < configuration.retry.maxAttempts else {
                    return hold(decisionError(for: error))
                }
                retries += 1
                let delay = configuration.retry.delay(beforeRetry: retries, jitter: jitter())
                logger.notice(
                    "LLM request failed, retrying",
                    metadata: ["error": "\(decisionError(for: error).code)", "retry": "\(retries)", "delay": "\(delay)"])
                await sleep(delay)
                continue
            }
            if let reported = response.usage { usage += reported.tokenUsage }
            guard let choice = response.choices.first else { return hold(.malformedResponse("no choices")) }
            rawAnswer = choice.message?.content
            reasoningContent = choice.message?.reasoningContent
            if let refusal = choice.message?.refusal, !refusal.isEmpty { return hold(.refusal(refusal)) }
            if choice.finishReason == "content_filter" {
                return hold(.refusal("the provider's content filter stopped the answer"))
            }
            let truncated = choice.finishReason == "length"
            let empty = (rawAnswer ?? "").allSatisfy(\.isWhitespace)
            if truncated || empty {
                guard !askedAgain else { return hold(truncated ? .truncatedAnswer : .emptyAnswer) }
                askedAgain = true
                if truncated { maxTokens *= 2 }
                logger.notice("LLM answer was \(truncated ? "truncated" : "empty"), asking once more")
                continue
            }
            switch AnswerParser.decision(from: rawAnswer ?? "", price: snapshot.price.price) {
            case .success(let decision): return finish(decision)
            case .failure(let error): return hold(error.decisionError)
            }
        }
    }

    /// Asks `GET /models` whether the configured model exists, so a wrong or retired model name is caught
    /// at startup rather than as a HOLD on every cycle. One attempt, no retries.
    public func checkModel() async -> ModelAvailability {
        guard let apiKey = configuration.apiKey else {
            return .unreachable(.notConfigured("no API key (set DEEPSEEK_API_KEY)"))
        }
        let client = ChatCompletionsClient(httpClient: httpClient, baseURL: configuration.baseURL, apiKey: apiKey)
        do {
            let models = try await client.listModels(timeout: min(configuration.requestTimeout, .seconds(30)))
            return models.contains(configuration.model)
                ? .available(model: configuration.model)
                : .missing(model: configuration.model, available: models.sorted())
        } catch {
            return .unreachable(decisionError(for: error))
        }
    }

    func chatRequest(for prompt: Prompt, maxTokens: Int) -> ChatRequest {
        let thinking = configuration.thinking == .enabled
        return ChatRequest(
            model: configuration.model,
            messages: [
                ChatRequest.Message(role: "system", content: prompt.system),
                ChatRequest.Message(role: "user", content: prompt.user),
            ],
            thinking: configuration.thinking.map { ChatRequest.ThinkingOption(type: $0.rawValue) },
            reasoningEffort: thinking ? configuration.reasoningEffort : nil,
            responseFormat: ChatRequest.ResponseFormat(type: "json_object"),
            temperature: thinking ? nil : configuration.temperature,
            maxTokens: maxTokens,
            stream: false)
    }

    private func decisionError(for error: ChatTransportError) -> DecisionError {
        switch error {
        case .status(401, let message, _): .authenticationFailed(message)
        case .status(402, let message, _): .insufficientBalance(message)
        case .status(404, let message, _): .modelNotFound(model: configuration.model, message: message)
        case .status(let status, let message, let code)
        where (400..<500).contains(status) && Self.saysModelIsMissing(message: message, code: code):
            .modelNotFound(model: configuration.model, message: message)
        case .status(429, let message, _): .rateLimited(message)
        case .status(let status, let message, _) where status >= 500: .providerError(status: status, message: message)
        case .status(let status, let message, _): .invalidRequest(status: status, message: message)
        case .timeout: .timeout
        case .network(let message): .network(message)
        case .undecodable(let detail): .malformedResponse(detail)
        }
    }

    /// DeepSeek answers an unknown or retired model with a 400 ("Model Not Exist"), OpenAI with a 404
    /// `model_not_found`; both deserve the same clear error.
    private static func saysModelIsMissing(message: String, code: String?) -> Bool {
        if code == "model_not_found" { return true }
        let text = message.lowercased()
        return text.contains("model") && (text.contains("not exist") || text.contains("not found"))
    }
}

/// Whether the configured model can be used, from `LLMDecisionEngine.checkModel()`.
public enum ModelAvailability: Sendable, Hashable, CustomStringConvertible {
    case available(model: String)
    /// The provider answered, and the model is not among those it lists.
    case missing(model: String, available: [String])
    /// The list could not be fetched (wrong key, no balance, network…).
    case unreachable(DecisionError)

    public var isAvailable: Bool {
        if case .available = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .available(let model): "model '\(model)' is available"
        case .missing(let model, let available):
            "model '\(model)' does not exist at the provider; it offers: "
                + (available.isEmpty ? "no models" : available.joined(separator: ", "))
        case .unreachable(let error): "could not check the model: \(error)"
        }
    }
}
