import { useState } from "react";
import { securityEvents } from "../../api/account";
import type { SecurityEvent } from "../../api/types";
import { Badge, type Tone } from "../../components/Badge";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { Pagination } from "../../components/Pagination";
import { Loading } from "../../components/Spinner";
import { Table, type Column } from "../../components/Table";
import { formatDateTime, humanize } from "../../format";
import { useAuth } from "../../state/auth";
import { useAsync } from "../../state/useAsync";
import { describeUserAgent } from "../../userAgent";

const PER_PAGE = 10;
const SEVERITY_TONES: Record<string, Tone> = { info: "info", warning: "warning", critical: "danger", error: "danger" };

function details(event: SecurityEvent): string {
  return Object.entries(event.details ?? {})
    .map(([key, value]) => `${humanize(key)}: ${value}`)
    .join(" · ");
}

export function SecurityEventsSection() {
  const { client } = useAuth();
  const [page, setPage] = useState(1);
  const list = useAsync(() => securityEvents(client, page, PER_PAGE), [client, page]);
  const columns: Column<SecurityEvent>[] = [
    { key: "time", header: "Time", cell: (row) => <span className="nowrap">{formatDateTime(row.created_at)}</span> },
    { key: "event", header: "Event", cell: (row) => humanize(row.event_type) },
    { key: "severity", header: "Severity", cell: (row) => <Badge tone={SEVERITY_TONES[row.severity] ?? "neutral"}>{humanize(row.severity)}</Badge> },
    { key: "where", header: "From", optional: true, cell: (row) => `${row.ip_address ?? "—"} · ${describeUserAgent(row.user_agent)}` },
    { key: "details", header: "Details", optional: true, cell: (row) => <span className="small muted">{details(row)}</span> },
  ];
  return (
    <Card title="Security events" id="security-events" className="card--flush">
      {list.loading ? (
        <Loading label="Loading events…" />
      ) : list.error ? (
        <div className="card__body">
          <ErrorState error={list.error} onRetry={list.reload} />
        </div>
      ) : list.data ? (
        <>
          <Table caption="Security events, newest first" columns={columns} rows={list.data.items} rowKey={(row) => row.id} empty={<EmptyState title="No security events" />} />
          {list.data.total > PER_PAGE && <Pagination page={page} perPage={PER_PAGE} total={list.data.total} onPage={setPage} label="Security event pages" />}
        </>
      ) : null}
    </Card>
  );
}
