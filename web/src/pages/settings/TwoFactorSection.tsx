import { useState } from "react";
import { disableMfa, regenerateRecoveryCodes } from "../../api/auth";
import { ApiError } from "../../api/problem";
import type { User } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Banner } from "../../components/Banner";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormError } from "../../components/ErrorState";
import { TextField } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { RecoveryCodes } from "../../components/RecoveryCodes";
import { useAuth } from "../../state/auth";
import { useToasts } from "../../state/toasts";
import { checkTotpCode, normalizeCode } from "../../validation";
import { MfaEnrolment } from "../auth/MfaEnrolment";
import { EMPTY_FACTOR, SecondFactorFields, secondFactorOf, type SecondFactorValue } from "./SecondFactorFields";

function RegenerateCodes() {
  const { client } = useAuth();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  const close = () => {
    setOpen(false);
    setCode("");
    setCodes(null);
    setError(null);
    setCodeError(undefined);
  };

  const submit = async () => {
    const problem = checkTotpCode(code);
    setCodeError(problem);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      setCodes((await regenerateRecoveryCodes(client, normalizeCode(code))).recovery_codes);
    } catch (caught) {
      if (caught instanceof ApiError && caught.fieldErrors.code) setCodeError(caught.fieldErrors.code);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button onClick={() => setOpen(true)}>New recovery codes</Button>
      <Modal
        open={open}
        title={codes ? "Your new recovery codes" : "New recovery codes"}
        onClose={close}
        footer={
          codes ? (
            <Button variant="primary" onClick={close}>
              I have saved them
            </Button>
          ) : (
            <>
              <Button variant="ghost" onClick={close}>
                Cancel
              </Button>
              <Button variant="primary" onClick={() => void submit()} loading={busy}>
                Generate
              </Button>
            </>
          )
        }
      >
        {codes ? (
          <>
            <Banner tone="warning">Your old codes no longer work. These are shown only now.</Banner>
            <RecoveryCodes codes={codes} />
          </>
        ) : (
          <>
            <p>Ten new codes replace the current ones. Confirm with a code from your authenticator.</p>
            <TextField label="Authenticator code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} value={code} onChange={(event) => setCode(event.target.value)} error={codeError} className="field--code" />
            <FormError error={error} />
          </>
        )}
      </Modal>
    </>
  );
}

function DisableTwoFactor() {
  const { client, user, updateUser } = useAuth();
  const { push } = useToasts();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [factor, setFactor] = useState<SecondFactorValue>(EMPTY_FACTOR);
  const [factorError, setFactorError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setOpen(false);
    setPassword("");
    setFactor(EMPTY_FACTOR);
    setError(null);
    setFactorError(undefined);
  };

  const submit = async () => {
    const checked = secondFactorOf(factor);
    setFactorError("error" in checked ? checked.error : undefined);
    if ("error" in checked) return;
    if (!password) {
      setError(new Error("Enter your password."));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await disableMfa(client, password, checked.factor);
      close();
      push({ kind: "warning", title: "Two-factor authentication is off" });
      if (user) updateUser({ ...user, mfa_enabled: false });
      // On a server that requires 2FA the session is back to enrolment: the refreshed tokens say so.
      await client.refresh().catch(() => null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Turn off
      </Button>
      <Modal
        open={open}
        title="Turn off two-factor authentication"
        onClose={close}
        footer={
          <>
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => void submit()} loading={busy}>
              Turn off 2FA
            </Button>
          </>
        }
      >
        <p>Your account will be protected by the password alone. Where 2FA is required, you will have to set it up again.</p>
        <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
        <SecondFactorFields value={factor} onChange={setFactor} error={factorError} />
        <FormError error={error} />
      </Modal>
    </>
  );
}

export function TwoFactorSection({ user }: { user: User }) {
  const { updateUser } = useAuth();
  const [enrolling, setEnrolling] = useState(false);
  return (
    <Card title="Two-factor authentication" id="two-factor" actions={user.mfa_enabled ? <Badge tone="success">✓ On</Badge> : <Badge tone="warning">Off</Badge>}>
      {user.mfa_enabled ? (
        <div className="stack">
          <p className="muted">Sign-in asks for a code from your authenticator app. Recovery codes sign you in if you lose the device.</p>
          <div className="button-row">
            <RegenerateCodes />
            <DisableTwoFactor />
          </div>
        </div>
      ) : enrolling ? (
        <MfaEnrolment
          doneLabel="Done"
          onDone={() => {
            setEnrolling(false);
            updateUser({ ...user, mfa_enabled: true });
          }}
        />
      ) : (
        <div className="stack">
          <p className="muted">Protect your account with a code from an authenticator app at every sign-in.</p>
          <div>
            <Button variant="primary" onClick={() => setEnrolling(true)}>
              Turn on
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
