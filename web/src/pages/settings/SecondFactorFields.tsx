import type { SecondFactor } from "../../api/auth";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { checkRecoveryCode, checkTotpCode, normalizeCode } from "../../validation";

export interface SecondFactorValue {
  recovery: boolean;
  code: string;
}

export const EMPTY_FACTOR: SecondFactorValue = { recovery: false, code: "" };

/** The factor to send, or the reason it cannot be sent yet. */
export function secondFactorOf(value: SecondFactorValue): { factor: SecondFactor } | { error: string } {
  const error = value.recovery ? checkRecoveryCode(value.code) : checkTotpCode(value.code);
  if (error) return { error };
  return { factor: value.recovery ? { recovery_code: value.code.trim().toLowerCase() } : { code: normalizeCode(value.code) } };
}

/** An authenticator code, or a recovery code after "Use a recovery code". */
export function SecondFactorFields({ value, onChange, error }: { value: SecondFactorValue; onChange: (value: SecondFactorValue) => void; error?: string | undefined }) {
  return (
    <div className="stack">
      {value.recovery ? (
        <TextField key="recovery" label="Recovery code" autoComplete="off" spellCheck={false} value={value.code} onChange={(event) => onChange({ ...value, code: event.target.value })} error={error} className="field--code" />
      ) : (
        <TextField key="code" label="Authenticator code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} value={value.code} onChange={(event) => onChange({ ...value, code: event.target.value })} error={error} className="field--code" />
      )}
      <div>
        <Button size="sm" variant="ghost" onClick={() => onChange({ recovery: !value.recovery, code: "" })}>
          {value.recovery ? "Use the authenticator code" : "Use a recovery code instead"}
        </Button>
      </div>
    </div>
  );
}
