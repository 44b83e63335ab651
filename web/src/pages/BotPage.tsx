// The bot: start and stop it, its symbol (one with a live feed, as GET /api/v1/trading/config lists them),
// interval, engine and risk limits (checked before saving), email notices, and a manual "analyze now".

import { useEffect, useState, type FormEvent } from "react";
import { analyze, bot as loadBot, startBot, stopBot, updateBot } from "../api/ai";
import { ApiError, errorMessage } from "../api/problem";
import type { BotNotify, BotSettings, DecisionDetail } from "../api/types";
import { Banner } from "../components/Banner";
import { Button } from "../components/Button";
import { Card } from "../components/Card";
import { EmptyState } from "../components/EmptyState";
import { ErrorState, FormError } from "../components/ErrorState";
import { CheckboxField, SelectField, Segmented, TextField } from "../components/Field";
import { PageHeader } from "../components/PageHeader";
import { Loading } from "../components/Spinner";
import { BotStatusBadge } from "../components/TradingBadges";
import { formatDateTime, formatPrice, formatRelative } from "../format";
import { useClient } from "../state/auth";
import { useMarket } from "../state/market";
import { botSymbolOptions } from "../tradingRules";
import { useNow, useStreamMessages } from "../state/stream";
import { useToasts } from "../state/toasts";
import { useAsync } from "../state/useAsync";
import { botFieldOf, botFormOf, botUpdateOf, hasErrors, validateBotForm, type BotForm, type FieldErrors } from "../validation";
import { DecisionSummary } from "./decisions/DecisionSummary";

