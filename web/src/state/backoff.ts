// Reconnect delays: exponential growth with "equal jitter" (half fixed, half random), capped, so a server
// restart is not met by every browser reconnecting in the same instant, and no client waits forever.

export interface BackoffPolicy {
  /** Delay before the first retry, ms. */
  initialMs: number;
  /** Upper bound, ms. */
  maxMs: number;
  /** Growth per failed attempt. */
  factor: number;
}

export const STREAM_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, factor: 2 };

/**
 * The delay before retry number `attempt` (0 for the first), given `random` in [0, 1):
 * between half and all of `min(maxMs, initialMs × factor^attempt)`.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = STREAM_BACKOFF, random: number = Math.random()): number {
  const exponent = Math.max(0, Math.min(attempt, 30));
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const jitter = Math.min(Math.max(random, 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}
