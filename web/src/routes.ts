// The app's pages as data: a URL (path and query) becomes a Route, and a Route becomes a URL again. The
// server answers index.html for every non-API path, so these are real, bookmarkable addresses.

import type { DecisionAction, EngineName, OrderSide } from "./api/types";

export interface TradeFilters {
  page: number;
  side?: OrderSide;
  symbol?: string;
  /** yyyy-mm-dd, inclusive, in the user's time zone. */
  from?: string;
  to?: string;
}

export interface DecisionFilters {
  page: number;
  action?: DecisionAction;
  engine?: EngineName;
  executed?: boolean;
  symbol?: string;
}

export type Route =
  | { name: "login"; next?: string }
  | { name: "register" }
  | { name: "checkEmail" }
  | { name: "verifyEmail"; token?: string }
  | { name: "setup2fa" }
  | { name: "dashboard" }
  | { name: "trades"; filters: TradeFilters }
  | { name: "decisions"; filters: DecisionFilters }
  | { name: "decision"; id: string }
  | { name: "bot" }
  | { name: "trade"; symbol?: string; side?: OrderSide }
  | { name: "settings" }
  | { name: "notFound"; path: string };

export type RouteName = Route["name"];

/** Pages anyone may open. */
export const PUBLIC_ROUTES: ReadonlySet<RouteName> = new Set(["login", "register", "verifyEmail"]);
/** Pages a session still enrolling 2FA may open (the server allows only enrolment then). */
export const ENROLMENT_ROUTES: ReadonlySet<RouteName> = new Set(["setup2fa", "checkEmail", "verifyEmail"]);

const SYMBOL = /^[A-Z0-9]{2,20}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[0-9A-Za-z-]{1,64}$/;

function positiveInt(text: string | null): number {
  if (text === null || !/^\d{1,6}$/.test(text)) return 1;
  const value = Number(text);
  return value >= 1 ? value : 1;
}

function oneOf<T extends string>(text: string | null, values: readonly T[]): T | undefined {
  return values.find((value) => value === text);
}

function symbolParam(text: string | null): string | undefined {
  const upper = text?.toUpperCase() ?? "";
  return SYMBOL.test(upper) ? upper : undefined;
}

function dateParam(text: string | null): string | undefined {
  return text !== null && DATE.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined;
}

/** Only same-site paths may be a redirect target after sign-in (no `//evil.example`). */
export function safeNext(text: string | null | undefined): string | undefined {
  if (!text || !text.startsWith("/") || text.startsWith("//") || text.startsWith("/\\")) return undefined;
  return text;
}

export function parseTradeFilters(params: URLSearchParams): TradeFilters {
  const filters: TradeFilters = { page: positiveInt(params.get("page")) };
  const side = oneOf(params.get("side"), ["buy", "sell"] as const);
  if (side) filters.side = side;
  const symbol = symbolParam(params.get("symbol"));
  if (symbol) filters.symbol = symbol;
  const from = dateParam(params.get("from"));
  if (from) filters.from = from;
  const to = dateParam(params.get("to"));
  if (to) filters.to = to;
  return filters;
}

export function parseDecisionFilters(params: URLSearchParams): DecisionFilters {
  const filters: DecisionFilters = { page: positiveInt(params.get("page")) };
  const action = oneOf(params.get("action"), ["BUY", "SELL", "HOLD"] as const);
  if (action) filters.action = action;
  const engine = oneOf(params.get("engine"), ["llm", "rules"] as const);
  if (engine) filters.engine = engine;
  const executed = params.get("executed");
  if (executed === "true" || executed === "false") filters.executed = executed === "true";
  const symbol = symbolParam(params.get("symbol"));
  if (symbol) filters.symbol = symbol;
  return filters;
}

