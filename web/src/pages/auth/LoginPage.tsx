// Sign-in in two steps: the password, then (for accounts with 2FA) the authenticator code or a
// recovery code. Where to go afterwards is decided by the router's redirect rules.

import { useState, type FormEvent } from "react";
import { isMfaChallenge, login, verifyMfa } from "../../api/auth";
import { ApiError } from "../../api/problem";
import { Banner } from "../../components/Banner";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormError } from "../../components/ErrorState";
import { TextField } from "../../components/Field";
import { useAuth } from "../../state/auth";
import { Link } from "../../state/router";
import { checkRecoveryCode, checkTotpCode, normalizeCode } from "../../validation";

export function LoginPage({ next }: { next?: string | undefined }) {
  const { client, signIn, state } = useAuth();
  const [identifier, setIdentifier] = useState("");
  const [password, setPassword] = useState("");
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const notice = state.status === "anonymous" ? state.notice : undefined;

  const submitPassword = async (event: FormEvent) => {
    event.preventDefault();
    if (!identifier.trim() || !password) {
      setError(new Error("Enter your email or username and your password."));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await login(client, identifier, password);
      if (isMfaChallenge(answer)) {
        setMfaToken(answer.mfa_token);
        setPassword("");
      } else {
        signIn(answer);
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    if (!mfaToken) return;
    const problem = useRecovery ? checkRecoveryCode(code) : checkTotpCode(code);
    setFieldError(problem);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      const tokens = await verifyMfa(client, mfaToken, useRecovery ? { recovery_code: code.trim().toLowerCase() } : { code: normalizeCode(code) });
      signIn(tokens);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401 && caught.kind === "unauthorized") {
        // The five-minute challenge expired: start again from the password.
        setMfaToken(null);
        setCode("");
      }
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Sign in" level={1} className="auth__card">
      {notice && !mfaToken && <Banner tone="info">{notice}</Banner>}
      {next && !mfaToken && !notice && <Banner tone="info">Sign in to continue.</Banner>}
      {!mfaToken ? (
        <form className="form" onSubmit={(event) => void submitPassword(event)} noValidate>
          <TextField label="Email or username" name="username" autoComplete="username" value={identifier} onChange={(event) => setIdentifier(event.target.value)} required autoFocus />
          <TextField label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
          <FormError error={error} />
          <Button type="submit" variant="primary" size="lg" loading={busy}>
            Sign in
          </Button>
          <p className="auth__footer">
            New here? <Link to="/register">Create an account</Link>
          </p>
        </form>
      ) : (
        <form className="form" onSubmit={(event) => void submitCode(event)} noValidate>
          <p className="muted">{useRecovery ? "Enter one of your recovery codes. Each works once." : "Enter the 6-digit code from your authenticator app."}</p>
          {useRecovery ? (
            <TextField key="recovery" label="Recovery code" name="recovery_code" autoComplete="off" spellCheck={false} value={code} onChange={(event) => setCode(event.target.value)} error={fieldError} autoFocus />
          ) : (
            <TextField key="totp" label="Authentication code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} value={code} onChange={(event) => setCode(event.target.value)} error={fieldError} className="field--code" autoFocus />
          )}
          <FormError error={error} />
          <Button type="submit" variant="primary" size="lg" loading={busy}>
            Verify
          </Button>
          <div className="button-row">
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setUseRecovery((value) => !value);
                setCode("");
                setFieldError(undefined);
                setError(null);
              }}
            >
              {useRecovery ? "Use the authenticator code" : "Use a recovery code instead"}
            </Button>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setMfaToken(null);
                setCode("");
                setError(null);
              }}
            >
              Back
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
