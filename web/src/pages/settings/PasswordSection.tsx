import { useState, type FormEvent } from "react";
import { changePassword } from "../../api/auth";
import { ApiError } from "../../api/problem";
import type { User } from "../../api/types";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormError } from "../../components/ErrorState";
import { TextField } from "../../components/Field";
import { useAuth } from "../../state/auth";
import { useToasts } from "../../state/toasts";
import { checkNewPassword, PASSWORD_MIN_LENGTH } from "../../validation";

export function PasswordSection({ user }: { user: User }) {
  const { client } = useAuth();
  const { push } = useToasts();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = {
      current_password: current ? undefined : "Enter your current password.",
      new_password: checkNewPassword(next, [user.username, user.email.split("@")[0] ?? ""]) ?? (next === current ? "Choose a password you have not just used." : undefined),
      confirm: confirm === next ? undefined : "The passwords do not match.",
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await changePassword(client, current, next);
      client.setAccessToken(answer.access_token);
      setCurrent("");
      setNext("");
      setConfirm("");
      push({ kind: "success", title: "Password changed", message: "Your other sessions were signed out." });
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fieldErrors);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Password" id="password">
      <form className="form" onSubmit={(event) => void submit(event)} noValidate aria-label="Change password">
        {/* Lets password managers file the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} error={errors.current_password} />
        <div className="form-grid">
          <TextField label="New password" type="password" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} error={errors.new_password} hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} />
          <TextField label="Confirm new password" type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} error={errors.confirm} />
        </div>
        <FormError error={error} />
        <div>
          <Button type="submit" variant="primary" loading={busy}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
