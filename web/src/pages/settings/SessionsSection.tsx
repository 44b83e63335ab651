import { useState } from "react";
import { revokeSession, sessions as loadSessions } from "../../api/account";
import { logoutAll } from "../../api/auth";
import { errorMessage } from "../../api/problem";
import type { Session } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { Loading } from "../../components/Spinner";
import { Table, type Column } from "../../components/Table";
import { formatDateTime } from "../../format";
import { useAuth } from "../../state/auth";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { describeUserAgent } from "../../userAgent";

export function SessionsSection() {
  const { client } = useAuth();
  const { push } = useToasts();
  const list = useAsync(() => loadSessions(client), [client]);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [endingAll, setEndingAll] = useState(false);

  const revoke = async (session: Session) => {
    setRevoking(session.id);
    try {
      await revokeSession(client, session.id);
      list.setData((previous) => previous?.filter((entry) => entry.id !== session.id));
      push({ kind: "success", title: "Session revoked", message: describeUserAgent(session.user_agent) });
    } catch (error) {
      push({ kind: "error", title: "Could not revoke the session", message: errorMessage(error) });
    } finally {
      setRevoking(null);
    }
  };

  const endAll = async () => {
    setEndingAll(true);
    try {
      await logoutAll(client);
    } catch (error) {
      push({ kind: "error", title: "Could not sign out everywhere", message: errorMessage(error) });
      setEndingAll(false);
      return;
    }
    client.endSession("logout");
  };

  const columns: Column<Session>[] = [
    {
      key: "device",
      header: "Device",
      cell: (row) => (
        <span title={row.user_agent}>
          {describeUserAgent(row.user_agent)} {row.current && <Badge tone="accent">This browser</Badge>}
        </span>
      ),
    },
    { key: "ip", header: "IP address", cell: (row) => <span className="mono">{row.ip_address ?? "—"}</span> },
    { key: "created", header: "Signed in", optional: true, cell: (row) => formatDateTime(row.created_at) },
    { key: "used", header: "Last active", cell: (row) => formatDateTime(row.last_used_at) },
    {
      key: "revoke",
      header: <span className="visually-hidden">Actions</span>,
      cell: (row) =>
        row.current ? null : (
          <Button size="sm" variant="ghost" onClick={() => void revoke(row)} loading={revoking === row.id} aria-label={`Revoke the session of ${describeUserAgent(row.user_agent)} from ${row.ip_address ?? "an unknown address"}`}>
            Revoke
          </Button>
        ),
    },
  ];

  return (
    <Card
      title="Active sessions"
      id="sessions"
      className="card--flush"
      actions={
        <Button size="sm" variant="danger" onClick={() => void endAll()} loading={endingAll}>
          Sign out everywhere
        </Button>
      }
    >
      {list.loading ? (
        <Loading label="Loading sessions…" />
      ) : list.error ? (
        <div className="card__body">
          <ErrorState error={list.error} onRetry={list.reload} />
        </div>
      ) : (
        <Table caption="Active sessions" columns={columns} rows={list.data ?? []} rowKey={(row) => row.id} empty={<EmptyState title="No active sessions" />} />
      )}
    </Card>
  );
}
