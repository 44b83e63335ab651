// Badges for the trading vocabulary: sides and actions carry an arrow as well as a colour.

import type { BotStatus, DecisionAction, DecisionVerdict, OrderSide } from "../api/types";
import { humanize } from "../format";
import { Badge, type Tone } from "./Badge";

export function SideBadge({ side }: { side: OrderSide }) {
  return side === "buy" ? <Badge tone="success">▲ Buy</Badge> : <Badge tone="danger">▼ Sell</Badge>;
}

export function ActionBadge({ action }: { action: DecisionAction }) {
  if (action === "BUY") return <Badge tone="success">▲ BUY</Badge>;
  if (action === "SELL") return <Badge tone="danger">▼ SELL</Badge>;
  return <Badge tone="neutral">• HOLD</Badge>;
}

const VERDICT_TONES: Record<DecisionVerdict, Tone> = { no_trade: "neutral", allow: "success", adjust: "warning", block: "danger" };
const VERDICT_LABELS: Record<DecisionVerdict, string> = { no_trade: "No trade", allow: "Allowed", adjust: "Adjusted", block: "Blocked" };

export function VerdictBadge({ verdict }: { verdict: DecisionVerdict }) {
  return (
    <Badge tone={VERDICT_TONES[verdict] ?? "neutral"} title="Guardrail verdict">
      {VERDICT_LABELS[verdict] ?? humanize(verdict)}
    </Badge>
  );
}

export function BotStatusBadge({ status }: { status: BotStatus }) {
  if (status === "running") return <Badge tone="success">● Running</Badge>;
  if (status === "paused") return <Badge tone="warning">❚❚ Paused</Badge>;
  return <Badge tone="neutral">■ Stopped</Badge>;
}

export function SourceBadge({ source }: { source: string }) {
  if (source === "binance") return <Badge tone="info">Binance</Badge>;
  return <Badge tone="warning">{humanize(source)}</Badge>;
}
