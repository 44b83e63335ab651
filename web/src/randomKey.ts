/**
 * A random idempotency key. crypto.randomUUID exists only on secure origins (HTTPS or localhost);
 * getRandomValues works everywhere the app runs.
 */
export function randomKey(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
