/// How often and how patiently to repeat a request that failed in a way that may pass: rate limiting
/// (429), provider errors (5xx), timeouts and dropped connections.
///
/// Exponential back-off with jitter, as the provider asks (DeepSeek documents no `Retry-After`): the n-th
/// retry waits `baseDelay × 2ⁿ⁻¹`, capped at `maxDelay`, times a jitter factor in 0.5...1 so that many
/// bots rate-limited together do not retry in step.
public struct LLMRetryPolicy: Sendable, Hashable {
    /// Requests in all, the first included; 1 means never retry.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(20)) {
        precondition(maxAttempts >= 1, "at least one attempt")
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before retry number `retry` (1 for the first retry); `jitter` is clamped to 0.5...1.
    public func delay(beforeRetry retry: Int, jitter: Double) -> Duration {
        var delay = baseDelay
        for _ in 1..<max(retry, 1) where delay < maxDelay { delay *= 2 }
        return min(delay, maxDelay) * min(max(jitter, 0.5), 1)
    }
}
