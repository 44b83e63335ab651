// /api/v1/users/me and the trading venue: profile, sessions, security events, exchange keys, deletion.

import type { SecondFactor } from "./auth";
import type { ApiClient } from "./client";
import type { ExchangeKeys, Page, SecurityEvent, Session, User, Venue, VenueName } from "./types";

export const me = (client: ApiClient) => client.json<User>("/api/v1/users/me");

export const updateMe = (client: ApiClient, body: { full_name?: string; username?: string }) =>
  client.json<User>("/api/v1/users/me", { method: "PATCH", body });

export const deleteAccount = (client: ApiClient, password: string, factor: SecondFactor) =>
  client.json<void>("/api/v1/users/me", { method: "DELETE", body: { password, ...factor } });

export const sessions = (client: ApiClient) => client.json<Session[]>("/api/v1/users/me/sessions");

export const revokeSession = (client: ApiClient, id: string) =>
  client.json<void>(`/api/v1/users/me/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });

export const securityEvents = (client: ApiClient, page: number, perPage = 10) =>
  client.json<Page<SecurityEvent>>("/api/v1/users/me/security-events", { query: { page, per_page: perPage } });

export const exchangeKeys = (client: ApiClient) => client.json<ExchangeKeys>("/api/v1/users/me/exchange-keys");

export const storeExchangeKeys = (client: ApiClient, apiKey: string, secretKey: string) =>
  client.json<ExchangeKeys>("/api/v1/users/me/exchange-keys", { method: "PUT", body: { api_key: apiKey, secret_key: secretKey } });

export const removeExchangeKeys = (client: ApiClient) =>
  client.json<void>("/api/v1/users/me/exchange-keys", { method: "DELETE" });

export const venue = (client: ApiClient) => client.json<Venue>("/api/v1/trading/venue");

export const setVenue = (client: ApiClient, name: VenueName) =>
  client.json<Venue>("/api/v1/trading/venue", { method: "PUT", body: { venue: name } });
