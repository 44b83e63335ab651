import { useState, type FormEvent } from "react";
import { register } from "../../api/auth";
import { ApiError } from "../../api/problem";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormError } from "../../components/ErrorState";
import { TextField } from "../../components/Field";
import { useAuth } from "../../state/auth";
import { Link, useRouter } from "../../state/router";
import { hasErrors, PASSWORD_MIN_LENGTH, validateRegistration, type FieldErrors, type RegistrationForm } from "../../validation";

const EMPTY: RegistrationForm = { email: "", username: "", full_name: "", password: "", confirm: "" };

export function RegisterPage() {
  const { client, signIn } = useAuth();
  const { navigate } = useRouter();
  const [form, setForm] = useState<RegistrationForm>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<keyof RegistrationForm>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: keyof RegistrationForm) => (event: { target: { value: string } }) => {
    setForm((previous) => ({ ...previous, [field]: event.target.value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateRegistration(form);
    setErrors(found);
    if (hasErrors(found)) return;
    setBusy(true);
    setError(null);
    try {
      const body = { email: form.email.trim(), username: form.username.trim(), password: form.password, ...(form.full_name.trim() ? { full_name: form.full_name.trim() } : {}) };
      const tokens = await register(client, body);
      navigate("/check-email");
      signIn(tokens);
    } catch (caught) {
      if (caught instanceof ApiError && Object.keys(caught.fieldErrors).length > 0) {
        setErrors(caught.fieldErrors as FieldErrors<keyof RegistrationForm>);
      }
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Create your account" level={1} className="auth__card">
      <p className="muted">You get a paper portfolio of 1,000 USD for the AI bot to trade. No real money is involved.</p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="Email" name="email" type="email" autoComplete="email" value={form.email} onChange={set("email")} error={errors.email} required autoFocus />
        <TextField label="Username" name="username" autoComplete="username" value={form.username} onChange={set("username")} error={errors.username} hint="3–32 letters, digits, '.', '_' or '-'." required />
        <TextField label="Full name (optional)" name="full_name" autoComplete="name" value={form.full_name} onChange={set("full_name")} error={errors.full_name} />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" value={form.password} onChange={set("password")} error={errors.password} hint={`At least ${PASSWORD_MIN_LENGTH} characters; not a common password, nor your name.`} required />
        <TextField label="Confirm password" name="confirm" type="password" autoComplete="new-password" value={form.confirm} onChange={set("confirm")} error={errors.confirm} required />
        <FormError error={error} />
        <Button type="submit" variant="primary" size="lg" loading={busy}>
          Create account
        </Button>
        <p className="auth__footer">
          Already registered? <Link to="/login">Sign in</Link>
        </p>
      </form>
    </Card>
  );
}
