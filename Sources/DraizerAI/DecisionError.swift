/// Why a decision engine fell back to HOLD. Each case is one thing the user or operator can act on; the
/// provider's own message is kept where there is one.
public enum DecisionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No API key is configured: the LLM engine cannot run.
    case notConfigured(String)
    /// 401: the API key is wrong or missing.
    case authenticationFailed(String)
    /// 402: the provider account has no balance left.
    case insufficientBalance(String)
    /// The model does not exist (404, or DeepSeek's 400 for a retired name such as `deepseek-chat`).
    case modelNotFound(model: String, message: String)
    /// 400/422 and other client errors: the request itself is wrong; retrying cannot help.
    case invalidRequest(status: Int, message: String)
    /// 429 on every attempt.
    case rateLimited(String)
    /// 5xx on every attempt.
    case providerError(status: Int, message: String)
    /// No answer within the configured timeout, on every attempt.
    case timeout
    /// The connection failed on every attempt.
    case network(String)
    /// The HTTP body is not a chat completion.
    case malformedResponse(String)
    /// The model returned no content, twice.
    case emptyAnswer
    /// The answer was cut at the token limit (`finish_reason: "length"`), twice.
    case truncatedAnswer
    /// The model or the provider's filter declined to answer.
    case refusal(String)
    /// The answer is not a single JSON object.
    case malformedAnswer(String)
    /// The answer is JSON but breaks the schema or a range (unknown key, confidence 150, stop-loss above
    /// the price on a BUY…).
    case invalidAnswer(String)

    /// A stable snake_case identifier for storage and APIs; the message may be reworded, the code may not.
    public var code: String {
        switch self {
        case .notConfigured: "not_configured"
        case .authenticationFailed: "authentication_failed"
        case .insufficientBalance: "insufficient_balance"
        case .modelNotFound: "model_not_found"
        case .invalidRequest: "invalid_request"
        case .rateLimited: "rate_limited"
        case .providerError: "provider_error"
        case .timeout: "timeout"
        case .network: "network_error"
        case .malformedResponse: "malformed_response"
        case .emptyAnswer: "empty_answer"
        case .truncatedAnswer: "truncated_answer"
        case .refusal: "refusal"
        case .malformedAnswer: "malformed_answer"
        case .invalidAnswer: "invalid_answer"
        }
    }

    public var description: String {
        switch self {
        case .notConfigured(let detail): "the LLM engine is not configured: \(detail)"
        case .authenticationFailed(let message): "the LLM provider rejected the API key (401): \(message)"
        case .insufficientBalance(let message): "the LLM provider account has insufficient balance (402): \(message)"
        case .modelNotFound(let model, let message): "the model '\(model)' does not exist at the provider: \(message)"
        case .invalidRequest(let status, let message): "the LLM provider rejected the request (\(status)): \(message)"
        case .rateLimited(let message): "the LLM provider kept rate-limiting (429): \(message)"
        case .providerError(let status, let message): "the LLM provider kept failing (\(status)): \(message)"
        case .timeout: "the LLM provider did not answer in time"
        case .network(let message): "could not reach the LLM provider: \(message)"
        case .malformedResponse(let detail): "the LLM provider's response is not a chat completion: \(detail)"
        case .emptyAnswer: "the model returned an empty answer"
        case .truncatedAnswer: "the model's answer was cut off at the token limit"
        case .refusal(let message): "the model declined to answer: \(message)"
        case .malformedAnswer(let detail): "the model's answer is not a JSON object: \(detail)"
        case .invalidAnswer(let detail): "the model's answer is invalid: \(detail)"
        }
    }
}