/** The route for a location's path and query string. */
export function parseRoute(pathname: string, search = ""): Route {
  const params = new URLSearchParams(search);
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  switch (path) {
    case "/":
    case "/dashboard":
      return { name: "dashboard" };
    case "/login": {
      const next = safeNext(params.get("next"));
      return next ? { name: "login", next } : { name: "login" };
    }
    case "/register":
      return { name: "register" };
    case "/check-email":
      return { name: "checkEmail" };
    case "/verify-email": {
      const token = params.get("token");
      return token ? { name: "verifyEmail", token } : { name: "verifyEmail" };
    }
    case "/setup-2fa":
      return { name: "setup2fa" };
    case "/trades":
      return { name: "trades", filters: parseTradeFilters(params) };
    case "/decisions":
      return { name: "decisions", filters: parseDecisionFilters(params) };
    case "/bot":
      return { name: "bot" };
    case "/trade": {
      const route: Route = { name: "trade" };
      const symbol = symbolParam(params.get("symbol"));
      if (symbol) route.symbol = symbol;
      const side = oneOf(params.get("side"), ["buy", "sell"] as const);
      if (side) route.side = side;
      return route;
    }
    case "/settings":
      return { name: "settings" };
  }
  const decision = /^\/decisions\/([^/]+)$/.exec(path);
  if (decision?.[1] && ID.test(decision[1])) return { name: "decision", id: decision[1] };
  return { name: "notFound", path: pathname };
}

function withQuery(path: string, entries: [string, string | number | boolean | undefined][]): string {
  const params = new URLSearchParams();
  for (const [key, value] of entries) {
    if (value === undefined || value === "") continue;
    if (key === "page" && value === 1) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The URL of a route; `parseRoute` of it gives the same route back. */
export function routeUrl(route: Route): string {
  switch (route.name) {
    case "login":
      return withQuery("/login", [["next", route.next]]);
    case "register":
      return "/register";
    case "checkEmail":
      return "/check-email";
    case "verifyEmail":
      return withQuery("/verify-email", [["token", route.token]]);
    case "setup2fa":
      return "/setup-2fa";
    case "dashboard":
      return "/dashboard";
    case "trades": {
      const f = route.filters;
      return withQuery("/trades", [["side", f.side], ["symbol", f.symbol], ["from", f.from], ["to", f.to], ["page", f.page]]);
    }
    case "decisions": {
      const f = route.filters;
      return withQuery("/decisions", [["action", f.action], ["engine", f.engine], ["executed", f.executed], ["symbol", f.symbol], ["page", f.page]]);
    }
    case "decision":
      return `/decisions/${encodeURIComponent(route.id)}`;
    case "bot":
      return "/bot";
    case "trade":
      return withQuery("/trade", [["symbol", route.symbol], ["side", route.side]]);
    case "settings":
      return "/settings";
    case "notFound":
      return route.path;
  }
}

export type AccessLevel = "anonymous" | "enrolling" | "signedIn";

/**
 * Where a visitor must go instead of `route`, or null to show it: guests to sign-in (remembering where
 * they were going), sessions still enrolling 2FA to the enrolment page, signed-in users away from the
 * sign-in pages.
 */
export function redirectFor(route: Route, access: AccessLevel, currentUrl: string): string | null {
  if (route.name === "notFound") return null;
  if (access === "anonymous") {
    if (PUBLIC_ROUTES.has(route.name)) return null;
    const next = route.name === "dashboard" || currentUrl === "/" ? undefined : safeNext(currentUrl);
    return routeUrl(next ? { name: "login", next } : { name: "login" });
  }
  if (access === "enrolling") return ENROLMENT_ROUTES.has(route.name) ? null : routeUrl({ name: "setup2fa" });
  if (route.name === "login") return route.next ?? routeUrl({ name: "dashboard" });
  if (route.name === "register" || route.name === "setup2fa") return routeUrl({ name: "dashboard" });
  return null;
}

/** The document title for a route. */
export function routeTitle(route: Route): string {
  const titles: Record<RouteName, string> = {
    login: "Sign in",
    register: "Create account",
    checkEmail: "Check your email",
    verifyEmail: "Verify email",
    setup2fa: "Set up two-factor authentication",
    dashboard: "Dashboard",
    trades: "Trades",
    decisions: "AI decisions",
    decision: "AI decision",
    bot: "Bot",
    trade: "Manual trade",
    settings: "Settings",
    notFound: "Page not found",
  };
  return `${titles[route.name]} · Draizer`;
}
