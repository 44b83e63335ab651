// One decision in full: the prompt the engine was given, its raw answer, its reasoning content, and the
// market snapshot it saw, for auditing.

import { decision as loadDecision } from "../../api/ai";
import { ApiError } from "../../api/problem";
import { Card } from "../../components/Card";
import { CopyButton } from "../../components/CopyButton";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { formatDateTime, formatDuration, formatCost, humanize } from "../../format";
import { useClient } from "../../state/auth";
import { Link } from "../../state/router";
import { useAsync } from "../../state/useAsync";
import { DecisionSummary, engineLabel } from "./DecisionSummary";

function TextBlock({ title, text }: { title: string; text: string | null | undefined }) {
  if (!text) return null;
  return (
    <Card title={title} level={2} actions={<CopyButton text={text} />}>
      <pre className="code-block" tabIndex={0}>
        {text}
      </pre>
    </Card>
  );
}

export function DecisionDetailPage({ id }: { id: string }) {
  const client = useClient();
  const detail = useAsync(() => loadDecision(client, id), [client, id]);
  const notFound = detail.error instanceof ApiError && detail.error.status === 404;
  const decision = detail.data;

  return (
    <>
      <PageHeader title="AI decision">
        <Link to="/decisions">← All decisions</Link>
      </PageHeader>
      {detail.loading ? (
        <Loading label="Loading the decision…" />
      ) : notFound ? (
        <EmptyState title="No such decision">It does not exist or is not yours.</EmptyState>
      ) : detail.error ? (
        <ErrorState error={detail.error} onRetry={detail.reload} />
      ) : decision ? (
        <>
          <Card title="Decision">
            <DecisionSummary decision={decision} link={false} />
          </Card>
          <Card title="Run">
            <dl className="facts">
              <dt>Time</dt>
              <dd>{formatDateTime(decision.created_at)}</dd>
              <dt>Engine</dt>
              <dd>{engineLabel(decision)}</dd>
              <dt>Trigger</dt>
              <dd>{humanize(decision.trigger)}</dd>
              <dt>Market source</dt>
              <dd>{decision.source ? humanize(decision.source) : "—"}</dd>
              <dt>Latency</dt>
              <dd className="tabular">{formatDuration(decision.latency_ms)}</dd>
              <dt>Tokens</dt>
              <dd className="tabular">
                {decision.prompt_tokens ?? "—"} in ({decision.cached_tokens ?? 0} cached) · {decision.completion_tokens ?? "—"} out
              </dd>
              <dt>Cost</dt>
              <dd className="tabular">{formatCost(decision.cost_usd)}</dd>
              {decision.invalidation && (
                <>
                  <dt>Invalidation</dt>
                  <dd>{decision.invalidation}</dd>
                </>
              )}
              <dt>Trade</dt>
              <dd>{decision.transaction_id ? <Link to="/trades">{decision.transaction_id}</Link> : "None"}</dd>
              <dt>Decision id</dt>
              <dd className="mono">{decision.id}</dd>
            </dl>
          </Card>
          <TextBlock title="System prompt" text={decision.prompt?.system} />
          <TextBlock title="User prompt" text={decision.prompt?.user} />
          <TextBlock title="Reasoning content" text={decision.reasoning_content} />
          <TextBlock title="Raw answer" text={decision.raw_response} />
          {decision.market_snapshot && <TextBlock title="Market snapshot" text={JSON.stringify(decision.market_snapshot, null, 2)} />}
          {!decision.prompt && !decision.raw_response && decision.engine === "rules" && <p className="muted">The rules engine uses no prompt; its inputs are in the market snapshot.</p>}
        </>
      ) : null}
    </>
  );
}
