import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BotSettings } from "../src/api/types";
import {
  botFieldOf,
  botFormOf,
  botUpdateOf,
  checkEmail,
  checkNewPassword,
  checkRecoveryCode,
  checkTotpCode,
  checkUsername,
  hasErrors,
  normalizeCode,
  validateBotForm,
  validateRegistration,
} from "../src/validation";
import { fixture } from "./fixtures";

describe("account forms", () => {
  it("checks emails and usernames like the server", () => {
    assert.equal(checkEmail("alice@example.com"), undefined);
    assert.match(checkEmail("") ?? "", /Enter/);
    assert.ok(checkEmail("alice@localhost"));
    assert.ok(checkEmail("a lice@example.com"));
    assert.equal(checkUsername("alice.b_c-1"), undefined);
    assert.ok(checkUsername("al"));
    assert.ok(checkUsername("alice!"));
    assert.match(checkUsername(" ") ?? "", /Choose/);
  });

  it("checks new passwords", () => {
    assert.equal(checkNewPassword("Tr4ding-Zebra-Moon!"), undefined);
    assert.match(checkNewPassword("short") ?? "", /at least 12/);
    assert.match(checkNewPassword("a".repeat(129)) ?? "", /at most/);
    assert.match(checkNewPassword("abababababab") ?? "", /too few/);
    assert.match(checkNewPassword("alice-is-the-best-1", ["alice"]) ?? "", /username/);
    assert.equal(checkNewPassword("bob-is-the-best-12", ["bob"]), undefined, "names under four letters are not checked");
  });

  it("validates a registration", () => {
    const good = { email: "alice@example.com", username: "alice", full_name: "", password: "Tr4ding-Zebra-Moon!", confirm: "Tr4ding-Zebra-Moon!" };
    assert.equal(hasErrors(validateRegistration(good)), false);
    const bad = validateRegistration({ email: "x", username: "a", full_name: "x".repeat(101), password: "short", confirm: "other" });
    assert.deepEqual(Object.keys(bad).sort(), ["confirm", "email", "full_name", "password", "username"]);
  });

  it("checks second factors", () => {
    assert.equal(normalizeCode(" 123 456 "), "123456");
    assert.equal(checkTotpCode("123 456"), undefined);
    assert.ok(checkTotpCode("12345"));
    assert.equal(checkRecoveryCode("05z7-9rzq-tt3z"), undefined);
    assert.ok(checkRecoveryCode("05z7-9rzq"));
  });
});

describe("bot form", () => {
  const settings = fixture("ai_bot") as BotSettings;

  it("round-trips the server's settings", () => {
    const form = botFormOf(settings);
    assert.equal(form.interval_minutes, "15");
    assert.equal(form.daily_loss_limit_enabled, true);
    assert.deepEqual(validateBotForm(form, false), {});
    const update = botUpdateOf(form, settings.notify);
    assert.deepEqual(update, {
      symbol: "BTCUSDT",
      interval_minutes: 15,
      engine: "rules",
      risk: { max_position_pct: "25.00", max_order_usd: "1000", min_confidence: 60, cooldown_minutes: 30, daily_loss_limit_pct: "3.00", require_stop_loss: true },
      notify: settings.notify,
    });
    const noLimit = botFormOf(fixture("ai_bot_updated") as BotSettings);
    assert.equal(noLimit.daily_loss_limit_enabled, false);
    assert.equal(botUpdateOf(noLimit, settings.notify).risk?.daily_loss_limit_pct, null);
  });

  it("names every invalid field", () => {
    const form = {
      ...botFormOf(settings),
      symbol: "",
      interval_minutes: "1441",
      engine: "llm" as const,
      max_position_pct: "0",
      max_order_usd: "-5",
      min_confidence: "101",
      cooldown_minutes: "1.5",
      daily_loss_limit_pct: "100.01",
    };
    assert.deepEqual(Object.keys(validateBotForm(form, false)).sort(), [
      "cooldown_minutes",
      "daily_loss_limit_pct",
      "engine",
      "interval_minutes",
      "max_order_usd",
      "max_position_pct",
      "min_confidence",
      "symbol",
    ]);
    assert.equal(validateBotForm({ ...botFormOf(settings), engine: "llm" }, true).engine, undefined);
    assert.equal(validateBotForm({ ...botFormOf(settings), max_position_pct: "100" }, false).max_position_pct, undefined);
    assert.ok(validateBotForm({ ...botFormOf(settings), max_position_pct: "12.345" }, false).max_position_pct);
    assert.ok(validateBotForm({ ...botFormOf(settings), max_order_usd: "1000000000.01" }, false).max_order_usd);
    assert.equal(validateBotForm({ ...botFormOf(settings), cooldown_minutes: "10080" }, false).cooldown_minutes, undefined);
    assert.ok(validateBotForm({ ...botFormOf(settings), cooldown_minutes: "10081" }, false).cooldown_minutes);
  });

  it("accepts only a symbol with a live feed once the live symbols are known", () => {
    const form = botFormOf(fixture("ai_bot") as BotSettings);
    assert.equal(validateBotForm({ ...form, symbol: "ETHUSDT" }, false).symbol, undefined);
    assert.equal(validateBotForm(form, false, ["BTCUSDT"]).symbol, undefined);
    assert.equal(validateBotForm({ ...form, symbol: "ETHUSDT" }, false, ["BTCUSDT"]).symbol, "The bot trades only symbols with a live feed: BTCUSDT.");
    assert.equal(validateBotForm(form, false, []).symbol, "This server has no live price feed for the bot to trade on.");
    assert.equal(validateBotForm({ ...form, symbol: "" }, false, ["BTCUSDT"]).symbol, "Choose a symbol.");
  });

  it("maps the server's field names onto the form", () => {
    assert.equal(botFieldOf("risk.max_order_usd"), "max_order_usd");
    assert.equal(botFieldOf("interval_minutes"), "interval_minutes");
    assert.equal(botFieldOf("notify.trades"), undefined);
  });
});
