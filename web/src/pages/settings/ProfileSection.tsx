import { useState, type FormEvent } from "react";
import { updateMe } from "../../api/account";
import { ApiError } from "../../api/problem";
import type { User } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormError } from "../../components/ErrorState";
import { TextField } from "../../components/Field";
import { formatDateTime } from "../../format";
import { useAuth } from "../../state/auth";
import { useToasts } from "../../state/toasts";
import { checkUsername } from "../../validation";

export function ProfileSection({ user }: { user: User }) {
  const { client, updateUser } = useAuth();
  const { push } = useToasts();
  const [fullName, setFullName] = useState(user.full_name ?? "");
  const [username, setUsername] = useState(user.username);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const usernameError = checkUsername(username);
    const nameError = fullName.trim().length > 100 ? "At most 100 characters." : undefined;
    setErrors({ username: usernameError, full_name: nameError });
    if (usernameError || nameError) return;
    setBusy(true);
    setError(null);
    try {
      const body: { full_name?: string; username?: string } = {};
      if (fullName.trim() !== (user.full_name ?? "")) body.full_name = fullName.trim();
      if (username.trim() !== user.username) body.username = username.trim();
      const saved = Object.keys(body).length > 0 ? await updateMe(client, body) : user;
      updateUser(saved);
      push({ kind: "success", title: "Profile saved" });
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fieldErrors);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Profile" id="profile">
      <form className="form" onSubmit={(event) => void save(event)} noValidate aria-label="Profile">
        <dl className="facts">
          <dt>Email</dt>
          <dd>
            {user.email} {user.is_verified ? <Badge tone="success">✓ Verified</Badge> : <Badge tone="warning">Not verified</Badge>}
          </dd>
          <dt>Member since</dt>
          <dd>{formatDateTime(user.created_at)}</dd>
          <dt>Last sign-in</dt>
          <dd>{formatDateTime(user.last_login_at)}</dd>
        </dl>
        <div className="form-grid">
          <TextField label="Full name" autoComplete="name" value={fullName} onChange={(event) => setFullName(event.target.value)} error={errors.full_name} />
          <TextField label="Username" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} error={errors.username} />
        </div>
        <FormError error={error} />
        <div>
          <Button type="submit" variant="primary" loading={busy}>
            Save profile
          </Button>
        </div>
      </form>
    </Card>
  );
}
