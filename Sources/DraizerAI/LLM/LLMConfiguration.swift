/// How to reach and ask the model: an OpenAI-compatible chat-completions API, DeepSeek by default.
public struct LLMConfiguration: Sendable, Hashable {
    /// Whether the model thinks before answering (DeepSeek's `thinking` object).
    public enum Thinking: String, Sendable, Hashable {
        case enabled
        case disabled
    }

    public static let defaultBaseURL = "https://api.deepseek.com"
    /// DeepSeek-V4 Flash, in non-thinking mode unless asked. `deepseek-chat` and `deepseek-reasoner` were
    /// retired on 2026-07-24 and now fail with HTTP 400.
    public static let defaultModel = "deepseek-v4-flash"

    /// Without a trailing slash; `https://api.deepseek.com` and `…/v1` both work.
    public var baseURL: String
    /// Sent as `Authorization: Bearer …`; nil leaves the engine unconfigured (every decision a HOLD).
    public var apiKey: String?
    public var model: String
    /// Sent as `thinking: {"type": …}`; nil sends nothing, for OpenAI-compatible providers that reject
    /// unknown fields. DeepSeek V4 thinks by default, so the default here says `disabled` explicitly.
    public var thinking: Thinking?
    /// `high` or `max` in thinking mode; nil for the provider's default.
    public var reasoningEffort: String?
    /// Ignored by DeepSeek in thinking mode, so not sent then.
    public var temperature: Double
    /// Room for the answer, and in thinking mode for the chain of thought too, so the JSON is never cut.
    public var maxTokens: Int
    /// Per request. Generous, because DeepSeek keeps a busy request open with keep-alive bytes.
    public var requestTimeout: Duration
    public var retry: LLMRetryPolicy
    public var prices: PriceTable

    public init(
        apiKey: String?, baseURL: String = defaultBaseURL, model: String = defaultModel, thinking: Thinking? = .disabled,
        reasoningEffort: String? = nil, temperature: Double = 0, maxTokens: Int? = nil,
        requestTimeout: Duration = .seconds(120), retry: LLMRetryPolicy = LLMRetryPolicy(), prices: PriceTable = .deepSeekV4
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.model = model
        self.thinking = thinking
        self.reasoningEffort = reasoningEffort
        self.temperature = temperature
        self.maxTokens = maxTokens ?? (thinking == .enabled ? 8_192 : 1_024)
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.prices = prices
    }

    /// A setting that could not be read, naming the variable.
    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public let variable: String
        public let reason: String
        public var description: String { "\(variable): \(reason)" }
    }

    /// Reads `DEEPSEEK_API_KEY`, `DEEPSEEK_BASE_URL`, `DEEPSEEK_MODEL`, `DEEPSEEK_THINKING` (`true`,
    /// `false` or `omit`), `DEEPSEEK_REASONING_EFFORT`, `DEEPSEEK_MAX_TOKENS` and
    /// `DEEPSEEK_TIMEOUT_SECONDS`, for the server's configuration to call from its one place.
    public init(environment: [String: String]) throws(Invalid) {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingWhitespace, !raw.isEmpty else { return nil }
            return raw
        }
        func positive(_ name: String, range: ClosedRange<Int>) throws(Invalid) -> Int? {
            guard let raw = value(name) else { return nil }
            guard let number = Int(raw), range.contains(number) else {
                throw Invalid(variable: name, reason: "'\(raw)' is not a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        let thinking: Thinking?
        switch value("DEEPSEEK_THINKING")?.lowercased() {
        case nil, "false", "0", "no", "off", "disabled": thinking = .disabled
        case "true", "1", "yes", "on", "enabled": thinking = .enabled
        case "omit": thinking = nil
        case let other?: throw Invalid(variable: "DEEPSEEK_THINKING", reason: "'\(other)' is not true, false or omit")
        }
        let baseURL = value("DEEPSEEK_BASE_URL") ?? Self.defaultBaseURL
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            throw Invalid(variable: "DEEPSEEK_BASE_URL", reason: "'\(baseURL)' is not an http(s) URL")
        }
        let timeout = try positive("DEEPSEEK_TIMEOUT_SECONDS", range: 1...3_600)
        self.init(
            apiKey: value("DEEPSEEK_API_KEY"), baseURL: baseURL, model: value("DEEPSEEK_MODEL") ?? Self.defaultModel,
            thinking: thinking, reasoningEffort: value("DEEPSEEK_REASONING_EFFORT"),
            maxTokens: try positive("DEEPSEEK_MAX_TOKENS", range: 256...393_216),
            requestTimeout: timeout.map { .seconds($0) } ?? .seconds(120))
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
