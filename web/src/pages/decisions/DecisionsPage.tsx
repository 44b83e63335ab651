// The feed of the bot's decisions, newest first, filterable, each with its confidence, reasoning,
// guardrail notes, engine and cost; new decisions arrive live on the first page.

import { decisions as loadDecisions } from "../../api/ai";
import { ApiError } from "../../api/problem";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { SelectField } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { Pagination } from "../../components/Pagination";
import { Loading } from "../../components/Spinner";
import { Button } from "../../components/Button";
import { decisionQuery, DECISIONS_PER_PAGE } from "../../pageQueries";
import { routeUrl, type DecisionFilters } from "../../routes";
import { useClient } from "../../state/auth";
import { useMarket } from "../../state/market";
import { Link, useRouter } from "../../state/router";
import { useStreamMessages } from "../../state/stream";
import { useAsync } from "../../state/useAsync";
import { DecisionSummary } from "./DecisionSummary";

export function DecisionsPage({ filters }: { filters: DecisionFilters }) {
  const client = useClient();
  const { navigate } = useRouter();
  const { symbols } = useMarket();
  const key = routeUrl({ name: "decisions", filters });
  const page = useAsync(() => loadDecisions(client, decisionQuery(filters)), [client, key]);

  useStreamMessages((message) => {
    if (message.type === "decision" && filters.page === 1) page.reload();
  });

  const update = (change: Partial<DecisionFilters>) => navigate(routeUrl({ name: "decisions", filters: { ...filters, page: 1, ...change } }));
  const filtered = Boolean(filters.action || filters.engine || filters.executed !== undefined || filters.symbol);
  const unavailable = page.error instanceof ApiError && page.error.status === 404;

  return (
    <>
      <PageHeader title="AI decisions">
        <Button onClick={() => navigate("/bot")}>Bot settings</Button>
      </PageHeader>
      <Card className="card--flush">
        <form className="filters" aria-label="Filter decisions" onSubmit={(event) => event.preventDefault()}>
          <SelectField
            label="Action"
            value={filters.action ?? ""}
            onChange={(event) => {
              const value = event.target.value;
              update({ action: value === "BUY" || value === "SELL" || value === "HOLD" ? value : undefined });
            }}
            options={[
              { value: "", label: "Any action" },
              { value: "BUY", label: "Buy" },
              { value: "SELL", label: "Sell" },
              { value: "HOLD", label: "Hold" },
            ]}
          />
          <SelectField
            label="Engine"
            value={filters.engine ?? ""}
            onChange={(event) => {
              const value = event.target.value;
              update({ engine: value === "llm" || value === "rules" ? value : undefined });
            }}
            options={[
              { value: "", label: "Any engine" },
              { value: "llm", label: "LLM" },
              { value: "rules", label: "Rules" },
            ]}
          />
          <SelectField
            label="Executed"
            value={filters.executed === undefined ? "" : String(filters.executed)}
            onChange={(event) => update({ executed: event.target.value === "" ? undefined : event.target.value === "true" })}
            options={[
              { value: "", label: "All" },
              { value: "true", label: "Executed" },
              { value: "false", label: "Not executed" },
            ]}
          />
          <SelectField label="Symbol" value={filters.symbol ?? ""} onChange={(event) => update({ symbol: event.target.value || undefined })} options={[{ value: "", label: "All symbols" }, ...symbols.map((info) => ({ value: info.symbol, label: info.symbol }))]} />
          {filtered && (
            <Button variant="ghost" onClick={() => navigate("/decisions")}>
              Clear filters
            </Button>
          )}
        </form>
        {page.loading ? (
          <Loading label="Loading decisions…" />
        ) : unavailable ? (
          <EmptyState title="The AI bot is not available on this server yet" />
        ) : page.error ? (
          <div className="card__body">
            <ErrorState error={page.error} onRetry={page.reload} title="Could not load decisions" />
          </div>
        ) : page.data && page.data.items.length === 0 ? (
          <EmptyState title={filtered ? "No decisions match these filters" : "No decisions yet"} action={!filtered && <Link to="/bot">Start the bot or analyze now →</Link>}>
            {filtered ? "Try other filters." : "Every decision the bot makes is recorded here with its reasoning."}
          </EmptyState>
        ) : page.data ? (
          <>
            <ol className="decision-list" aria-label="Decisions, newest first">
              {page.data.items.map((decision) => (
                <li key={decision.id}>
                  <DecisionSummary decision={decision} clamp />
                </li>
              ))}
            </ol>
            <Pagination page={filters.page} perPage={DECISIONS_PER_PAGE} total={page.data.total} onPage={(next) => navigate(routeUrl({ name: "decisions", filters: { ...filters, page: next } }))} label="Decision pages" />
          </>
        ) : null}
      </Card>
    </>
  );
}
