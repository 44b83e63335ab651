import { useState } from "react";
import { resendVerification } from "../../api/auth";
import { Banner } from "../../components/Banner";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormError } from "../../components/ErrorState";
import { useAuth } from "../../state/auth";
import { useRouter } from "../../state/router";

/** Right after registration: the verification mail is on its way; 2FA enrolment comes next. */
export function CheckEmailPage() {
  const { client, user, access, logout } = useAuth();
  const { navigate } = useRouter();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const enrolling = access === "enrolling";

  const resend = async () => {
    setBusy(true);
    setError(null);
    try {
      await resendVerification(client);
      setSent(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Check your email" level={1} className="auth__card">
      {user?.is_verified ? (
        <Banner tone="success">Your email address is verified.</Banner>
      ) : (
        <p>
          We sent a verification link to <strong>{user?.email ?? "your address"}</strong>. Open it to confirm the address; the link works for 24 hours.
        </p>
      )}
      {enrolling && <p className="muted">Next, protect your account with two-factor authentication. It is required before you can trade.</p>}
      {sent && <Banner tone="success">A new link is on its way.</Banner>}
      <FormError error={error} />
      <div className="button-row">
        <Button variant="primary" onClick={() => navigate(enrolling ? "/setup-2fa" : "/dashboard")}>
          {enrolling ? "Set up two-factor authentication" : "Continue to the dashboard"}
        </Button>
        {!user?.is_verified && (
          <Button onClick={() => void resend()} loading={busy}>
            Resend the link
          </Button>
        )}
        <Button variant="ghost" onClick={() => void logout()}>
          Sign out
        </Button>
      </div>
    </Card>
  );
}
