import { useEffect, useRef, useState } from "react";
import { verifyEmail } from "../../api/auth";
import { errorMessage } from "../../api/problem";
import { Banner } from "../../components/Banner";
import { Card } from "../../components/Card";
import { Loading } from "../../components/Spinner";
import { useAuth } from "../../state/auth";
import { Link, useRouter } from "../../state/router";

type Outcome = { state: "working" } | { state: "done"; email: string } | { state: "failed"; message: string };

/** The page the verification email links to (/verify-email?token=…). */
export function VerifyEmailPage({ token }: { token?: string | undefined }) {
  const { client, access, updateUser } = useAuth();
  const { navigate } = useRouter();
  const [outcome, setOutcome] = useState<Outcome>(token ? { state: "working" } : { state: "failed", message: "This link has no token. Open the link from the email again." });
  const started = useRef(false);

  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    // The token is single-purpose; keep it out of the history once used.
    navigate("/verify-email", { replace: true });
    verifyEmail(client, token)
      .then((user) => {
        setOutcome({ state: "done", email: user.email });
        updateUser(user);
      })
      .catch((error: unknown) => setOutcome({ state: "failed", message: errorMessage(error) }));
  }, [token, client, navigate, updateUser]);

  const next = access === "signedIn" ? "/dashboard" : access === "enrolling" ? "/setup-2fa" : "/login";
  return (
    <Card title="Verify your email" level={1} className="auth__card">
      {outcome.state === "working" && <Loading label="Verifying…" />}
      {outcome.state === "done" && <Banner tone="success" title="Email verified">{outcome.email} is confirmed.</Banner>}
      {outcome.state === "failed" && (
        <Banner tone="danger" title="Not verified">
          {outcome.message}
        </Banner>
      )}
      {outcome.state !== "working" && (
        <p>
          <Link to={next}>{access === "anonymous" ? "Sign in" : "Continue"}</Link>
          {outcome.state === "failed" && access !== "anonymous" && " — you can ask for a new link from the notice at the top of the dashboard."}
        </p>
      )}
    </Card>
  );
}
