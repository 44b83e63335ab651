/// Exponential backoff with jitter for transient failures (network errors, 5xx, dropped streams).
public struct RetryPolicy: Sendable, Hashable {
    /// Tries in total, the first included; 1 means never retry.
    public var maxAttempts: Int
    /// The delay before the first retry; each later retry doubles it, up to `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(8)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before retry number `retry` (1 for the first retry): "equal jitter", half of the
    /// exponential step fixed and half random, so clients that failed together do not retry together
    /// and none retries sooner than half the step.
    public func delay(beforeRetry retry: Int, randomFraction: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let stepMilliseconds = min(baseDelay.wholeMilliseconds << exponent, maxDelay.wholeMilliseconds)
        let half = stepMilliseconds / 2
        let jitter = Int64((Double(stepMilliseconds - half) * min(max(randomFraction, 0), 1)).rounded(.down))
        return .milliseconds(half + jitter)
    }
}
