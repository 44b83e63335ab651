// The one way the web app talks to the server. It keeps the access token in memory only (never in
// storage), attaches it as a bearer token, refreshes it silently through the httpOnly refresh cookie with
// the CSRF double-submit header when the server answers 401, and turns every failure into an ApiError
// carrying the server's problem+json.

import { CSRF_COOKIE, CSRF_HEADER } from "./cookies";
import { ApiError, parseProblem, parseRetryAfter } from "./problem";
import type { TokenResponse } from "./types";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: HttpMethod;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** Attach the bearer token and refresh once on 401 (default). False for sign-in and public endpoints. */
  auth?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ClientEnvironment {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Reads a (non-httpOnly) cookie: the CSRF token. */
  readCookie: (name: string) => string | null;
  /** Prefix of every path; "" for the same origin. */
  baseUrl?: string;
}

export type SessionEvent =
  | { type: "refreshed"; tokens: TokenResponse }
  | { type: "ended"; reason: "expired" | "logout" };

export type SessionListener = (event: SessionEvent) => void;

export const REFRESH_PATH = "/api/v1/auth/refresh";
export const LOGOUT_PATH = "/api/v1/auth/logout";

/** `?a=1&b=x` from the defined, non-empty values, in the given order. */
export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

function isJson(response: Response): boolean {
  const type = response.headers.get("Content-Type") ?? "";
  return type.includes("application/json") || type.includes("+json");
}

/** The ApiError for a response that is not a success. */
export async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  if (isJson(response)) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  return new ApiError(parseProblem(body, response.status, response.statusText), parseRetryAfter(response.headers.get("Retry-After")));
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError({
    type: "about:blank",
    title: "Network error",
    status: 0,
    detail: "The server could not be reached; check the connection and try again.",
  });
  (error as { cause?: unknown }).cause = cause;
  return error;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

export class ApiClient {
  private token: string | null = null;
  private refreshing: Promise<TokenResponse | null> | null = null;
  private readonly listeners = new Set<SessionListener>();

  constructor(private readonly env: ClientEnvironment) {}

  get accessToken(): string | null {
    return this.token;
  }

  /** After sign-in (or a password change, which hands out a new token). */
  setAccessToken(token: string | null): void {
    this.token = token;
  }

  /** Session changes: a silent refresh (with the user it returned), or the end of the session. */
  onSession(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SessionEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Whether the browser holds a session the refresh cookie may continue. */
  hasSessionCookie(): boolean {
    return this.env.readCookie(CSRF_COOKIE) !== null;
  }

  /** GET/POST/… a JSON endpoint; resolves to the parsed body (undefined for 204). */
  async json<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(path, options);
    if (response.status === 204 || !isJson(response)) return undefined as T;
    return (await response.json()) as T;
  }

  /** A non-JSON answer (the CSV export) as a Blob. */
  async blob(path: string, options: RequestOptions = {}): Promise<Blob> {
    const response = await this.send(path, options);
    return response.blob();
  }

  /**
   * A new access token from the refresh cookie. Concurrent callers share one request, because the server
   * rotates the refresh token on every use and treats a second use of a spent one as theft. Resolves to
   * null when there is no session to continue (no cookie, or the server refused it); throws on network or
   * server trouble, which does not end the session.
   */
  refresh(): Promise<TokenResponse | null> {
    if (!this.refreshing) {
      this.refreshing = this.performRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async performRefresh(): Promise<TokenResponse | null> {
    const csrf = this.env.readCookie(CSRF_COOKIE);
    if (csrf === null) return null;
    let response: Response;
    try {
      response = await this.env.fetch(this.url(REFRESH_PATH), {
        method: "POST",
        headers: { Accept: "application/json", [CSRF_HEADER]: csrf },
        credentials: "same-origin",
      });
    } catch (error) {
      throw networkError(error);
    }
    if (response.status === 401 || response.status === 403) {
      this.token = null;
      return null;
    }
    if (!response.ok) throw await errorFrom(response);
    const tokens = (await response.json()) as TokenResponse;
    this.token = tokens.access_token;
    this.emit({ type: "refreshed", tokens });
    return tokens;
  }

  /** Ends this browser's session on the server (clearing its cookies) and forgets the token, whatever happens. */
  async logout(): Promise<void> {
    const csrf = this.env.readCookie(CSRF_COOKIE);
    try {
      if (csrf !== null) {
        await this.env.fetch(this.url(LOGOUT_PATH), {
          method: "POST",
          headers: { Accept: "application/json", [CSRF_HEADER]: csrf },
          credentials: "same-origin",
        });
      }
    } catch {
      // Signing out locally must not depend on the network.
    } finally {
      this.endSession("logout");
    }
  }

  /** Forgets the token and tells listeners the session is over. */
  endSession(reason: "expired" | "logout"): void {
    this.token = null;
    this.emit({ type: "ended", reason });
  }

  private url(path: string, query?: Record<string, QueryValue>): string {
    return `${this.env.baseUrl ?? ""}${path}${queryString(query)}`;
  }

  private async send(path: string, options: RequestOptions, retried = false): Promise<Response> {
    const auth = options.auth ?? true;
    if (auth && this.token === null && !retried) {
      // After a reload the token is gone but the cookie may continue the session: refresh first rather
      // than sending a request that is certain to fail.
      const tokens = await this.refresh();
      if (!tokens) {
        this.endSession("expired");
        throw new ApiError({ type: "/problems/unauthorized", title: "Signed out", status: 401, detail: "Sign in to continue." });
      }
    }
    const headers: Record<string, string> = { Accept: "application/json, application/problem+json", ...options.headers };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const sentToken = auth ? this.token : null;
    if (sentToken !== null) headers.Authorization = `Bearer ${sentToken}`;
    const init: RequestInit = { method: options.method ?? "GET", headers, credentials: "same-origin" };
    if (options.body !== undefined) init.body = JSON.stringify(options.body);
    if (options.signal) init.signal = options.signal;

    let response: Response;
    try {
      response = await this.env.fetch(this.url(path, options.query), init);
    } catch (error) {
      if (isAbort(error)) throw error;
      throw networkError(error);
    }
    if (response.status === 401 && auth && !retried) {
      // Another request may have refreshed the token while this one was under way: use the new one.
      if (this.token !== null && this.token !== sentToken) return this.send(path, options, true);
      const tokens = await this.refresh();
      if (tokens) return this.send(path, options, true);
      const error = await errorFrom(response);
      this.endSession("expired");
      throw error;
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }
}
