// The states of a browser session, apart from React so they can be tested on their own.

import type { TokenResponse, User } from "../api/types";
import type { AccessLevel } from "../routes";

export type AuthState =
  | { status: "loading" }
  /** `signedOut`: the user signed out here, so the sign-in page should not offer to return to the last page. */
  | { status: "anonymous"; notice?: string; signedOut?: boolean }
  /** Signed in with a password but 2FA not yet enabled on a server that requires it. */
  | { status: "enrolling"; user: User }
  | { status: "signedIn"; user: User };

export function stateFromTokens(tokens: TokenResponse): AuthState {
  return tokens.mfa_setup_required ? { status: "enrolling", user: tokens.user } : { status: "signedIn", user: tokens.user };
}

export function accessOf(state: AuthState): AccessLevel | null {
  switch (state.status) {
    case "loading":
      return null;
    case "anonymous":
      return "anonymous";
    case "enrolling":
      return "enrolling";
    case "signedIn":
      return "signedIn";
  }
}
