// /api/v1/auth: registration, sign-in with a second factor, 2FA enrolment, password, email verification.
// Refresh and logout live in the client itself, since they need the CSRF cookie.

import type { ApiClient } from "./client";
import type {
  AccessTokenOnly,
  LoginResponse,
  MfaChallengeResponse,
  MfaSetupResponse,
  RecoveryCodesResponse,
  TokenResponse,
  User,
} from "./types";

export interface RegisterBody {
  email: string;
  username: string;
  password: string;
  full_name?: string;
}

/** A second factor: the authenticator's 6-digit code, or one of the recovery codes. */
export type SecondFactor = { code: string } | { recovery_code: string };

export function isMfaChallenge(response: LoginResponse): response is MfaChallengeResponse {
  return "mfa_required" in response && response.mfa_required === true;
}

/** `{email}` when the identifier looks like one, `{username}` otherwise: the server accepts either. */
export function loginIdentifier(identifier: string): { email: string } | { username: string } {
  const trimmed = identifier.trim();
  return trimmed.includes("@") ? { email: trimmed } : { username: trimmed };
}

export const register = (client: ApiClient, body: RegisterBody) =>
  client.json<TokenResponse>("/api/v1/auth/register", { method: "POST", body, auth: false });

export const login = (client: ApiClient, identifier: string, password: string) =>
  client.json<LoginResponse>("/api/v1/auth/login", { method: "POST", body: { ...loginIdentifier(identifier), password }, auth: false });

export const verifyMfa = (client: ApiClient, mfaToken: string, factor: SecondFactor) =>
  client.json<TokenResponse>("/api/v1/auth/mfa/verify", { method: "POST", body: { mfa_token: mfaToken, ...factor }, auth: false });

export const setupMfa = (client: ApiClient) => client.json<MfaSetupResponse>("/api/v1/auth/mfa/setup", { method: "POST" });

export const enableMfa = (client: ApiClient, code: string) =>
  client.json<RecoveryCodesResponse>("/api/v1/auth/mfa/enable", { method: "POST", body: { code } });

export const disableMfa = (client: ApiClient, password: string, factor: SecondFactor) =>
  client.json<void>("/api/v1/auth/mfa/disable", { method: "POST", body: { password, ...factor } });

export const regenerateRecoveryCodes = (client: ApiClient, code: string) =>
  client.json<RecoveryCodesResponse>("/api/v1/auth/mfa/recovery-codes", { method: "POST", body: { code } });

export const changePassword = (client: ApiClient, currentPassword: string, newPassword: string) =>
  client.json<AccessTokenOnly>("/api/v1/auth/password/change", {
    method: "POST",
    body: { current_password: currentPassword, new_password: newPassword },
  });

export const logoutAll = (client: ApiClient) => client.json<void>("/api/v1/auth/logout-all", { method: "POST" });

export const verifyEmail = (client: ApiClient, token: string) =>
  client.json<User>("/api/v1/auth/verify-email", { method: "POST", body: { token }, auth: false });

export const resendVerification = (client: ApiClient) =>
  client.json<void>("/api/v1/auth/verify-email/resend", { method: "POST" });
