// Enrolling an authenticator: a fresh secret as a QR code and as text for manual entry, a code to prove
// the device works, then the ten recovery codes, shown once.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { enableMfa, setupMfa } from "../../api/auth";
import { ApiError } from "../../api/problem";
import type { MfaSetupResponse } from "../../api/types";
import { Banner } from "../../components/Banner";
import { Button } from "../../components/Button";
import { CopyButton } from "../../components/CopyButton";
import { ErrorState, FormError } from "../../components/ErrorState";
import { CheckboxField, TextField } from "../../components/Field";
import { RecoveryCodes } from "../../components/RecoveryCodes";
import { Loading } from "../../components/Spinner";
import { useAuth } from "../../state/auth";
import { groupSecret } from "../../format";
import { checkTotpCode, normalizeCode } from "../../validation";

export function MfaEnrolment({ onDone, doneLabel = "Continue" }: { onDone: () => void; doneLabel?: string }) {
  const { client } = useAuth();
  const [setup, setSetup] = useState<MfaSetupResponse | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [saved, setSaved] = useState(false);
  const started = useRef(false);

  const start = () => {
    setLoadError(null);
    setupMfa(client).then(setSetup, setLoadError);
  };

  useEffect(() => {
    // Each call restarts enrolment with a new secret: make it once per visit.
    if (started.current) return;
    started.current = true;
    start();
  }, []);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    const problem = checkTotpCode(code);
    setCodeError(problem);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await enableMfa(client, normalizeCode(code));
      setCodes(answer.recovery_codes);
    } catch (caught) {
      if (caught instanceof ApiError && caught.fieldErrors.code) setCodeError("The code does not match. Check the device's clock and enter the current code.");
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (codes) {
    return (
      <div className="stack">
        <Banner tone="success" title="Two-factor authentication is on" />
        <p>
          Save these recovery codes somewhere safe. Each signs you in once if you lose your device. <strong>They will not be shown again.</strong>
        </p>
        <RecoveryCodes codes={codes} />
        <CheckboxField label="I have saved my recovery codes" checked={saved} onChange={(event) => setSaved(event.target.checked)} />
        <div>
          <Button variant="primary" disabled={!saved} onClick={onDone}>
            {doneLabel}
          </Button>
        </div>
      </div>
    );
  }
  if (loadError) return <ErrorState error={loadError} onRetry={start} title="Could not start the setup" />;
  if (!setup) return <Loading label="Preparing your secret…" />;
  return (
    <div className="stack">
      <ol className="steps">
        <li>Install an authenticator app (Aegis, Google Authenticator, 1Password, …).</li>
        <li>Scan the QR code, or type the secret in by hand.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <div className="qr">
        <img className="qr__image" src={setup.qr_data_uri} alt="QR code of your two-factor secret" width={184} height={184} />
        <div className="stack">
          <div>
            <p className="small muted">Secret for manual entry (time-based, SHA-1, 6 digits, 30 s):</p>
            <p className="secret" aria-label="Secret">
              {groupSecret(setup.secret)}
            </p>
            <CopyButton text={setup.secret} label="Copy secret" />
          </div>
        </div>
      </div>
      <form className="form" onSubmit={(event) => void confirm(event)} noValidate>
        <TextField label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} value={code} onChange={(event) => setCode(event.target.value)} error={codeError} className="field--code" />
        <FormError error={error} />
        <div>
          <Button type="submit" variant="primary" loading={busy}>
            Turn on two-factor authentication
          </Button>
        </div>
      </form>
    </div>
  );
}
