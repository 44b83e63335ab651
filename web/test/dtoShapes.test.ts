// Pins src/api/types.ts to the server's JSON: every recorded answer in test/fixtures must match the
// shape of its TypeScript type exactly (no missing field, no field the type does not know).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as shapes from "./dtoShapes";
import { fixture, fixtureNames } from "./fixtures";
import { shapeErrors } from "./shape";

const FIXTURES: Record<string, object> = {
  auth_register: shapes.tokenResponse,
  auth_refresh: shapes.tokenResponse,
  auth_mfa_verify: shapes.tokenResponse,
  auth_login_mfa_challenge: shapes.mfaChallenge,
  auth_mfa_setup: shapes.mfaSetup,
  auth_mfa_enable: shapes.recoveryCodes,
  users_me: shapes.user,
  users_me_signed_in: shapes.user,
  users_me_sessions: { array: shapes.session },
  users_me_security_events: shapes.page(shapes.securityEvent),
  users_me_exchange_keys: shapes.exchangeKeys,
  users_me_exchange_keys_stored: shapes.exchangeKeys,
  trading_venue: shapes.venue,
  ready: shapes.readiness,
  market_symbols: { array: shapes.symbolInfo },
  market_price: shapes.price,
  market_ticker: shapes.ticker,
  market_candles: shapes.candles,
  portfolio: shapes.portfolio,
  portfolio_new: shapes.portfolio,
  portfolio_positions: { array: shapes.position },
  portfolio_transactions: shapes.page(shapes.transaction),
  portfolio_stats: shapes.stats,
  portfolio_equity: { array: shapes.equityPoint },
  trading_order_buy: shapes.placedOrder,
  trading_order_sell: shapes.placedOrder,
  trading_config: shapes.tradingConfig,
  stream_ticket: shapes.streamTicket,
  stream_messages: {
    fields: { price: shapes.streamPrice, candle: shapes.streamCandle, trade: shapes.streamTrade, subscribed: shapes.streamSubscribed, error: shapes.streamError },
  },
  ai_bot: shapes.botSettings,
  ai_bot_updated: shapes.botSettings,
  ai_bot_running: shapes.botSettings,
  ai_bot_stopped: shapes.botSettings,
  ai_analyze: shapes.decisionDetail,
  ai_decisions: shapes.page(shapes.decision),
  ai_decision_detail: shapes.decisionDetail,
  ai_contract_bot_paused: shapes.botSettings,
  ai_contract_decisions: shapes.page(shapes.decision),
  ai_contract_decision_detail: shapes.decisionDetail,
  stream_ai_messages: { fields: { bot: shapes.streamBot, decision: shapes.streamDecision } },
  problem_bot_settings: shapes.problem,
  problem_validation: shapes.problem,
  problem_order_rejected: shapes.problem,
  problem_csrf: shapes.problem,
  problem_invalid_credentials: shapes.problem,
  problem_invalid_code: shapes.problem,
  problem_mfa_setup_required: shapes.problem,
};

describe("DTO shapes", () => {
  for (const [name, spec] of Object.entries(FIXTURES)) {
    it(`${name}.json matches its TypeScript type`, () => {
      assert.deepEqual(shapeErrors(fixture(name), spec), []);
    });
  }

  it("every fixture is pinned to a type", () => {
    assert.deepEqual(
      fixtureNames().filter((name) => !(name in FIXTURES)),
      [],
    );
  });

  it("the optional fields the server leaves out do appear in some answer", () => {
    const signedIn = fixture("users_me_signed_in") as Record<string, unknown>;
    assert.equal(typeof signedIn.last_login_at, "string");
    const keys = fixture("users_me_exchange_keys_stored") as Record<string, unknown>;
    assert.equal(typeof keys.key_hint, "string");
  });
});

describe("shape checking", () => {
  it("reports a field the type does not know", () => {
    const value = { ...(fixture("market_price") as object), surprise: 1 };
    assert.deepEqual(shapeErrors(value, shapes.price), ["$.surprise: not in the TypeScript type"]);
  });

  it("reports a missing required field and a wrong kind", () => {
    const { stale: _stale, ...rest } = fixture("market_price") as Record<string, unknown>;
    assert.deepEqual(shapeErrors({ ...rest, price: 68181.21 }, shapes.price), ["$.price: expected a decimal string, got 68181.21", "$.stale: missing"]);
  });

  it("accepts an optional field as absent or null, but checks it when present", () => {
    const position = fixture("portfolio_positions") as Record<string, unknown>[];
    const first = position[0] ?? {};
    assert.deepEqual(shapeErrors({ ...first, market_value: null }, shapes.position), []);
    assert.deepEqual(shapeErrors({ ...first, market_value: "a lot" }, shapes.position), ['$.market_value: expected a decimal string, got "a lot"']);
  });

  it("checks enumerations and nested arrays", () => {
    const page = fixture("portfolio_transactions") as { items: Record<string, unknown>[] };
    const broken = { ...page, items: [{ ...page.items[0], side: "short" }] };
    assert.deepEqual(shapeErrors(broken, shapes.page(shapes.transaction)), ['$.items[0].side: expected one of buy, sell, got "short"']);
  });
});
