// RFC 9457 problem details, the one shape of every error the server answers (docs/problems.md), and the
// error the API client throws for them.

export interface InvalidParam {
  name: string;
  reason: string;
}

export interface Problem {
  /** `/problems/validation`, `/problems/order-rejected`, …, or `about:blank`. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  request_id?: string;
  invalid_params?: InvalidParam[];
  /** A stable machine-readable cause within `type` (e.g. `insufficient_cash`). */
  reason?: string;
}

/** The problem type without its `/problems/` prefix (`"validation"`), or `""` for `about:blank`. */
export function problemKind(problem: Pick<Problem, "type">): string {
  return problem.type.startsWith("/problems/") ? problem.type.slice("/problems/".length) : "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a problem body; anything else the server (or a proxy in front of it) may answer, such as an HTML
 * error page, becomes a problem named after the status so the UI always has a title to show.
 */
export function parseProblem(body: unknown, status: number, statusText = ""): Problem {
  const fallbackTitle = statusText || defaultTitle(status);
  if (!isRecord(body)) return { type: "about:blank", title: fallbackTitle, status };
  const params = Array.isArray(body.invalid_params)
    ? body.invalid_params.filter(isRecord).flatMap((item) =>
        typeof item.name === "string" && typeof item.reason === "string" ? [{ name: item.name, reason: item.reason }] : [],
      )
    : undefined;
  const text = (key: string): string | undefined => (typeof body[key] === "string" ? (body[key] as string) : undefined);
  const problem: Problem = {
    type: text("type") ?? "about:blank",
    title: text("title") ?? fallbackTitle,
    status: typeof body.status === "number" ? body.status : status,
  };
  const detail = text("detail");
  if (detail !== undefined) problem.detail = detail;
  const instance = text("instance");
  if (instance !== undefined) problem.instance = instance;
  const requestId = text("request_id");
  if (requestId !== undefined) problem.request_id = requestId;
  const reason = text("reason");
  if (reason !== undefined) problem.reason = reason;
  if (params && params.length > 0) problem.invalid_params = params;
  return problem;
}

function defaultTitle(status: number): string {
  if (status === 0) return "Network error";
  if (status === 429) return "Too many requests";
  if (status >= 500) return "Server error";
  return `Request failed (${status})`;
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === "") return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** What the API client throws for any answer that is not a success, and for network failures (status 0). */
export class ApiError extends Error {
  readonly problem: Problem;
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title);
    this.name = "ApiError";
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get status(): number {
    return this.problem.status;
  }

  /** `problemKind` of the problem: `"validation"`, `"order-rejected"`, … */
  get kind(): string {
    return problemKind(this.problem);
  }

  get reason(): string | undefined {
    return this.problem.reason;
  }

  /** Field name → reason, for showing server validation next to the inputs. */
  get fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const param of this.problem.invalid_params ?? []) errors[param.name] ??= param.reason;
    return errors;
  }

  /** One sentence for a toast or an alert, with the wait when the server gave one. */
  get userMessage(): string {
    const base = this.problem.detail ?? this.problem.title;
    return this.retryAfter !== null && this.retryAfter > 0 ? `${base} Try again in ${this.retryAfter} s.` : base;
  }
}

/** A readable message for anything caught. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.userMessage;
  if (error instanceof Error) return error.message;
  return String(error);
}
