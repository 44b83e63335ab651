// Irreversible actions, each behind a confirmation: a new portfolio run, and deleting the account.

import { useState } from "react";
import { deleteAccount } from "../../api/account";
import { resetPortfolio } from "../../api/portfolio";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormError } from "../../components/ErrorState";
import { TextField } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { useAuth } from "../../state/auth";
import { useRouter } from "../../state/router";
import { useToasts } from "../../state/toasts";
import { EMPTY_FACTOR, SecondFactorFields, secondFactorOf, type SecondFactorValue } from "./SecondFactorFields";

function ResetPortfolio() {
  const { client } = useAuth();
  const { push } = useToasts();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const portfolio = await resetPortfolio(client);
      setOpen(false);
      push({ kind: "success", title: `Run ${portfolio.run_number} started`, message: "Cash is back to the initial balance; the history is kept." });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Reset portfolio
      </Button>
      <Modal
        open={open}
        title="Reset the portfolio?"
        onClose={() => setOpen(false)}
        footer={
          <>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => void confirm()} loading={busy}>
              Reset
            </Button>
          </>
        }
      >
        <p>Positions are closed without trading, cash returns to the initial balance and a new run begins. Past trades stay in the history.</p>
        <FormError error={error} />
      </Modal>
    </>
  );
}

function DeleteAccount() {
  const { client, forget } = useAuth();
  const { navigate } = useRouter();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [factor, setFactor] = useState<SecondFactorValue>(EMPTY_FACTOR);
  const [factorError, setFactorError] = useState<string | undefined>(undefined);
  const [confirmText, setConfirmText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { user } = useAuth();

  const close = () => {
    setOpen(false);
    setPassword("");
    setFactor(EMPTY_FACTOR);
    setConfirmText("");
    setError(null);
  };

  const submit = async () => {
    const checked = secondFactorOf(factor);
    setFactorError("error" in checked ? checked.error : undefined);
    if ("error" in checked || !password) return;
    setBusy(true);
    setError(null);
    try {
      await deleteAccount(client, password, checked.factor);
      navigate("/login", { replace: true });
      forget("Your account was deleted.");
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const confirmed = confirmText.trim() === user?.username;
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete account
      </Button>
      <Modal
        open={open}
        title="Delete your account?"
        onClose={close}
        footer={
          <>
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => void submit()} loading={busy} disabled={!confirmed || !password}>
              Delete forever
            </Button>
          </>
        }
      >
        <p>Your portfolio, trades, decisions and keys are deleted. This cannot be undone.</p>
        <TextField label={`Type your username (${user?.username ?? ""}) to confirm`} autoComplete="off" value={confirmText} onChange={(event) => setConfirmText(event.target.value)} />
        <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
        <SecondFactorFields value={factor} onChange={setFactor} error={factorError} />
        <FormError error={error} />
      </Modal>
    </>
  );
}

export function DangerSection() {
  return (
    <Card title="Danger zone" id="danger" className="card--danger">
      <div className="stack">
        <p className="muted">Start the paper portfolio over, or delete the account and everything in it.</p>
        <div className="button-row">
          <ResetPortfolio />
          <DeleteAccount />
        </div>
      </div>
    </Card>
  );
}
