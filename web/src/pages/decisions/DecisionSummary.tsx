// One AI decision: what it said, how sure it was, what the guardrails did with it, and what it cost.

import type { Decision } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Banner } from "../../components/Banner";
import { Confidence } from "../../components/Confidence";
import { ActionBadge, VerdictBadge } from "../../components/TradingBadges";
import { formatCost, formatDateTime, formatDuration, formatPrice, formatUsd, humanize } from "../../format";
import { Link } from "../../state/router";

export function engineLabel(decision: Pick<Decision, "engine" | "model">): string {
  return decision.engine === "llm" ? `LLM${decision.model ? ` · ${decision.model}` : ""}` : "Rules engine";
}

export function DecisionSummary({ decision, clamp = false, link = true }: { decision: Decision; clamp?: boolean; link?: boolean }) {
  return (
    <article className="decision" aria-label={`${decision.action} decision on ${decision.symbol}`}>
      <div className="decision__head">
        <ActionBadge action={decision.action} />
        <Confidence value={decision.confidence} />
        <VerdictBadge verdict={decision.verdict} />
        {decision.executed ? <Badge tone="accent">✓ Executed</Badge> : <Badge>Not executed</Badge>}
        <span className="muted small">
          {decision.symbol} · {formatDateTime(decision.created_at)}
        </span>
      </div>
      {decision.error && (
        <Banner tone="warning" title={`Fell back to HOLD (${humanize(decision.error.code)})`}>
          {decision.error.message}
        </Banner>
      )}
      <p className={clamp ? "decision__reasoning reasoning-clamp" : "decision__reasoning"}>{decision.reasoning || <span className="muted">No reasoning given.</span>}</p>
      {decision.guardrail_notes.length > 0 && (
        <ul className="notes" aria-label="Guardrail notes">
          {decision.guardrail_notes.map((note, index) => (
            <li key={`${note.rule}-${index}`}>
              <strong>{humanize(note.rule)}:</strong> {note.message}
            </li>
          ))}
        </ul>
      )}
      <div className="decision__meta">
        <span>{engineLabel(decision)}</span>
        <span>Trigger: {humanize(decision.trigger)}</span>
        {decision.price && <span className="tabular">Price {formatPrice(decision.price)}</span>}
        {decision.suggested_amount && <span className="tabular">Amount {formatUsd(decision.suggested_amount)}</span>}
        {decision.stop_loss && <span className="tabular">Stop {formatPrice(decision.stop_loss)}</span>}
        {decision.take_profit && <span className="tabular">Target {formatPrice(decision.take_profit)}</span>}
        <span className="tabular">Latency {formatDuration(decision.latency_ms)}</span>
        <span className="tabular">Cost {formatCost(decision.cost_usd)}</span>
        {link && <Link to={`/decisions/${decision.id}`}>Details →</Link>}
      </div>
    </article>
  );
}