function StatusCard({ settings, onChange }: { settings: BotSettings; onChange: (settings: BotSettings) => void }) {
  const client = useClient();
  const { push } = useToasts();
  const now = useNow(5000);
  const [busy, setBusy] = useState(false);
  const running = settings.status === "running";

  const toggle = async () => {
    setBusy(true);
    try {
      const next = running ? await stopBot(client) : await startBot(client);
      onChange(next);
      push({ kind: "info", title: next.status === "running" ? "The bot is running" : "The bot is stopped" });
    } catch (error) {
      push({ kind: "error", title: running ? "Could not stop the bot" : "Could not start the bot", message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Status" actions={<BotStatusBadge status={settings.status} />}>
      <div className="stack">
        {settings.status === "paused" && (
          <Banner tone="warning" title="Paused">
            {settings.paused_reason ?? "The bot paused itself."} Start it again to resume.
          </Banner>
        )}
        <dl className="facts">
          <dt>Symbol</dt>
          <dd>{settings.symbol}</dd>
          <dt>Every</dt>
          <dd>{settings.interval_minutes} min</dd>
          <dt>Engine</dt>
          <dd>{settings.engine === "llm" ? `LLM${settings.model ? ` (${settings.model})` : ""}` : "Rules"}</dd>
          <dt>Next run</dt>
          <dd>{running && settings.next_run_at ? `${formatDateTime(settings.next_run_at)} (${formatRelative(Date.parse(settings.next_run_at), now)})` : "—"}</dd>
          <dt>Last run</dt>
          <dd>{settings.last_run_at ? `${formatDateTime(settings.last_run_at)} (${formatRelative(Date.parse(settings.last_run_at), now)})` : "Never"}</dd>
          {settings.exit_plan?.stop_loss && (
            <>
              <dt>Stop loss</dt>
              <dd className="tabular">{formatPrice(settings.exit_plan.stop_loss)}</dd>
            </>
          )}
          {settings.exit_plan?.take_profit && (
            <>
              <dt>Take profit</dt>
              <dd className="tabular">{formatPrice(settings.exit_plan.take_profit)}</dd>
            </>
          )}
          {settings.consecutive_failures > 0 && (
            <>
              <dt>Failures in a row</dt>
              <dd>{settings.consecutive_failures}</dd>
            </>
          )}
        </dl>
        <div>
          <Button variant={running ? "danger" : "primary"} size="lg" onClick={() => void toggle()} loading={busy}>
            {running ? "■ Stop the bot" : settings.status === "paused" ? "▶ Resume the bot" : "▶ Start the bot"}
          </Button>
        </div>
      </div>
    </Card>
  );
}

function AnalyzeCard({ symbol }: { symbol: string }) {
  const client = useClient();
  const { push } = useToasts();
  const [execute, setExecute] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DecisionDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const decision = await analyze(client, { symbol, execute });
      setResult(decision);
      if (decision.executed) push({ kind: "success", title: `The bot decided ${decision.action} and it was executed` });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Analyze now">
      <div className="stack">
        <p className="muted">Ask the engine for a decision on {symbol} right now, outside the schedule.</p>
        <CheckboxField label="Execute the decision (through the guardrails)" hint="Off: the decision is recorded but no order is placed." checked={execute} onChange={(event) => setExecute(event.target.checked)} />
        <div>
          <Button variant="primary" onClick={() => void run()} loading={busy}>
            ✦ Analyze {symbol}
          </Button>
        </div>
        <FormError error={error} />
        {result && <DecisionSummary decision={result} />}
      </div>
    </Card>
  );
}

function SettingsCard({ settings, onSaved }: { settings: BotSettings; onSaved: (settings: BotSettings) => void }) {
  const client = useClient();
  const { push } = useToasts();
  const { symbols, tradingConfig, configError, configLoading, reloadConfig } = useMarket();
  const liveSymbols = tradingConfig?.live_symbols;
  const [form, setForm] = useState<BotForm>(() => botFormOf(settings));
  const [notify, setNotify] = useState<BotNotify>(settings.notify);
  const [errors, setErrors] = useState<FieldErrors<keyof BotForm>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof BotForm>(field: K, value: BotForm[K]) => {
    setForm((previous) => ({ ...previous, [field]: value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateBotForm(form, settings.llm_available, liveSymbols);
    setErrors(found);
    if (hasErrors(found)) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await updateBot(client, botUpdateOf(form, notify));
      onSaved(saved);
      setForm(botFormOf(saved));
      push({ kind: "success", title: "Bot settings saved" });
    } catch (caught) {
      if (caught instanceof ApiError) {
        const mapped: FieldErrors<keyof BotForm> = {};
        for (const [name, reason] of Object.entries(caught.fieldErrors)) {
          const field = botFieldOf(name);
          if (field) mapped[field] = reason;
        }
        if (caught.reason === "llm_unavailable") mapped.engine = caught.userMessage;
        setErrors(mapped);
      }
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const symbolOptions = botSymbolOptions(liveSymbols, symbols, form.symbol);
  const symbolHint = !liveSymbols
    ? configError
      ? "The symbols with a live feed could not be loaded: only the current one is offered."
      : "Loading the symbols with a live feed…"
    : liveSymbols.length === 0
    ? "This server has no live price feed: the bot cannot trade."
    : "Symbols with a live price feed.";
  return (
    <Card title="Settings">
      <form className="form" onSubmit={(event) => void save(event)} noValidate aria-label="Bot settings">
        {configError !== null && configError !== undefined && (
          <Banner
            tone="warning"
            title="Could not load the server's trading rules"
            actions={
              <Button size="sm" onClick={reloadConfig} loading={configLoading}>
                Retry
              </Button>
            }
          >
            {errorMessage(configError)}
          </Banner>
        )}
        <div className="form-grid">
          <SelectField label="Symbol" value={form.symbol} onChange={(event) => set("symbol", event.target.value)} options={symbolOptions} error={errors.symbol} hint={symbolHint} />
          <TextField label="Interval" type="number" min={1} max={1440} step={1} suffix="min" value={form.interval_minutes} onChange={(event) => set("interval_minutes", event.target.value)} error={errors.interval_minutes} hint="1 to 1440 minutes between decisions." />
        </div>
        <Segmented
          label="Decision engine"
          value={form.engine}
          onChange={(value) => set("engine", value)}
          options={[
            { value: "rules", label: "Rules (indicators)" },
            { value: "llm", label: settings.llm_available ? `LLM${settings.model ? ` · ${settings.model}` : ""}` : "LLM (no key on the server)", disabled: !settings.llm_available },
          ]}
        />
        {errors.engine && <p className="field__error">{errors.engine}</p>}
        {settings.llm_status && <p className="field__hint">LLM: {settings.llm_status}</p>}
        <fieldset className="stack">
          <legend className="field__label">Risk limits</legend>
          <div className="form-grid">
            <TextField label="Max position" inputMode="decimal" suffix="% of equity" value={form.max_position_pct} onChange={(event) => set("max_position_pct", event.target.value)} error={errors.max_position_pct} />
            <TextField label="Max order" inputMode="decimal" suffix="USDT" value={form.max_order_usd} onChange={(event) => set("max_order_usd", event.target.value)} error={errors.max_order_usd} />
            <TextField label="Min confidence" type="number" min={0} max={100} step={1} suffix="/ 100" value={form.min_confidence} onChange={(event) => set("min_confidence", event.target.value)} error={errors.min_confidence} />
            <TextField label="Cooldown after a trade" type="number" min={0} step={1} suffix="min" value={form.cooldown_minutes} onChange={(event) => set("cooldown_minutes", event.target.value)} error={errors.cooldown_minutes} />
          </div>
          <CheckboxField label="Pause after a daily loss" hint="The bot pauses itself when the day's loss reaches this share of equity." checked={form.daily_loss_limit_enabled} onChange={(event) => set("daily_loss_limit_enabled", event.target.checked)} />
          {form.daily_loss_limit_enabled && <TextField label="Daily loss limit" inputMode="decimal" suffix="%" value={form.daily_loss_limit_pct} onChange={(event) => set("daily_loss_limit_pct", event.target.value)} error={errors.daily_loss_limit_pct} />}
          <CheckboxField label="Require a stop loss on every buy" checked={form.require_stop_loss} onChange={(event) => set("require_stop_loss", event.target.checked)} />
        </fieldset>
        <fieldset className="stack">
          <legend className="field__label">Email me when</legend>
          <CheckboxField label="the bot trades" checked={notify.trades} onChange={(event) => setNotify({ ...notify, trades: event.target.checked })} />
          <CheckboxField label="a guardrail changes or blocks a decision" checked={notify.guardrails} onChange={(event) => setNotify({ ...notify, guardrails: event.target.checked })} />
          <CheckboxField label="the bot pauses itself" checked={notify.pauses} onChange={(event) => setNotify({ ...notify, pauses: event.target.checked })} />
        </fieldset>
        <FormError error={error} />
        <div className="button-row">
          <Button type="submit" variant="primary" loading={busy}>
            Save settings
          </Button>
          <Button
            variant="ghost"
            onClick={() => {
              setForm(botFormOf(settings));
              setNotify(settings.notify);
              setErrors({});
              setError(null);
            }}
          >
            Reset
          </Button>
        </div>
      </form>
    </Card>
  );
}

export function BotPage() {
  const client = useClient();
  const state = useAsync(() => loadBot(client), [client]);
  const [settings, setSettings] = useState<BotSettings | null>(null);

  useEffect(() => {
    if (state.data) setSettings(state.data);
  }, [state.data]);

  useStreamMessages((message) => {
    if (message.type === "bot") {
      const { type: _type, ...next } = message;
      setSettings(next);
    }
  });

  const unavailable = state.error instanceof ApiError && state.error.status === 404;
  return (
    <>
      <PageHeader title="Bot" />
      {state.loading ? (
        <Loading label="Loading the bot…" />
      ) : unavailable ? (
        <EmptyState title="The AI bot is not available on this server yet" />
      ) : state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} title="Could not load the bot" />
      ) : settings ? (
        <div className="grid-2">
          <SettingsCard settings={settings} onSaved={setSettings} />
          <div className="stack">
            <StatusCard settings={settings} onChange={setSettings} />
            <AnalyzeCard symbol={settings.symbol} />
          </div>
        </div>
      ) : null}
    </>
  );
}
