// Who is signed in. The access token lives only in the API client's memory; after a reload the session
// continues through the refresh cookie (if there is one), and signing out clears the token, the cookies
// (server side) and every piece of state the app holds about the user.

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiClient } from "../api/client";
import { cookieValue } from "../api/cookies";
import type { TokenResponse, User } from "../api/types";
import type { AccessLevel } from "../routes";
import { accessOf, stateFromTokens, type AuthState } from "./session";

export type { AuthState } from "./session";

interface AuthContextValue {
  state: AuthState;
  client: ApiClient;
  user: User | null;
  access: AccessLevel | null;
  /** After register, login (no 2FA) or the second factor: start the session the tokens describe. */
  signIn: (tokens: TokenResponse) => void;
  updateUser: (user: User) => void;
  /** 2FA is on and the recovery codes were shown: the session may use the whole app. */
  completeEnrolment: () => void;
  logout: () => Promise<void>;
  /** After the account was deleted: the server already ended the session. */
  forget: (notice?: string) => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function createBrowserClient(): ApiClient {
  return new ApiClient({
    fetch: (url, init) => window.fetch(url, init),
    readCookie: (name) => cookieValue(document.cookie, name),
  });
}

export function AuthProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading" });

  useEffect(() => {
    let active = true;
    const unsubscribe = client.onSession((event) => {
      if (!active) return;
      if (event.type === "refreshed") {
        setState((previous) =>
          // A refresh during enrolment must not skip the recovery codes screen; completeEnrolment moves on.
          previous.status === "enrolling" && !event.tokens.mfa_setup_required
            ? { status: "enrolling", user: event.tokens.user }
            : stateFromTokens(event.tokens),
        );
      } else {
        setState(event.reason === "expired" ? { status: "anonymous", notice: "Your session ended. Sign in again." } : { status: "anonymous", notice: "You are signed out.", signedOut: true });
      }
    });
    if (!client.hasSessionCookie()) {
      setState({ status: "anonymous" });
    } else {
      client
        .refresh()
        .then((tokens) => {
          if (active && !tokens) setState({ status: "anonymous" });
        })
        .catch(() => {
          if (active) setState({ status: "anonymous", notice: "The server could not be reached. Try again in a moment." });
        });
    }
    return () => {
      active = false;
      unsubscribe();
    };
  }, [client]);

  const signIn = useCallback(
    (tokens: TokenResponse) => {
      client.setAccessToken(tokens.access_token);
      setState(stateFromTokens(tokens));
    },
    [client],
  );

  const updateUser = useCallback((user: User) => {
    setState((previous) => (previous.status === "signedIn" || previous.status === "enrolling" ? { ...previous, user } : previous));
  }, []);

  const completeEnrolment = useCallback(() => {
    setState((previous) => (previous.status === "enrolling" ? { status: "signedIn", user: { ...previous.user, mfa_enabled: true } } : previous));
  }, []);

  const logout = useCallback(() => client.logout(), [client]);

  const forget = useCallback(
    (notice?: string) => {
      client.setAccessToken(null);
      setState(notice ? { status: "anonymous", notice } : { status: "anonymous" });
    },
    [client],
  );

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      client,
      user: state.status === "signedIn" || state.status === "enrolling" ? state.user : null,
      access: accessOf(state),
      signIn,
      updateUser,
      completeEnrolment,
      logout,
      forget,
    }),
    [state, client, signIn, updateUser, completeEnrolment, logout, forget],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}

/** The API client, for pages that only load data. */
export function useClient(): ApiClient {
  return useAuth().client;
}
