// /api/v1/ai: the bot's settings, start/stop, the decision feed and "analyze now" (docs/ai-api-contract.md).

import type { ApiClient } from "./client";
import type { AnalyzeRequest, BotSettings, BotSettingsUpdate, Decision, DecisionDetail, DecisionQuery, Page } from "./types";

export const bot = (client: ApiClient) => client.json<BotSettings>("/api/v1/ai/bot");

export const updateBot = (client: ApiClient, update: BotSettingsUpdate) =>
  client.json<BotSettings>("/api/v1/ai/bot", { method: "PUT", body: update });

export const startBot = (client: ApiClient) => client.json<BotSettings>("/api/v1/ai/bot/start", { method: "POST" });

export const stopBot = (client: ApiClient) => client.json<BotSettings>("/api/v1/ai/bot/stop", { method: "POST" });

export const decisions = (client: ApiClient, query: DecisionQuery = {}) =>
  client.json<Page<Decision>>("/api/v1/ai/decisions", {
    query: {
      page: query.page,
      per_page: query.per_page,
      action: query.action,
      engine: query.engine,
      executed: query.executed,
      symbol: query.symbol,
      from: query.from,
      to: query.to,
    },
  });

export const decision = (client: ApiClient, id: string) =>
  client.json<DecisionDetail>(`/api/v1/ai/decisions/${encodeURIComponent(id)}`);

export const analyze = (client: ApiClient, request: AnalyzeRequest) =>
  client.json<DecisionDetail>("/api/v1/ai/analyze", { method: "POST", body: request });
