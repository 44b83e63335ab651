import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRoute, redirectFor, routeTitle, routeUrl, safeNext, type Route } from "../src/routes";

describe("parseRoute", () => {
  it("knows every page", () => {
    assert.deepEqual(parseRoute("/"), { name: "dashboard" });
    assert.deepEqual(parseRoute("/dashboard/"), { name: "dashboard" });
    assert.deepEqual(parseRoute("/login"), { name: "login" });
    assert.deepEqual(parseRoute("/register"), { name: "register" });
    assert.deepEqual(parseRoute("/check-email"), { name: "checkEmail" });
    assert.deepEqual(parseRoute("/setup-2fa"), { name: "setup2fa" });
    assert.deepEqual(parseRoute("/bot"), { name: "bot" });
    assert.deepEqual(parseRoute("/settings"), { name: "settings" });
    assert.deepEqual(parseRoute("/nope"), { name: "notFound", path: "/nope" });
  });

  it("reads the decision id", () => {
    assert.deepEqual(parseRoute("/decisions/3F2A1C9E-7B44-4D0A-9E61-2C7D5B8A9F10"), { name: "decision", id: "3F2A1C9E-7B44-4D0A-9E61-2C7D5B8A9F10" });
    assert.equal(parseRoute("/decisions/a/b").name, "notFound");
    assert.equal(parseRoute("/decisions/<script>").name, "notFound");
  });

  it("reads and validates trade filters", () => {
    assert.deepEqual(parseRoute("/trades", "?side=buy&symbol=btcusdt&from=2026-11-01&to=2026-11-24&page=3"), {
      name: "trades",
      filters: { page: 3, side: "buy", symbol: "BTCUSDT", from: "2026-11-01", to: "2026-11-24" },
    });
    assert.deepEqual(parseRoute("/trades", "?side=short&symbol=b!&from=yesterday&page=-2"), { name: "trades", filters: { page: 1 } });
    assert.deepEqual(parseRoute("/trades", "?page=0"), { name: "trades", filters: { page: 1 } });
  });

  it("reads decision filters", () => {
    assert.deepEqual(parseRoute("/decisions", "?action=BUY&engine=llm&executed=false&symbol=ETHUSDT&page=2"), {
      name: "decisions",
      filters: { page: 2, action: "BUY", engine: "llm", executed: false, symbol: "ETHUSDT" },
    });
    assert.deepEqual(parseRoute("/decisions", "?action=buy&engine=gpt&executed=maybe"), { name: "decisions", filters: { page: 1 } });
  });

  it("reads the manual trade's presets", () => {
    assert.deepEqual(parseRoute("/trade", "?symbol=ETHUSDT&side=sell"), { name: "trade", symbol: "ETHUSDT", side: "sell" });
    assert.deepEqual(parseRoute("/trade"), { name: "trade" });
  });

  it("keeps the verification token and a safe next address", () => {
    assert.deepEqual(parseRoute("/verify-email", "?token=abc.def"), { name: "verifyEmail", token: "abc.def" });
    assert.deepEqual(parseRoute("/verify-email"), { name: "verifyEmail" });
    assert.deepEqual(parseRoute("/login", "?next=%2Ftrades%3Fside%3Dbuy"), { name: "login", next: "/trades?side=buy" });
    assert.deepEqual(parseRoute("/login", "?next=https://evil.example"), { name: "login" });
    assert.equal(safeNext("//evil.example"), undefined);
    assert.equal(safeNext("/\\evil.example"), undefined);
    assert.equal(safeNext(null), undefined);
  });
});

describe("routeUrl", () => {
  it("round-trips through parseRoute", () => {
    const routes: Route[] = [
      { name: "dashboard" },
      { name: "login", next: "/bot" },
      { name: "register" },
      { name: "checkEmail" },
      { name: "verifyEmail", token: "t" },
      { name: "setup2fa" },
      { name: "trades", filters: { page: 2, side: "sell", symbol: "BTCUSDT", from: "2026-01-01", to: "2026-02-01" } },
      { name: "trades", filters: { page: 1 } },
      { name: "decisions", filters: { page: 4, action: "HOLD", engine: "rules", executed: true, symbol: "BTCUSDT" } },
      { name: "decision", id: "abc-123" },
      { name: "bot" },
      { name: "trade", symbol: "BTCUSDT", side: "buy" },
      { name: "settings" },
    ];
    for (const route of routes) {
      const url = routeUrl(route);
      const query = url.indexOf("?");
      const parsed = query >= 0 ? parseRoute(url.slice(0, query), url.slice(query)) : parseRoute(url);
      assert.deepEqual(parsed, route, url);
    }
    assert.equal(routeUrl({ name: "trades", filters: { page: 1 } }), "/trades");
    assert.equal(routeUrl({ name: "notFound", path: "/x" }), "/x");
  });
});

describe("redirectFor", () => {
  it("sends guests to sign in, remembering where they were going", () => {
    assert.equal(redirectFor({ name: "bot" }, "anonymous", "/bot"), "/login?next=%2Fbot");
    assert.equal(redirectFor({ name: "dashboard" }, "anonymous", "/"), "/login");
    assert.equal(redirectFor({ name: "bot" }, "anonymous", "/"), "/login", "no return address after signing out");
    assert.equal(redirectFor({ name: "login" }, "anonymous", "/login"), null);
    assert.equal(redirectFor({ name: "verifyEmail", token: "t" }, "anonymous", "/verify-email?token=t"), null);
    assert.equal(redirectFor({ name: "notFound", path: "/x" }, "anonymous", "/x"), null);
  });

  it("keeps a session that is enrolling 2FA on the enrolment pages", () => {
    assert.equal(redirectFor({ name: "dashboard" }, "enrolling", "/dashboard"), "/setup-2fa");
    assert.equal(redirectFor({ name: "setup2fa" }, "enrolling", "/setup-2fa"), null);
    assert.equal(redirectFor({ name: "checkEmail" }, "enrolling", "/check-email"), null);
  });

  it("sends signed-in users past the sign-in pages", () => {
    assert.equal(redirectFor({ name: "login" }, "signedIn", "/login"), "/dashboard");
    assert.equal(redirectFor({ name: "login", next: "/trades" }, "signedIn", "/login?next=%2Ftrades"), "/trades");
    assert.equal(redirectFor({ name: "register" }, "signedIn", "/register"), "/dashboard");
    assert.equal(redirectFor({ name: "setup2fa" }, "signedIn", "/setup-2fa"), "/dashboard");
    assert.equal(redirectFor({ name: "trades", filters: { page: 1 } }, "signedIn", "/trades"), null);
  });

  it("titles every page", () => {
    assert.equal(routeTitle({ name: "decisions", filters: { page: 1 } }), "AI decisions · Draizer");
    assert.equal(routeTitle({ name: "notFound", path: "/x" }), "Page not found · Draizer");
  });
});
