// Binance Spot Testnet keys (write-only: the server never sends them back, only a hint) and the venue
// orders execute on.

import { useState, type FormEvent } from "react";
import { exchangeKeys, removeExchangeKeys, setVenue, storeExchangeKeys, venue as loadVenue } from "../../api/account";
import { ApiError, errorMessage } from "../../api/problem";
import type { VenueName } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { ErrorState, FormError } from "../../components/ErrorState";
import { Segmented, TextField } from "../../components/Field";
import { Loading } from "../../components/Spinner";
import { formatDateTime } from "../../format";
import { useAuth } from "../../state/auth";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";

const KEY = /^[A-Za-z0-9]{16,128}$/;

export function ExchangeSection() {
  const { client } = useAuth();
  const { push } = useToasts();
  const state = useAsync(async () => {
    const [keys, venue] = await Promise.all([exchangeKeys(client), loadVenue(client)]);
    return { keys, venue };
  }, [client]);
  const [apiKey, setApiKey] = useState("");
  const [secretKey, setSecretKey] = useState("");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = {
      api_key: KEY.test(apiKey.trim()) ? undefined : "16–128 letters and digits, as Binance issues them.",
      secret_key: KEY.test(secretKey.trim()) ? undefined : "16–128 letters and digits, as Binance issues them.",
    };
    setErrors(found);
    if (found.api_key || found.secret_key) return;
    setBusy(true);
    setError(null);
    try {
      const keys = await storeExchangeKeys(client, apiKey.trim(), secretKey.trim());
      state.setData((previous) => previous && { ...previous, keys });
      setApiKey("");
      setSecretKey("");
      push({ kind: "success", title: "Testnet keys stored", message: "They are encrypted and cannot be shown again." });
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fieldErrors);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    try {
      await removeExchangeKeys(client);
      push({ kind: "info", title: "Testnet keys removed", message: "Orders execute on paper again." });
      state.reload();
    } catch (caught) {
      push({ kind: "error", title: "Could not remove the keys", message: errorMessage(caught) });
    }
  };

  const choose = async (name: VenueName) => {
    try {
      const venue = await setVenue(client, name);
      state.setData((previous) => previous && { ...previous, venue });
      push({ kind: "success", title: name === "paper" ? "Orders execute on paper" : "Orders execute on Binance Spot Testnet" });
    } catch (caught) {
      push({ kind: "error", title: "Could not change the venue", message: errorMessage(caught) });
    }
  };

  const data = state.data;
  return (
    <Card title="Binance Spot Testnet" id="exchange" actions={data?.keys.configured ? <Badge tone="success">Keys stored {data.keys.key_hint ?? ""}</Badge> : <Badge>No keys</Badge>}>
      {state.loading ? (
        <Loading />
      ) : state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : data ? (
        <div className="stack">
          <Segmented<VenueName>
            label="Execute orders on"
            value={data.venue.venue === "binance_testnet" ? "binance_testnet" : "paper"}
            onChange={(value) => void choose(value)}
            options={[
              { value: "paper", label: "Paper (simulated fills)" },
              { value: "binance_testnet", label: "Binance Spot Testnet", disabled: !data.keys.configured },
            ]}
          />
          {data.keys.configured && data.keys.updated_at && <p className="small muted">Keys stored {formatDateTime(data.keys.updated_at)}. They are write-only: replace them below, or remove them.</p>}
          <form className="form" onSubmit={(event) => void save(event)} noValidate aria-label="Testnet keys">
            <div className="form-grid">
              <TextField label="API key" type="password" autoComplete="off" spellCheck={false} value={apiKey} onChange={(event) => setApiKey(event.target.value)} error={errors.api_key} />
              <TextField label="Secret key" type="password" autoComplete="off" spellCheck={false} value={secretKey} onChange={(event) => setSecretKey(event.target.value)} error={errors.secret_key} />
            </div>
            <p className="small subtle">Create testnet keys at testnet.binance.vision. Never enter keys of a real Binance account here.</p>
            <FormError error={error} />
            <div className="button-row">
              <Button type="submit" variant="primary" loading={busy}>
                {data.keys.configured ? "Replace keys" : "Store keys"}
              </Button>
              {data.keys.configured && (
                <Button variant="danger" onClick={() => void remove()}>
                  Remove keys
                </Button>
              )}
            </div>
          </form>
        </div>
      ) : null}
    </Card>
  );
}
