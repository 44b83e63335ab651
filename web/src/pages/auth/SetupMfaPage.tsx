import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { useAuth } from "../../state/auth";
import { useRouter } from "../../state/router";
import { MfaEnrolment } from "./MfaEnrolment";

/** The enrolment a new account goes through before it can use the app (MFA_REQUIRED). */
export function SetupMfaPage() {
  const { completeEnrolment, logout } = useAuth();
  const { navigate } = useRouter();
  return (
    <Card title="Set up two-factor authentication" level={1} className="auth__card" actions={<Button size="sm" variant="ghost" onClick={() => void logout()}>Sign out</Button>}>
      <MfaEnrolment
        doneLabel="Go to the dashboard"
        onDone={() => {
          navigate("/dashboard");
          completeEnrolment();
        }}
      />
    </Card>
  );
}
